"""What the SLA engine watches, compiled from a published charter version.

Every active policy is a watch; so is every time-based hygiene trigger (no next step, no
activity, stage age), which the charter states as a metric and a threshold rather than as
events. A trigger that fires opens an escalation with its own deadline for the required action:
an "action" watch, met when the action is logged or the breach resolved. Published versions
never change, so each version is compiled once per process.
"""

from dataclasses import dataclass
from functools import cache

from slaportal.charter.models import (
    BusinessCalendar,
    CharterVersion,
    EscalationStep,
    HygieneTrigger,
    OpportunityStage,
    Policy,
)
from slaportal.events import Event
from slaportal.org.roles import Role

from . import clockwork as cw

# The events on which a subject leaves the flow: its clocks still open are cancelled.
ENDS_FLOW = frozenset(
    {Event.LEAD_REJECTED, Event.LEAD_RECYCLED, Event.LEAD_DISQUALIFIED, Event.OPPORTUNITY_CLOSED}
)

# The time-based hygiene metrics, as clock rules: what starts the count and what stops it.
_METRIC_EVENTS = {
    HygieneTrigger.Metric.NO_NEXT_STEP: (
        {Event.OPPORTUNITY_OPENED, Event.OPPORTUNITY_NEXT_STEP_LOGGED},
        {Event.OPPORTUNITY_NEXT_STEP_LOGGED, Event.OPPORTUNITY_CLOSED},
        "days",
    ),
    HygieneTrigger.Metric.NO_ACTIVITY: (
        {Event.OPPORTUNITY_OPENED, Event.OPPORTUNITY_ACTIVITY_LOGGED},
        {Event.OPPORTUNITY_ACTIVITY_LOGGED, Event.OPPORTUNITY_CLOSED},
        "business_days",
    ),
    HygieneTrigger.Metric.STAGE_AGE: (
        {Event.OPPORTUNITY_STAGE_ENTERED},
        {Event.OPPORTUNITY_STAGE_LEFT, Event.OPPORTUNITY_CLOSED},
        "days",
    ),
}
# What logs a trigger's required action (besides resolving its breach with a root cause).
_ACTION_LOGGED_BY = {
    HygieneTrigger.Metric.NO_NEXT_STEP: {Event.OPPORTUNITY_NEXT_STEP_LOGGED},
    HygieneTrigger.Metric.NO_ACTIVITY: {
        Event.OPPORTUNITY_ACTIVITY_LOGGED,
        Event.OPPORTUNITY_STAGE_ENTERED,
    },
    HygieneTrigger.Metric.STAGE_AGE: {Event.OPPORTUNITY_STAGE_LEFT},
    HygieneTrigger.Metric.CLOSE_DATE_PUSHES: set(),
    HygieneTrigger.Metric.AMOUNT_CHANGE: set(),
}


@dataclass(frozen=True)
class Notice:
    """Who is told when an item falls due: an escalation step's roles."""

    order: int
    roles: tuple[str, ...]
    action: str = ""


@dataclass(frozen=True)
class Watch:
    """A policy or hygiene trigger as the engine runs it."""

    key: str  # "policy:<pk>", "trigger:<pk>[:<stage>]" or "action:<pk>"
    code: str  # one open clock per code and subject
    name: str
    subject: str
    owner_role: str
    rules: cw.Rules
    calendar_id: int
    concern: str  # open breaches of one concern on one subject are one notice
    notices: tuple[Notice, ...] = ()
    policy_id: int | None = None
    trigger_id: int | None = None

    def notice(self, order: int) -> Notice:
        return next(notice for notice in self.notices if notice.order == order)

    def owner_in(self, data: dict) -> int | None:
        """Whose clock it is, from the event's context: the AE for an AE's clock of a lead,
        else the subject's owner (the SDR of a lead, the AE of a deal or account)."""
        if self.subject == "lead" and self.owner_role == Role.AE:
            return data.get("ae")
        if self.subject == "account" and self.owner_role != Role.AE:
            return None
        return data.get("owner")


@dataclass(frozen=True)
class Compiled:
    """One version's watches, by the events that start them and by key."""

    by_key: dict[str, Watch]
    starting_on: dict[str, tuple[Watch, ...]]
    event_triggers: tuple[HygieneTrigger, ...]
    action_watches: dict[int, Watch]  # by trigger pk

    def changing_events(self) -> frozenset[str]:
        """The events that stop, pause or resume some clock of this version."""
        return frozenset().union(
            *(
                (w.rules.stop_events | w.rules.pause_events | w.rules.resume_events)
                for w in self.by_key.values()
            )
        )


def _duration(amount, unit) -> cw.Duration | None:
    return cw.Duration(amount, unit) if unit else None


def policy_rules(policy: Policy, steps: list[EscalationStep]) -> cw.Rules:
    return cw.Rules(
        start_events=frozenset(policy.start_events),
        stop_events=frozenset(policy.stop_events),
        pause_events=frozenset(policy.pause_events),
        resume_events=frozenset(policy.resume_events),
        target=cw.Duration(policy.target_amount, policy.target_unit),
        breach=_duration(policy.breach_amount, policy.breach_unit),
        warn=_duration(policy.warn_amount, policy.warn_unit),
        after_hours=cw.AfterHours(
            rule=policy.after_hours_rule,
            allowance=_duration(policy.after_hours_amount, policy.after_hours_unit),
            by=policy.after_hours_by,
        ),
        steps=tuple(
            cw.Step(
                step.order,
                cw.Duration(step.after_amount, step.after_unit),
                cw.Reference(step.relative_to),
            )
            for step in steps
        ),
        lead_tier=policy.lead_tier,
        account_tier=policy.account_tier,
        qualifying_action=policy.action,
        stage=policy.stage,
        start_states=frozenset(policy.start_states),
        first_start_only=policy.first_start_only,
    )


