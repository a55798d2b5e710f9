"""The SLA engine: every published event starts, stops, pauses or resumes clocks, in the
transaction of the change it describes, and every item that falls due on a clock (a warning, a
missed target, a breach, an escalation step) is recorded once, with its notifications.

`on_event` is subscribed to every domain event (escalations/apps.py); `advance` records what
has fallen due on one clock and is shared by the sweep and by a stop that arrives after a
deadline the sweep has not reached yet.
"""

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.db.models import Q
from django.utils import timezone

from slaportal.charter.models import BusinessCalendar, HygieneTrigger
from slaportal.events import DomainEvent, Event
from slaportal.org.models import User

from . import clockwork as cw
from . import outbox
from .models import Breach, Clock, Escalation, Milestone
from .recipients import people_for
from .rules import ENDS_FLOW, Watch, compiled, watch_of
from .subjects import describe, related_subjects


def on_event(event: DomainEvent) -> None:
    if event.charter_version_id is None:
        return  # no charter in force: nothing is watched
    _stop_pause_resume(event)
    _start(event)
    _hygiene_event(event)


def _stop_pause_resume(event: DomainEvent) -> None:
    own = (event.subject_type, event.subject_id)
    subjects = [own, *related_subjects(event)]
    clocks = (
        Clock.objects.open().select_for_update(of=("self",)).select_related("owner", "calendar")
    )
    for clock in clocks.filter(_any_of(subjects)).order_by("pk"):
        watch = watch_of(clock.version_id, clock.watch_key)
        rules, at = watch.rules, event.occurred_at
        if event.name in rules.stop_events:
            change = "stop"
        elif (clock.subject_type, clock.subject_id) == own and event.name in ENDS_FLOW:
            change = "cancel"
        elif event.name in rules.pause_events:
            change = "pause"
        elif event.name in rules.resume_events:
            change = "resume"
        else:
            continue
        # What fell due before the event is recorded first, as the sweep would have.
        advance(clock, watch, until=at, now=timezone.now(), save=False)
        calendar, course = _engine(clock), clock.course
        if change == "stop":
            course = course.stop(at)
        elif change == "cancel":
            course = course.cancel(at)
        elif change == "pause":
            course = course.pause(at)
        else:
            course = course.resume(at, rules, calendar)
        clock.follow(course, course.next_due_at(rules, calendar))
        if not course.open:
            clock.stopped_by_id = event.log_id
        clock.save()


def _any_of(subjects) -> Q:
    condition = Q(pk__in=[])
    for subject_type, subject_id in subjects:
        condition |= Q(subject_type=subject_type, subject_id=subject_id)
    return condition


def _start(event: DomainEvent) -> None:
    watches = [
        watch
        for watch in compiled(event.charter_version_id).starting_on.get(event.name, ())
        if watch.subject == event.subject_type
    ]
    if not watches:
        return
    started = set(
        Clock.objects.of(event.subject_type, event.subject_id)
        .filter(code__in=[w.code for w in watches])
        .values_list("code", "stopped_at")
    )
    running = {code for code, stopped_at in started if stopped_at is None}
    ever = {code for code, _ in started}
    for watch in watches:
        if watch.code in running:
            continue  # one open clock per rule and subject
        if watch.rules.starts_on(event.name, event.data, started_before=watch.code in ever):
            start_clock(
                watch,
                event.charter_version_id,
                subject=(event.subject_type, event.subject_id),
                at=event.occurred_at,
                data=event.data,
                started_by_id=event.log_id,
            )


def start_clock(
    watch: Watch,
    version_id: int,
    *,
    subject: tuple[str, int],
    at: datetime,
    data: dict,
    started_by_id: int | None = None,
    breach: Breach | None = None,
) -> Clock:
    """A clock of `watch` on `subject` from `at`, in the prospect's zone (from `data`), with
    the calendar as it is now."""
    snapshot = BusinessCalendar.objects.get(pk=watch.calendar_id).snapshot()
    zone = data.get("timezone") or snapshot.spec["timezone"]
    calendar = snapshot.engine(zone)
    course = cw.start(watch.rules, calendar, at)
    clock = Clock(
        version_id=version_id,
        watch_key=watch.key,
        code=watch.code,
        name=watch.name,
        policy_id=watch.policy_id,
        trigger_id=watch.trigger_id,
        subject_type=subject[0],
        subject_id=subject[1],
        owner_id=watch.owner_in(data),
        calendar=snapshot,
        timezone=zone,
        started_at=at,
        started_by_id=started_by_id,
        breach=breach,
    )
    clock.follow(course, course.next_due_at(watch.rules, calendar))
    clock.save(force_insert=True)
    return clock


def _engine(clock: Clock):
    return clock.calendar.engine(clock.timezone)


def advance(clock: Clock, watch: Watch, *, until: datetime, now: datetime, save=True) -> Clock:
    """Record every item of `clock` due by `until`, each once: milestones, the breach, the
    escalation steps and their notifications."""
    calendar = _engine(clock)
    course = clock.course
    for at, item in course.pending(watch.rules, calendar):
        if at > until:
            break
        course = course.record(item, watch.rules)
        clock.follow(course, None)
        if item in (cw.WARNING, cw.TARGET, cw.BREACH):
            Milestone.objects.create(clock=clock, kind=item, due_at=at, recorded_at=now)
        if item == cw.BREACH:
            _open_breach(clock, watch, at, now)
        elif (order := cw.step_order(item)) is not None:
            _escalate(clock, watch, order, at, now)
    clock.follow(course, course.next_due_at(watch.rules, calendar))
    if save:
        clock.save()
    return clock


