"""Every row of every table in the seed articles is in the default charter v1."""

import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from slaportal.charter.models import (
    CONTENT_MODELS,
    CharterVersion,
    OpportunityStage,
    Policy,
    ReasonCode,
    ScoreboardMetric,
    ScoringSignal,
)

pytestmark = pytest.mark.django_db

# The articles sit beside the project, in ../shared/seeds; SLAPORTAL_SEEDS points elsewhere.
SEEDS = Path(
    os.environ.get("SLAPORTAL_SEEDS", Path(__file__).resolve().parents[3] / "shared" / "seeds")
)
# A clone without the articles cannot compare against them: it says so in the summary.
needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"no seed articles at {SEEDS} (../shared/seeds is not in this clone)"
)

# A seed table is known by its header; each maps to the source prefix its rows cite in v1.
TABLES = {
    ("Trigger", "Owner(s)", "Time Standard", "Required Actions", "Primary KPI"): "000:catalog",
    ("Approach", "Scope", "Time Standards", "Pros", "Watchouts", "Best Fit"): "000:approaches",
    ("Criterion", "Definition", "Minimum Bar", "How Verified"): "002:mql",
    ("Tier", "Actions That Qualify", "What It Signals", "Score"): "002:tiers",
    ("SLA Item", "Obligation", "Target", "Owner"): "002:marketing",
    ("Code", "Reason", "Required Marketing Response"): "002:rejection",
    ("Action", "SDR Obligation", "SLA Window"): "002:sal",
    ("Touch", "Day", "Channel", "Objective", "Applies To"): "002:cadence",
    ("MEDDPIC Element", "SDR Must Confirm", "SQL Gate?", "If Not Confirmed"): "002:meddpic",
    ("SLA Item", "Target", "Owner", "Escalation Trigger"): "002:sql",
    ("Element", "Description", "Who", "When"): "002:handoff",
    ("Code", "Reason", "Required Action", "Reviewed By"): "002:ae_rejection",
    ("Stage", "Definition", "Max Age", "Next Action SLA", "Close Date Rule"): "002:stages",
    ("Trigger", "Condition", "Alert To", "Required Action", "Deadline"): "002:hygiene",
    ("Scenario", "Outcome", "Suppression Window", "Re-MQL Trigger", "Owner"): "002:recycle",
    ("Metric", "Definition", "Green", "Amber", "Red", "Cadence"): "002:scoreboard",
    ("Meeting", "Frequency", "Attendees", "Agenda", "Output"): "002:meetings",
    ("SLA Item", "Stage", "Owner", "Target", "Breach Threshold", "Escalation To"): "002:master",
    ("Category", "Signal", "Points", "Notes"): "002:appendix_b",
    ("Term", "Definition"): "002:glossary",
}
POINTS = re.compile(r"^[+−-]\d+$")
# The row under a table's header: |---|---| or ---|---|
SEPARATOR = re.compile(r"^\|?\s*-{3,}\s*\|")


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def seed_tables():
    """(file, header, rows) for every markdown table in the seeds."""
    for path in sorted(SEEDS.glob("*.txt")):
        lines = [*path.read_text().splitlines(), ""]
        separators = [index for index, line in enumerate(lines) if SEPARATOR.match(line)]
        for index in separators:
            rows = []
            # Rows run until a line without cells, or the header of the next table.
            for position in range(index + 1, len(lines) - 1):
                if "|" not in lines[position] or position + 1 in separators:
                    break
                rows.append(cells(lines[position]))
            yield path.name, tuple(cells(lines[index - 1])), rows


def row_key(table: str, row: list[str]) -> str:
    # Appendix B rows that continue a category omit it: the signal is then the first cell.
    if table == "002:appendix_b" and not POINTS.match(row[1]):
        return row[1]
    return row[0]


