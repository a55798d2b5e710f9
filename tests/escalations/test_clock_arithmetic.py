"""The clock arithmetic on its own (no database): deadlines, outcomes, pauses credited back in
business time, and the replay of one subject's events."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from escalations import clockwork as cw
from slaportal.businesstime import BusinessCalendar

NY = ZoneInfo("America/New_York")
OFFICE = BusinessCalendar(
    "America/New_York", {day: [(time(8), time(18))] for day in range(5)}, country="US"
)
TUESDAY_10 = datetime(2026, 3, 3, 10, tzinfo=NY)


def ny(*args):
    return datetime(*args, tzinfo=NY)


TIER_1 = cw.Rules(
    start_events=frozenset({"lead.routed"}),
    stop_events=frozenset({"lead.activity_logged"}),
    target=cw.Duration(5, "business_minutes"),
    breach=cw.Duration(2, "business_hours"),
    steps=(cw.Step(1, cw.Duration(0, "minutes"), cw.Reference.BREACH),),
    lead_tier=1,
)


@pytest.mark.parametrize(
    ("stopped", "status"),
    [
        (ny(2026, 3, 3, 10, 5), "met"),  # at the target is in time
        (ny(2026, 3, 3, 10, 40), "missed"),
        (ny(2026, 3, 3, 12, 0), "breached"),
    ],
)
def test_a_stop_decides_the_outcome(stopped, status):
    assert cw.start(TIER_1, OFFICE, TUESDAY_10).stop(stopped).status == status


def test_items_fall_due_in_order_and_each_once():
    course = cw.start(TIER_1, OFFICE, TUESDAY_10)

    assert cw.schedule(TIER_1, course.due, OFFICE) == [
        (ny(2026, 3, 3, 10, 5), "target"),
        (ny(2026, 3, 3, 12, 0), "breach"),
        (ny(2026, 3, 3, 12, 0), "step:1"),
    ]
    for _, item in course.pending(TIER_1, OFFICE):
        course = course.record(item, TIER_1)
    assert course.status == "breached"
    assert course.pending(TIER_1, OFFICE) == []


def test_a_pause_is_credited_back_in_business_time():
    rules = cw.Rules(
        start_events=frozenset({"start"}),
        stop_events=frozenset({"stop"}),
        target=cw.Duration(4, "business_hours"),
        breach=cw.Duration(2, "days"),
    )
    course = cw.start(rules, OFFICE, TUESDAY_10).pause(ny(2026, 3, 3, 11))
    assert course.pending(rules, OFFICE) == []  # nothing falls due while paused

    # Paused 11:00 Tuesday to 11:00 Wednesday: 10 business hours, 24 wall hours.
    resumed = course.resume(ny(2026, 3, 4, 11), rules, OFFICE)

    assert resumed.status == "running"
    assert resumed.due.target_at == ny(2026, 3, 4, 14)  # 3 business hours still to go
    assert resumed.due.breach_at == ny(2026, 3, 6, 10)  # two calendar days, plus one


def test_a_target_without_a_breach_is_missed_when_it_passes():
    rules = cw.Rules(
        start_events=frozenset({"start"}),
        stop_events=frozenset({"stop"}),
        target=cw.Duration(0, "same_business_day"),
    )
    course = cw.start(rules, OFFICE, TUESDAY_10)

    assert course.due.target_at == ny(2026, 3, 3, 18)
    assert course.record("target", rules).status == "missed"
    assert course.record("target", rules).stop(ny(2026, 3, 3, 17)).status == "met"  # posted late


def test_the_replay_of_one_leads_events():
    events = [
        cw.Happening("lead.routed", ny(2026, 3, 3, 10), {"tier": 1}),
        cw.Happening("lead.activity_logged", ny(2026, 3, 3, 10, 3)),
        cw.Happening("lead.routed", ny(2026, 3, 4, 9), {"tier": 2}),  # not Tier 1: no clock
        cw.Happening("lead.routed", ny(2026, 3, 5, 9), {"tier": 1}),
    ]

    clocks = cw.run(TIER_1, OFFICE, events, until=ny(2026, 3, 5, 12))

    assert [(c.started_at, c.status) for c in clocks] == [
        (ny(2026, 3, 3, 10), "met"),
        (ny(2026, 3, 5, 9), "breached"),
    ]
    assert clocks[1].stopped_at is None
    assert clocks[1].done == ("target", "breach", "step:1")


def test_the_replay_cancels_a_clock_when_the_subject_leaves_the_flow():
    events = [
        cw.Happening("lead.routed", ny(2026, 3, 3, 10), {"tier": 1}),
        cw.Happening("lead.disqualified", ny(2026, 3, 3, 10, 1)),
    ]

    (clock,) = cw.run(
        TIER_1, OFFICE, events, until=ny(2026, 3, 4), ends_flow=frozenset({"lead.disqualified"})
    )

    assert (clock.status, clock.stopped_at) == ("cancelled", ny(2026, 3, 3, 10, 1))
