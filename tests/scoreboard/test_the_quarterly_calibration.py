"""The quarterly SLA calibration pack: each metric's weeks over the quarter and what they say of
its target (001: raise a target green every week, question one missed every week), what each
source became down to won and lost deals, by default the last full fiscal quarter; printable and
as CSV."""

import csv
import io
import re
from datetime import UTC, date, datetime

import pytest
import time_machine

from pipeline import services as pipeline
from pipeline.models import Opportunity
from scoreboard import board, calibration
from slaportal.charter.models import CharterVersion
from tests.scoreboard.conftest import at

WEEK_OF_THE_DAY = "from=2026-03-02&to=2026-03-08"
WEDNESDAY_15_APRIL_NY = datetime(2026, 4, 15, 14, 0, tzinfo=UTC)


@pytest.fixture
def revops(client, org, measured):
    client.force_login(org["revops"])
    return client


def _suggestions(page: str) -> dict[str, str]:
    rows = re.findall(
        r"<tr>\s*<td>([^<]+)</td>.*?data-testid=\"suggestion\">([^<]*)</td>", page, re.S
    )
    return dict(rows)


def test_each_metric_says_what_its_weeks_say_of_its_target(revops):
    page = revops.get(f"/scoreboard/calibration/?{WEEK_OF_THE_DAY}").content.decode()
    suggestions = _suggestions(page)

    assert suggestions["Routing speed"] == "Green every week: raise the target?"
    assert suggestions["MQL to SAL Rate"] == (
        "Below target every week: is the target unrealistic, or is it execution?"
    )
    assert suggestions["MQL Response — Tier 2"] == "No data in the quarter: is it measured?"
    assert "1 green, 0 amber, 0 red" in page


def test_a_target_met_some_weeks_and_missed_others_is_left_alone(org):
    metric = CharterVersion.objects.active().scoreboard_metrics.get(code="mql_to_sal_rate")
    green, amber, red, none_met = (board.Score(metric, n, 100) for n in (90, 70, 10, 0))
    quarter = board.Score(metric, 170, 300)

    def review(*weeks):
        return calibration.Review(quarter, list(weeks), [date(2026, 1, 5)] * len(weeks))

    mixed = review(green, amber, board.Score(metric, 0, 0))
    assert (mixed.suggestion, mixed.judged) == ("", 2)
    assert review(green, green).suggestion.startswith("Green every week")
    assert review(amber, red, none_met).suggestion.startswith("Below target")


def test_what_each_source_became_down_to_the_deals_won_and_lost(revops, day):
    deal = Opportunity.objects.get(lead=day["b"])
    with at(300):
        pipeline.lose(deal, deal.owner, reason_code="WL-TIMING", feedback="Budget moved")

    page = revops.get(f"/scoreboard/calibration/?{WEEK_OF_THE_DAY}").content.decode()
    sources = re.search(r'data-testid="sources">.*?</table>', page, re.S).group(0)
    cells = re.findall(r"<td>([^<]*)</td>", sources)

    # a–f: six demo requests, four accepted, two SQLs, both opportunities; b's deal lost.
    assert cells == ["demo_request", "6", "4 (66.7 %)", "2", "2 (33.3 %)", "0 / 1", "0.0 %"]


def test_by_default_the_last_full_fiscal_quarter(client, org, day, settings):
    client.force_login(org["vpsales"])
    with time_machine.travel(WEDNESDAY_15_APRIL_NY, tick=False):
        page = client.get("/scoreboard/calibration/").content.decode()
        assert "Thu 1 Jan – Tue 31 Mar 2026" in page
        targets = re.search(r'data-testid="targets">.*?</table>', page, re.S).group(0)
        routing = re.search(r"Routing speed.*?</tr>", targets, re.S).group(0)
        assert routing.count('class="chip ') == 1 + 14  # the quarter's, and its 14 weeks'

        settings.FISCAL_YEAR_START_MONTH = 2  # quarters Feb–Apr, May–Jul, Aug–Oct, Nov–Jan
        assert calibration.last_full_quarter(date(2026, 4, 15)) == (
            date(2025, 11, 1),
            date(2026, 1, 31),
        )


def test_the_metrics_download_as_csv(revops):
    response = revops.get(f"/scoreboard/calibration/?{WEEK_OF_THE_DAY}&_export=calibration")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))

    routing = next(row for row in rows if row["Metric"] == "Routing speed")
    assert (routing["Quarter (%)"], routing["Colour"], routing["Weeks green"]) == (
        "100.0",
        "green",
        "1",
    )
    assert routing["Target"] == "Green every week: raise the target?"
    assert len(rows) == len(board.metrics_in_force())


def test_the_quarter_of_a_day_follows_the_fiscal_year(settings):
    from slaportal import company

    assert company.quarter_start(date(2026, 5, 20)) == date(2026, 4, 1)
    settings.FISCAL_YEAR_START_MONTH = 2
    assert [company.quarter_start(date(2026, m, 1)) for m in (1, 2, 4, 5, 12)] == [
        date(2025, 11, 1),
        date(2026, 2, 1),
        date(2026, 2, 1),
        date(2026, 5, 1),
        date(2026, 11, 1),
    ]


def test_a_scope_of_another_source_leaves_out_the_days_deals(revops, day):
    deal = Opportunity.objects.get(lead=day["b"])
    with at(300):
        pipeline.lose(deal, deal.owner, reason_code="WL-TIMING", feedback="Budget moved")

    for narrowing in ("source=webinar_live", "tier=2"):
        page = revops.get(f"/scoreboard/calibration/?{WEEK_OF_THE_DAY}&{narrowing}")
        sources = re.search(r'data-testid="sources">.*?</table>', page.content.decode(), re.S)
        assert "No MQLs and no deals closed in the period." in sources.group(0), narrowing
