"""The weekly commitment review (001's escalation framework), run by beat every Monday for the
week before, and the records of root cause, corrective action and remediation it asks for.

Green: nothing to do. Amber (the seeds' yellow): the team that owns the commitment gives the
root cause and a corrective action within 48 hours. Red, or amber two weeks running: VP Sales,
VP Marketing and the CRO meet to agree a remediation (RevOps facilitates). The review is safe
to run twice: one record per metric and week, and its notices are told once.
"""

from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from escalations import outbox
from slaportal import company
from slaportal.charter.models import ScoreboardMetric, Side
from slaportal.org.models import User
from slaportal.org.roles import Role

from . import board
from .models import CommitmentMiss

ANSWER_WITHIN = timedelta(hours=48)
MAX_TEXT = 4000
# How far back a metric looks when its week is judged: its cadence's own span, ending then.
LOOK_BACK = {
    ScoreboardMetric.Cadence.DAILY: timedelta(days=0),
    ScoreboardMetric.Cadence.WEEKLY: timedelta(days=0),
    ScoreboardMetric.Cadence.MONTHLY: timedelta(weeks=3),
    ScoreboardMetric.Cadence.QUARTERLY: timedelta(weeks=12),
}
TEAM_LEADERS = {
    Side.MARKETING: (Role.VP_MARKETING, Role.MARKETING_OPS),
    Side.SALES: (Role.VP_SALES, Role.SDR_MANAGER, Role.AE_MANAGER),
    Side.SHARED: (Role.VP_MARKETING, Role.MARKETING_OPS, Role.VP_SALES, Role.SDR_MANAGER),
}
# 001: "Both leaders (VP Sales and VP Marketing) meet with the CFO / Chief Revenue Officer";
# 002: review meetings are facilitated by RevOps or the CRO.
LEADERSHIP = (Role.VP_SALES, Role.VP_MARKETING, Role.CRO, Role.REVOPS)
# Who may record a miss's root cause besides the people asked: the facilitators and leaders.
OVERSEERS = (Role.REVOPS, Role.CRO, Role.VP_SALES, Role.VP_MARKETING)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def last_week() -> date:
    return monday_of(company.today()) - timedelta(weeks=1)


def window(metric: ScoreboardMetric, monday: date) -> tuple[date, date]:
    """The business dates a metric is judged on for the week starting `monday`."""
    return monday - LOOK_BACK[metric.cadence], monday + timedelta(days=6)


def week_scores(monday: date) -> list[board.Score]:
    """Every metric of the charter in force at the week's end, each over its window."""
    _, end = board.period(monday, monday + timedelta(days=6))
    metrics = board.metrics_in_force(at=end - timedelta(microseconds=1))
    by_window: dict[tuple[date, date], list] = {}
    for metric in metrics:
        by_window.setdefault(window(metric, monday), []).append(metric)
    found = {}
    for (first, last), some in by_window.items():
        for score in board.scores(some, board.scope_of(first, last)):
            found[score.metric.code] = score
    return [found[metric.code] for metric in metrics]


def review_week(monday: date) -> list[CommitmentMiss]:
    """Judge the week starting `monday`: a record, a request and (when it is due) an
    escalation for each commitment that was not green. Returns the week's misses."""
    monday = monday_of(monday)
    earlier = dict(
        CommitmentMiss.objects.filter(week=monday - timedelta(weeks=1)).values_list(
            "code", "status"
        )
    )
    for score in week_scores(monday):
        if score.status in (board.AMBER, board.RED):
            _record(score, monday, earlier.get(score.metric.code))
    return list(CommitmentMiss.objects.filter(week=monday))


