"""Every row of the default charter v1 is one the admin would accept.

The loader validates each row as it writes it (`full_clean`); read back from the database, every
row still passes. A swapped or mistyped value in one of v1's tables is refused at load, naming
the field, rather than written into the charter.
"""

import pytest
from django.core.exceptions import ValidationError

from slaportal.charter import default_v1
from slaportal.charter.models import (
    CONTENT_MODELS,
    CadencePlan,
    CadenceTouch,
    Definition,
    EscalationStep,
    HygieneTrigger,
    MqlCriterion,
    OpportunityStage,
    Policy,
    QualificationElement,
    ReasonCode,
    ReviewMeeting,
    ScoreboardMetric,
    ScoringModel,
    ScoringSignal,
    Subject,
    editing_as,
)
from slaportal.charter.services import ensure_default_calendar, start_draft
from slaportal.org.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(revops):
    return start_draft(revops, change_notes="Default charter")


def load(draft):
    with editing_as(draft.author):
        default_v1.load_default_charter(draft, ensure_default_calendar())


def test_every_row_of_v1_passes_the_admins_validation(draft):
    load(draft)
    refused = {}
    for model in CONTENT_MODELS:
        for row in model.objects.filter(version=draft).order_by("pk"):
            try:
                row.full_clean()
            except ValidationError as error:
                refused[f"{model.__name__} {row}"] = error.message_dict

    assert refused == {}
    assert {model: model.objects.filter(version=draft).count() for model in CONTENT_MODELS} == {
        Policy: len(default_v1.POLICIES),
        EscalationStep: sum(len(spec.steps) for spec in default_v1.POLICIES),
        HygieneTrigger: len(default_v1.HYGIENE_TRIGGERS),
        ReasonCode: len(default_v1.REASON_CODES),
        ScoringSignal: len(default_v1.SCORING_SIGNALS),
        ScoringModel: 1,
        MqlCriterion: len(default_v1.MQL_CRITERIA),
        QualificationElement: len(default_v1.QUALIFICATION),
        OpportunityStage: len(default_v1.STAGES),
        CadencePlan: len(default_v1.CADENCES),
        CadenceTouch: len(default_v1.CADENCE_TOUCHES),
        ScoreboardMetric: len(default_v1.SCOREBOARD),
        ReviewMeeting: len(default_v1.REVIEW_MEETINGS),
        Definition: len(default_v1.DEFINITIONS),
    }


def row_of(table: str, **key) -> dict:
    return next(
        row
        for row in getattr(default_v1, table)
        if all(row[name] == value for name, value in key.items())
    )


def policy_of(code: str) -> default_v1.PolicySpec:
    return next(spec for spec in default_v1.POLICIES if spec.code == code)


def refused_at_load(draft) -> dict:
    with pytest.raises(ValidationError) as refused:
        load(draft)
    return refused.value.message_dict


@pytest.mark.parametrize(
    ("table", "key", "changes", "field", "message"),
    [
        # Two fields swapped.
        (
            "CADENCE_TOUCHES",
            {"number": 1},
            {"day": "call", "channel": "Day 1 — immediate"},
            "channel",
            "not a valid choice",
        ),
        (
            "REASON_CODES",
            {"code": "REJ-05"},
            {"suppression": 90, "suppression_days": "days"},
            "suppression",
            "not a valid choice",
        ),
        (
            "SCORING_SIGNALS",
            {"code": "demo_request"},
            {"category": "Immediate Tier 1 trigger", "note": "high_intent"},
            "category",
            "not a valid choice",
        ),
        (
            "SCOREBOARD",
            {"code": "sla_breach_rate"},
            {"green_from": 15, "red_from": 5},
            "__all__",
            "metric_amber_band_between_green_and_red",
        ),
        # A mistyped choice.
        (
            "REASON_CODES",
            {"code": "AE-REJ-02"},
            {"target_state": "nurtre"},
            "target_state",
            "not a valid choice",
        ),
        (
            "QUALIFICATION",
            {"code": "metrics"},
            {"gate": "requird"},
            "gate",
            "not a valid choice",
        ),
        (
            "HYGIENE_TRIGGERS",
            {"code": "no_next_step"},
            {"alert_roles": ["ceo"]},
            "alert_roles",
            "from the portal's roles",
        ),
    ],
)
def test_a_swapped_or_mistyped_row_is_refused_at_load(
    draft, monkeypatch, table, key, changes, field, message
):
    row = row_of(table, **key)
    for name, value in changes.items():
        monkeypatch.setitem(row, name, value)

    assert message in " ".join(refused_at_load(draft)[field])


@pytest.mark.parametrize(
    ("code", "changes", "field", "message"),
    [
        (
            "sdr_first_touch_t1",
            {"subject": Role.SDR, "owner_role": Subject.LEAD},
            "owner_role",
            "not a valid choice",
        ),
        ("abx_inbound_demo", {"action": "demo_requst"}, "action", "not an intake action"),
        ("stage_2_eb_meeting", {"stage": "stage_9"}, "stage", "not a valid choice"),
    ],
)
def test_a_mistyped_policy_is_refused_at_load(draft, monkeypatch, code, changes, field, message):
    spec = policy_of(code)
    for name, value in changes.items():
        monkeypatch.setattr(spec, name, value)

    assert message in " ".join(refused_at_load(draft)[field])


def test_a_mistyped_escalation_step_is_refused_at_load(draft, monkeypatch):
    monkeypatch.setattr(policy_of("ae_first_touch").steps[1], "notify_roles", ["vp_sale"])

    assert "from the portal's roles" in " ".join(refused_at_load(draft)["notify_roles"])


def test_a_misspelt_field_is_refused_at_load(draft, monkeypatch):
    monkeypatch.setitem(row_of("HYGIENE_TRIGGERS", code="no_next_step"), "treshold", 7)

    with pytest.raises(TypeError, match="treshold"):
        load(draft)
