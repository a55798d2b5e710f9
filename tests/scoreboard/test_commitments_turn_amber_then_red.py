"""The weekly commitment review on the hand-counted week of Monday 2 March, then on the next:
amber asks the owning team for a root cause within 48 hours; red, or amber two weeks running,
takes it to VP Sales, VP Marketing and the CRO (RevOps facilitating)."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from escalations.models import Notification
from leads.models import Lead
from leads.services import touches
from scoreboard import commitments, tasks
from scoreboard.models import CommitmentMiss
from tests.scoreboard.conftest import MONDAY_6AM_NY, WEEK_1

WEEK_2 = date(2026, 3, 9)
NEXT_MONDAY_6AM_NY = datetime(2026, 3, 16, 10, 0, tzinfo=UTC)
TUESDAY_10AM_NY = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)  # after the DST change


def _people(related) -> set[str]:
    return set(related.values_list("username", flat=True))


def test_amber_asks_the_team_for_a_root_cause_in_48_hours(week_1):
    miss = week_1["mql_response_t1"]

    assert (miss.status, miss.level, miss.numerator, miss.denominator) == (
        "amber",
        "root_cause",
        4,
        6,
    )
    assert _people(miss.requested_from) == {"vpsales", "sdrmgr", "aemgr"}
    assert _people(miss.escalated_to) == set()
    assert miss.due_at == MONDAY_6AM_NY + timedelta(hours=48)
    told = Notification.objects.filter(topic=f"commitment:{miss.pk}:root-cause", channel="in_app")
    assert set(told.values_list("recipient__username", flat=True)) == {"vpsales", "sdrmgr", "aemgr"}
    assert told.first().link == f"/scoreboard/commitments/{miss.pk}/"


def test_red_goes_to_leadership_at_once(week_1):
    miss = week_1["sql_acceptance_rate"]

    assert (miss.status, miss.level) == ("red", "leadership")
    assert _people(miss.escalated_to) == {"vpsales", "vpmarketing", "cro", "revops"}


def test_marketings_misses_go_to_marketing(week_1):
    assert _people(week_1["mql_quality_rate"].requested_from) == {"vpmarketing", "mops"}


def test_green_and_empty_metrics_ask_nothing(week_1):
    assert {"sal_to_sql_conversion", "sql_to_opportunity_rate", "mql_response_t2"}.isdisjoint(
        week_1
    )


def test_reviewing_the_week_again_records_and_tells_nothing_new(week_1):
    notices = Notification.objects.count()
    with time_machine.travel(MONDAY_6AM_NY + timedelta(minutes=5), tick=False):
        commitments.review_week(WEEK_1)

    assert CommitmentMiss.objects.count() == len(week_1)
    assert Notification.objects.count() == notices


def test_amber_two_weeks_running_escalates(week_1, post, org):
    # Week 2: five Tier 1 MQLs, four touched within 5 minutes — 80 %, amber again.
    with time_machine.travel(TUESDAY_10AM_NY, tick=False) as clock:
        for n in range(5):
            post(
                email=f"w2-{n}@acme.example",
                external_id=f"w2-{n}",
                occurred_at=TUESDAY_10AM_NY.isoformat(),
            )
        clock.shift(timedelta(minutes=2))
        for lead in Lead.objects.filter(email__startswith="w2-").order_by("email")[:4]:
            touches.log_activity(
                lead, lead.owner, channel="call", outcome="no_answer", occurred_at=None
            )
    with time_machine.travel(NEXT_MONDAY_6AM_NY, tick=False):
        tasks.review_commitments()
    again = CommitmentMiss.objects.get(code="mql_response_t1", week=WEEK_2)

    assert (again.status, again.value, again.level) == ("amber", 80, "leadership")
    assert again.why.endswith("after amber the week before")
    assert _people(again.escalated_to) == {"vpsales", "vpmarketing", "cro", "revops"}


def test_the_team_records_root_cause_and_corrective_action(week_1, org):
    miss = week_1["mql_response_t1"]
    answered = commitments.record_root_cause(
        miss,
        org["sdrmgr"],
        root_cause="Two SDRs out sick on Tuesday; the on-call rota was not used.",
        corrective_action="On-call SDR covers Tier 1 whenever the team is under two.",
    )

    assert (answered.answered_by, answered.answered_at is not None) == (org["sdrmgr"], True)


def test_someone_not_asked_may_not_answer_and_nothing_changes(week_1, org):
    miss = week_1["mql_response_t1"]
    with pytest.raises(PermissionDenied):
        commitments.record_root_cause(miss, org["sdr1"], root_cause="x", corrective_action="y")
    with pytest.raises(ValidationError):
        commitments.record_root_cause(miss, org["sdrmgr"], root_cause=" ", corrective_action="y")

    miss.refresh_from_db()
    assert (miss.root_cause, miss.answered_at) == ("", None)


def test_leadership_records_the_remediation_meeting(week_1, org):
    red, amber = week_1["sql_acceptance_rate"], week_1["mql_response_t1"]
    meeting = datetime(2026, 3, 11, 15, 0, tzinfo=UTC)

    done = commitments.record_remediation(
        red, org["cro"], meeting_at=meeting, remediation="AE acceptance rota; review in 2 weeks."
    )
    assert (done.meeting_at, done.remediated_by) == (meeting, org["cro"])
    with pytest.raises(PermissionDenied):
        commitments.record_remediation(amber, org["cro"], meeting_at=meeting, remediation="x")


def test_a_remediation_meeting_without_a_time_zone_is_refused(week_1, org):
    red = week_1["sql_acceptance_rate"]
    with pytest.raises(ValidationError):
        commitments.record_remediation(
            red,
            org["cro"],
            meeting_at=datetime(2026, 3, 11, 10, 0),  # noqa: DTZ001  (the naive one refused)
            remediation="A rota.",
        )

    red.refresh_from_db()
    assert (red.remediation, red.remediated_at) == ("", None)