@pytest.fixture(scope="module")
def v1(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_demo", leads=0)
        version = CharterVersion.objects.active()
        sources = {
            cited.strip()
            for model in CONTENT_MODELS
            if any(field.name == "source" for field in model._meta.fields)
            for source in model.objects.filter(version=version).values_list("source", flat=True)
            for cited in source.split(";")
        }
        yield version, sources
        call_command("flush", interactive=False)


@needs_seeds
def test_every_seed_table_is_known():
    headers = [(name, header) for name, header, _ in seed_tables()]

    assert len(headers) == len(TABLES), headers
    assert {header for _, header in headers} == set(TABLES)


@needs_seeds
def test_every_row_of_every_seed_table_is_in_v1(v1):
    version, sources = v1
    missing = [
        f"{TABLES[header]} / {row_key(TABLES[header], row)}"
        for _, header, rows in seed_tables()
        for row in rows
        if f"{TABLES[header]} / {row_key(TABLES[header], row)}" not in sources
    ]

    assert version.number == 1
    assert version.state == "published"
    assert missing == []


@needs_seeds
def test_scoreboard_thresholds_are_the_seeds(v1):
    version, _ = v1
    table = next(rows for _, header, rows in seed_tables() if TABLES[header] == "002:scoreboard")
    for name, _definition, green, _amber, red, cadence in table:
        metric = ScoreboardMetric.objects.get(version=version, name=name)
        assert metric.green_from == Decimal(re.search(r"\d+", green).group()), name
        assert metric.red_from == Decimal(re.search(r"\d+", red).group()), name
        assert metric.cadence == cadence.lower(), name


@needs_seeds
def test_scoring_points_are_appendix_b(v1):
    version, _ = v1
    table = next(rows for _, header, rows in seed_tables() if TABLES[header] == "002:appendix_b")
    for row in table:
        key = row_key("002:appendix_b", row)
        points = int((row[1] if POINTS.match(row[1]) else row[2]).replace("−", "-"))
        signals = ScoringSignal.objects.filter(version=version, source__contains=f"/ {key}")
        assert signals.exists(), key
        assert {signal.points for signal in signals} == {points}, key


@needs_seeds
def test_stage_limits_and_close_date_rules_are_the_seeds(v1):
    version, _ = v1
    table = next(rows for _, header, rows in seed_tables() if TABLES[header] == "002:stages")
    for name, _definition, max_age, _next, close_rule in table:
        stage = OpportunityStage.objects.get(version=version, source__contains=name)
        assert stage.max_age_days == int(max_age.split()[0])
        within = re.search(r"within (\d+) days", close_rule)
        assert stage.close_within_days == (int(within.group(1)) if within else None)
        assert (
            Policy.objects.get(version=version, code=f"stage_age_{stage.code}").target_amount
            == stage.max_age_days
        )


def test_reason_code_consequences(v1):
    version, _ = v1
    codes = {code.code: code for code in ReasonCode.objects.filter(version=version)}

    assert (codes["REJ-06"].suppression, codes["REJ-06"].side_effect) == (
        "permanent",
        "suppress_domain",
    )
    assert codes["REJ-03"].side_effect == "do_not_route"
    assert codes["REJ-04"].side_effect == "route_to_account_team"
    assert (codes["AE-REJ-02"].suppression_days, codes["AE-REJ-02"].check_in_after_days) == (
        182,
        182,
    )
    assert {codes[code].target_state for code in ("AE-REJ-01", "AE-REJ-03", "AE-REJ-04")} == {"sal"}
    assert codes["AE-REJ-05"].side_effect == "revops_arbitration"
    assert codes["RCY-01"].suppression_days == 90
    assert codes["RCY-04"].suppression == "until_enriched"


def test_tiered_response_clocks(v1):
    version, _ = v1
    policies = {policy.code: policy for policy in Policy.objects.filter(version=version)}

    tier1 = policies["sdr_first_touch_t1"]
    assert (tier1.target_amount, tier1.target_unit) == (5, "business_minutes")
    assert (tier1.breach_amount, tier1.breach_unit) == (2, "business_hours")
    assert (tier1.after_hours_rule, tier1.after_hours_amount) == ("after_next_open", 30)
    assert str(policies["sdr_first_touch_t2"].after_hours_by) == "10:00:00"
    ladder = policies["ae_first_touch"].escalation_steps.order_by("order")
    assert [step.notify_roles for step in ladder] == [["ae_manager"], ["vp_sales"]]
    assert all(policy.calendar for policy in policies.values())
