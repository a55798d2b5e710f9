"""The daily rollups give the numbers the live count gives: for everyone, one person, a
team, one lead tier, one source, a tier and a source, over a period that runs into today (today
counted live beside them); and they are not used for people narrowed by a tier or a source, or
when the charter changed since they were counted."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from leads.models import Lead
from leads.services import lifecycle, touches
from scoreboard import board, rollups
from scoreboard.models import DailyCount, RollupSpan
from slaportal.charter.services import start_draft
from slaportal.org.models import Team
from tests.scoreboard.conftest import DAY, at

THURSDAY_9AM_NY = datetime(2026, 3, 5, 14, 0, tzinfo=UTC)
TUESDAY, WEDNESDAY, THURSDAY = date(2026, 3, 3), date(2026, 3, 4), date(2026, 3, 5)


@pytest.fixture
def other_leads(day, post):
    """Beside the day's six Tier 1 demo requests: a Tier 2 MQL (its third Tier-2 action, a live
    webinar) touched and accepted, and a Tier 1 Contact Sales MQL left alone."""
    tier_2 = {"email": "gil@hooli.example", "external_id": None}
    with at(90):
        for minutes, action in enumerate(["roi_calculator", "competitor_page", "webinar_live"]):
            occurred_at = (DAY + timedelta(minutes=80 + minutes)).isoformat()
            post(**tier_2, action=action, occurred_at=occurred_at)
        post(email="hal@wonka.example", external_id="map-hal", action="contact_sales")
    second = Lead.objects.get(email=tier_2["email"])
    with at(100):
        touches.log_activity(
            second, second.owner, channel="call", outcome="connected", occurred_at=None
        )
        lifecycle.transition(second, "accept", second.owner)
    assert (second.tier, second.qualifying_action) == (2, "webinar_live")


@pytest.fixture
def thursday(other_leads):
    with time_machine.travel(THURSDAY_9AM_NY, tick=False) as traveller:
        yield traveller


def _counts(first, last, **narrowing):
    scope = board.scope_of(first, last, **narrowing)
    metrics = board.metrics_of_period(scope)
    return {s.metric.code: (s.numerator, s.denominator) for s in board.scores(metrics, scope)}


SCOPES = {
    "everyone": lambda org: {},
    "a person": lambda org: {"people": board.people_of(person=org["sdr1"])},
    "a team": lambda org: {
        "people": board.people_of(team=Team.objects.get(name="AE Team North America"))
    },
    "Tier 1": lambda org: {"tier": 1},
    "Tier 2": lambda org: {"tier": 2},
    "a source": lambda org: {"source": "webinar_live"},
    "a tier and a source": lambda org: {"tier": 1, "source": "contact_sales"},
}


@pytest.mark.parametrize("whose", SCOPES)
def test_summed_rollups_are_the_live_counts(thursday, org, whose):
    narrowing = SCOPES[whose](org)
    live = _counts(TUESDAY, THURSDAY, **narrowing)

    span = rollups.refresh()

    assert (span.first_day <= TUESDAY, span.last_day) == (True, WEDNESDAY)
    assert DailyCount.objects.filter(day=TUESDAY).exists()
    assert _counts(TUESDAY, THURSDAY, **narrowing) == live


def test_a_tier_or_a_source_counts_only_its_leads(thursday, org):
    rollups.refresh()

    everyone, tier_2 = _counts(TUESDAY, TUESDAY), _counts(TUESDAY, TUESDAY, tier=2)
    webinar = _counts(TUESDAY, TUESDAY, source="webinar_live")
    tier_1 = _counts(TUESDAY, TUESDAY, tier=1)
    assert (everyone["mql_to_sal_rate"], tier_1["mql_to_sal_rate"]) == ((5, 8), (4, 7))
    assert tier_2["mql_to_sal_rate"] == webinar["mql_to_sal_rate"] == (1, 1)
    assert tier_2["mql_live_contact_rate"] == (1, 1)
    # Its own policy's clock, and none of Tier 1's.
    assert tier_2["mql_response_t2"][1] == 1
    assert tier_2["mql_response_t1"] == (0, 0)


def test_today_is_counted_live_beside_the_rollups(thursday, org, post):
    rollups.refresh()
    accepted, mqls = _counts(TUESDAY, THURSDAY)["mql_to_sal_rate"]

    post(
        email="thursday@acme.example",
        external_id="map-thursday",
        occurred_at=THURSDAY_9AM_NY.isoformat(),
    )

    assert _counts(TUESDAY, THURSDAY)["mql_to_sal_rate"] == (accepted, mqls + 1)


def _rolled_up(counts) -> bool:
    """Whether `counts` came from the rollups as marked below: 0 of 999 a row."""
    numerator, denominator = counts
    return numerator == 0 and denominator > 0 and denominator % 999 == 0


def test_people_of_a_tier_or_another_charter_are_counted_live(thursday, org):
    rollups.refresh()
    DailyCount.objects.update(numerator=0, denominator=999)  # shows wherever they are used
    assert _rolled_up(_counts(TUESDAY, TUESDAY)["mql_to_sal_rate"])
    assert _rolled_up(_counts(TUESDAY, TUESDAY, tier=1, source="demo_request")["mql_to_sal_rate"])

    sdr1 = board.people_of(person=org["sdr1"])
    assert _counts(TUESDAY, TUESDAY, tier=1, people=sdr1)["mql_to_sal_rate"] == (
        2,
        3,
    )  # a, c of a, c, e
    webinar = _counts(TUESDAY, TUESDAY, source="webinar_live", people=sdr1)
    assert webinar["mql_to_sal_rate"] == (1, 1)
    RollupSpan.objects.update(version=start_draft(org["revops"]))
    assert _counts(TUESDAY, TUESDAY)["mql_to_sal_rate"] == (5, 8)


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