def _alert(trigger: HygieneTrigger) -> tuple[Notice, ...]:
    return (Notice(1, tuple(trigger.alert_roles), trigger.required_action),)


def _trigger_watches(trigger, limits: dict[str, int], calendar_id: int) -> list[Watch]:
    if trigger.metric not in _METRIC_EVENTS:
        return []  # fired by an event (close-date pushes, amount change), not by time
    starts, stops, unit = _METRIC_EVENTS[trigger.metric]
    by_stage = (
        limits.items()
        if trigger.metric == HygieneTrigger.Metric.STAGE_AGE
        else [("", trigger.threshold)]
    )
    return [
        Watch(
            key=f"trigger:{trigger.pk}" + (f":{stage}" if stage else ""),
            code=trigger.code,
            name=trigger.name,
            subject="opportunity",
            owner_role=Role.AE,
            rules=cw.Rules(
                start_events=frozenset(starts),
                stop_events=frozenset(stops),
                target=cw.Duration(threshold, unit),
                breach=cw.Duration(threshold, unit),
                steps=(cw.Step(1, cw.Duration(0, "minutes"), cw.Reference.BREACH),),
                stage=stage,
            ),
            calendar_id=calendar_id,
            concern=trigger.code,
            notices=_alert(trigger),
            trigger_id=trigger.pk,
        )
        for stage, threshold in by_stage
        if threshold
    ]


def _action_watch(trigger: HygieneTrigger, calendar_id: int) -> Watch:
    return Watch(
        key=f"action:{trigger.pk}",
        code=f"{trigger.code}.action",
        name=f"{trigger.name}: {trigger.required_action}",
        subject="opportunity",
        owner_role=Role.AE,
        rules=cw.Rules(
            start_events=frozenset(),  # started by the engine when the trigger fires
            stop_events=frozenset({*_ACTION_LOGGED_BY[trigger.metric], Event.BREACH_RESOLVED}),
            target=cw.Duration(trigger.deadline_amount, trigger.deadline_unit),
        ),
        calendar_id=calendar_id,
        concern=f"{trigger.code}.action",
        trigger_id=trigger.pk,
    )


@cache
def compiled(version_id: int) -> Compiled:
    """The watches of a published (or superseded) version; it never changes."""
    version = CharterVersion.objects.get(pk=version_id)
    default_calendar = BusinessCalendar.objects.order_by("pk").values_list("pk", flat=True)[0]
    triggers = list(HygieneTrigger.objects.filter(version=version).order_by("code"))
    concern_of = {code: t.code for t in triggers for code in t.same_concern_as}
    steps: dict[int, list[EscalationStep]] = {}
    for step in EscalationStep.objects.filter(version=version).order_by("policy", "order"):
        steps.setdefault(step.policy_id, []).append(step)
    watches = [
        Watch(
            key=f"policy:{policy.pk}",
            code=policy.code,
            name=policy.name,
            subject=policy.subject,
            owner_role=policy.owner_role,
            rules=policy_rules(policy, steps.get(policy.pk, [])),
            calendar_id=policy.calendar_id or default_calendar,
            concern=concern_of.get(policy.code, policy.code),
            notices=tuple(
                Notice(s.order, tuple(s.notify_roles), s.action) for s in steps.get(policy.pk, [])
            ),
            policy_id=policy.pk,
        )
        for policy in Policy.objects.filter(version=version, is_active=True).order_by("code")
    ]
    limits = dict(
        OpportunityStage.objects.filter(version=version).values_list("code", "max_age_days")
    )
    for trigger in triggers:
        watches += _trigger_watches(trigger, limits, default_calendar)
    starting_on: dict[str, list[Watch]] = {}
    for watch in watches:
        for name in watch.rules.start_events:
            starting_on.setdefault(name, []).append(watch)
    actions = {t.pk: _action_watch(t, default_calendar) for t in triggers}
    return Compiled(
        by_key={w.key: w for w in [*watches, *actions.values()]},
        starting_on={name: tuple(ws) for name, ws in starting_on.items()},
        event_triggers=tuple(t for t in triggers if t.metric not in _METRIC_EVENTS),
        action_watches=actions,
    )


def changing_events() -> frozenset[str]:
    """The events that may change an open clock: a clock keeps the rules of the version it
    started under, so those of every published (or superseded) version, and the events that
    end a subject's flow. Most events (a lead created, an action recorded) change none, and the
    engine need not look for clocks at all. Which versions are published is read every time
    (one small query): a version published a moment ago in another process may already have
    clocks running."""
    published = CharterVersion.objects.filter(state__in=CharterVersion.FROZEN_STATES)
    return _changing_events_of(tuple(published.order_by("pk").values_list("pk", flat=True)))


@cache
def _changing_events_of(version_ids: tuple[int, ...]) -> frozenset[str]:
    return ENDS_FLOW.union(*(compiled(pk).changing_events() for pk in version_ids))


def watch_of(version_id: int, key: str) -> Watch:
    return compiled(version_id).by_key[key]