def _record(score: board.Score, monday: date, last_weeks: str | None) -> None:
    metric, now = score.metric, timezone.now()
    leadership = score.status == board.RED or last_weeks is not None
    why = f"{score.status} at {score.value} % ({score.numerator} of {score.denominator})"
    if score.status == board.AMBER and last_weeks is not None:
        why += f", after {last_weeks} the week before"
    try:
        with transaction.atomic():
            miss = CommitmentMiss.objects.create(
                code=metric.code,
                name=metric.name,
                side=metric.owner,
                week=monday,
                version_id=metric.version_id,
                status=score.status,
                numerator=score.numerator,
                denominator=score.denominator,
                value=score.value,
                level=CommitmentMiss.Level.LEADERSHIP
                if leadership
                else CommitmentMiss.Level.ROOT_CAUSE,
                why=why,
                due_at=now + ANSWER_WITHIN,
            )
            team = holders(TEAM_LEADERS[metric.owner])
            miss.requested_from.set(team)
            leaders = holders(LEADERSHIP) if leadership else []
            miss.escalated_to.set(leaders)
            _tell(miss, team, leaders)
    except IntegrityError:  # another run of the review recorded it first
        return


def holders(roles) -> list[User]:
    return list(User.objects.filter(groups__name__in=[r.label for r in roles], is_active=True))


def _tell(miss: CommitmentMiss, team: list[User], leaders: list[User]) -> None:
    link = reverse("scoreboard-commitment", args=[miss.pk])
    due = timezone.localtime(miss.due_at, company.time_zone())
    week = f"the week of {miss.week:%a %-d %b}"
    outbox.tell(
        f"commitment:{miss.pk}:root-cause",
        team,
        f"{miss.name}: {miss.status} in {week} — root cause needed",
        f"{miss.name} was {miss.why}. Please record the root cause and a corrective action "
        f"by {due:%a %-d %b %H:%M}. No blame: what happened, and what we change.",
        link=link,
    )
    if leaders:
        outbox.tell(
            f"commitment:{miss.pk}:leadership",
            leaders,
            f"{miss.name}: {miss.status} in {week} — remediation meeting",
            f"{miss.name} was {miss.why}. VP Sales, VP Marketing and the CRO meet to agree a "
            "remediation: resources, targets, definitions, tooling or training.",
            link=link,
        )


def may_answer(person, miss: CommitmentMiss) -> bool:
    return (
        person.is_superuser
        or person.role in OVERSEERS
        or miss.requested_from.filter(pk=person.pk).exists()
    )


def may_remediate(person, miss: CommitmentMiss) -> bool:
    return miss.level == CommitmentMiss.Level.LEADERSHIP and (
        person.is_superuser
        or person.role == Role.REVOPS
        or miss.escalated_to.filter(pk=person.pk).exists()
    )


def _text(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: "Say it in a sentence or two."})
    if len(value) > MAX_TEXT:
        raise ValidationError({field: f"At most {MAX_TEXT} characters."})
    return value


@transaction.atomic
def record_root_cause(
    miss: CommitmentMiss, person, *, root_cause: str, corrective_action: str
) -> CommitmentMiss:
    miss = CommitmentMiss.objects.select_for_update().get(pk=miss.pk)
    if not may_answer(person, miss):
        raise PermissionDenied("The root cause is for the team asked, RevOps and the leaders.")
    miss.root_cause = _text(root_cause, "root_cause")
    miss.corrective_action = _text(corrective_action, "corrective_action")
    miss.answered_at, miss.answered_by = timezone.now(), person
    miss.save()
    return miss


@transaction.atomic
def record_remediation(
    miss: CommitmentMiss, person, *, meeting_at: datetime, remediation: str
) -> CommitmentMiss:
    miss = CommitmentMiss.objects.select_for_update().get(pk=miss.pk)
    if not may_remediate(person, miss):
        raise PermissionDenied("The remediation is for the leaders it was escalated to.")
    if meeting_at.tzinfo is None:
        raise ValidationError({"meeting_at": "Needs a time zone."})
    miss.meeting_at, miss.remediation = meeting_at, _text(remediation, "remediation")
    miss.remediated_at, miss.remediated_by = timezone.now(), person
    miss.save()
    return miss


def misses_of(monday: date):
    return CommitmentMiss.objects.filter(week=monday).prefetch_related(
        "requested_from", "escalated_to"
    )


def team_colour(side: str, monday: date, misses) -> str:
    """A team's colour for a week: red if any of its commitments was, else amber if any was,
    else green."""
    colours = {miss.status for miss in misses if miss.side == side and miss.week == monday}
    return board.RED if board.RED in colours else board.AMBER if colours else board.GREEN