def _open_breach(clock: Clock, watch: Watch, at: datetime, now: datetime) -> None:
    """The clock's breach, or the unresolved one of the same concern on the same subject."""
    breach = (
        Breach.objects.unresolved()
        .filter(subject_type=clock.subject_type, subject_id=clock.subject_id, concern=watch.concern)
        .first()
    )
    if breach is None:
        breach = Breach.objects.create(
            code=watch.code,
            name=watch.name,
            concern=watch.concern,
            clock=clock,
            trigger_id=watch.trigger_id,
            subject_type=clock.subject_type,
            subject_id=clock.subject_id,
            owner=clock.owner,
            breached_at=at,
            detected_at=now,
        )
    clock.breach = breach
    if watch.trigger_id and not breach.required_action:
        _require_action(breach, watch.trigger_id, clock.version_id, at)


def _require_action(breach: Breach, trigger_id: int, version_id: int, at: datetime) -> None:
    """A hygiene trigger's escalation has its own deadline: a clock met when the required
    action is logged (or the breach resolved)."""
    action = start_clock(
        compiled(version_id).action_watches[trigger_id],
        version_id,
        subject=(breach.subject_type, breach.subject_id),
        at=at,
        data={"owner": breach.owner_id},
        breach=breach,
    )
    trigger = HygieneTrigger.objects.get(pk=trigger_id)
    breach.required_action, breach.action_due_at = trigger.required_action, action.target_at
    breach.save(update_fields=["required_action", "action_due_at"])


def _escalate(clock: Clock, watch: Watch, order: int, at: datetime, now: datetime) -> None:
    notice = watch.notice(order)
    people = people_for(notice.roles, clock.owner)
    escalation = Escalation.objects.create(
        clock=clock,
        breach=clock.breach,
        step=order,
        roles=list(notice.roles),
        action=notice.action,
        due_at=at,
        created_at=now,
    )
    _address(escalation, people, clock.breach, clock.subject_type, clock.subject_id, clock.owner)


def _address(escalation, people, breach, subject_type, subject_id, owner) -> None:
    """Tell `people`; of a breach, only those not told of it yet (one notice per concern)."""
    escalation.recipients.set(people)
    if breach is not None:
        told = set(breach.escalated_to.values_list("pk", flat=True))
        breach.level = max(breach.level, escalation.step)
        breach.save(update_fields=["level"])
        breach.escalated_to.add(*people)
        people = [person for person in people if person.pk not in told]
    if people:
        subject, body = describe(escalation, subject_type, subject_id)
        outbox.write(
            escalation, people, subject=subject, body=body, team=owner.team if owner else None
        )


def _hygiene_event(event: DomainEvent) -> None:
    """Hygiene triggers fired by an event: a close date pushed twice in a quarter, an amount
    moved by more than the threshold from the original estimate."""
    if event.subject_type != "opportunity":
        return
    for trigger in compiled(event.charter_version_id).event_triggers:
        if _fires(trigger, event):
            _trigger_breach(trigger, event)


def _fires(trigger: HygieneTrigger, event: DomainEvent) -> bool:
    Metric = HygieneTrigger.Metric
    if trigger.metric == Metric.CLOSE_DATE_PUSHES:
        return event.name == Event.OPPORTUNITY_CLOSE_DATE_CHANGED and event.data.get(
            "pushes_this_quarter", 0
        ) >= (trigger.threshold or 0)
    if trigger.metric == Metric.AMOUNT_CHANGE and event.name == Event.OPPORTUNITY_AMOUNT_CHANGED:
        try:
            percent = abs(Decimal(str(event.data.get("percent_of_original", "0"))))
        except InvalidOperation:
            return False
        return percent > (trigger.threshold or 0)
    return False


def _trigger_breach(trigger: HygieneTrigger, event: DomainEvent) -> None:
    unresolved = Breach.objects.unresolved().filter(
        subject_type=event.subject_type, subject_id=event.subject_id, concern=trigger.code
    )
    if unresolved.exists():
        return  # already told: one notice per subject and rule until it is resolved
    owner = User.objects.filter(pk=event.data.get("owner")).first()
    breach = Breach.objects.create(
        code=trigger.code,
        name=trigger.name,
        concern=trigger.code,
        trigger=trigger,
        subject_type=event.subject_type,
        subject_id=event.subject_id,
        owner=owner,
        breached_at=event.occurred_at,
    )
    _require_action(breach, trigger.pk, event.charter_version_id, event.occurred_at)
    escalation = Escalation.objects.create(
        breach=breach,
        step=1,
        roles=list(trigger.alert_roles),
        action=trigger.required_action,
        due_at=event.occurred_at,
    )
    people = people_for(trigger.alert_roles, owner)
    _address(escalation, people, breach, event.subject_type, event.subject_id, owner)
