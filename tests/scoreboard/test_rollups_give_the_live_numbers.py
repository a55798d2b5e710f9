"""The daily rollups give the numbers the live count gives: for everyone, one person, a
team, over a period that runs into today (today counted live beside them); and they are not
used when a tier or a source narrows the scope, or the charter changed since they were
counted."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from scoreboard import board, rollups
from scoreboard.models import DailyCount, RollupSpan
from slaportal.charter.services import start_draft
from slaportal.org.models import Team

THURSDAY_9AM_NY = datetime(2026, 3, 5, 14, 0, tzinfo=UTC)
TUESDAY, WEDNESDAY, THURSDAY = date(2026, 3, 3), date(2026, 3, 4), date(2026, 3, 5)


@pytest.fixture
def thursday(day):
    with time_machine.travel(THURSDAY_9AM_NY, tick=False) as traveller:
        yield traveller


def _counts(first, last, **narrowing):
    scope = board.scope_of(first, last, **narrowing)
    metrics = board.metrics_of_period(scope)
    return {s.metric.code: (s.numerator, s.denominator) for s in board.scores(metrics, scope)}


def _people(org, whose):
    if whose == "a person":
        return board.people_of(person=org["sdr1"])
    if whose == "a team":
        return board.people_of(team=Team.objects.get(name="AE Team North America"))
    return None


@pytest.mark.parametrize("whose", ["everyone", "a person", "a team"])
def test_summed_rollups_are_the_live_counts(thursday, org, whose):
    people = _people(org, whose)
    live = _counts(TUESDAY, THURSDAY, people=people)

    span = rollups.refresh()

    assert (span.first_day <= TUESDAY, span.last_day) == (True, WEDNESDAY)
    assert DailyCount.objects.filter(day=TUESDAY).exists()
    assert _counts(TUESDAY, THURSDAY, people=people) == live


def test_today_is_counted_live_beside_the_rollups(thursday, org, post):
    rollups.refresh()
    accepted, mqls = _counts(TUESDAY, THURSDAY)["mql_to_sal_rate"]

    post(
        email="thursday@acme.example",
        external_id="map-thursday",
        occurred_at=THURSDAY_9AM_NY.isoformat(),
    )

    assert _counts(TUESDAY, THURSDAY)["mql_to_sal_rate"] == (accepted, mqls + 1)


def test_a_tier_a_source_or_another_charter_is_counted_live(thursday, org):
    rollups.refresh()
    DailyCount.objects.update(numerator=999, denominator=999)  # shows wherever they are used
    assert _counts(TUESDAY, TUESDAY)["mql_to_sal_rate"] == (999, 999)

    assert _counts(TUESDAY, TUESDAY, tier=1)["mql_to_sal_rate"] == (4, 6)
    assert _counts(TUESDAY, TUESDAY, source="demo_request")["mql_to_sal_rate"] == (4, 6)
    RollupSpan.objects.update(version=start_draft(org["revops"]))
    assert _counts(TUESDAY, TUESDAY)["mql_to_sal_rate"] == (4, 6)


def test_weekly_trends_from_the_rollups_are_the_grouped_live_ones(thursday, org):
    from scoreboard import trends

    def weekly():
        scope = board.scope_of(TUESDAY, THURSDAY)
        mondays = trends.weeks_ending(THURSDAY, 3)
        found = trends.weekly(board.metrics_of_period(scope), mondays, scope)
        return {
            code: [(s.numerator, s.denominator) for s in weeks] for code, weeks in found.items()
        }

    live = weekly()
    span = rollups.refresh()

    assert span.first_day <= trends.weeks_ending(THURSDAY, 3)[0]  # every week shown is held
    assert weekly() == live
