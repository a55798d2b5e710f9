"""The SLA engine: every published event starts, stops, pauses or resumes clocks, in the
transaction of the change it describes, and every item that falls due on a clock (a warning, a
missed target, a breach, an escalation step) is recorded once, with its notifications.

`on_events` is subscribed to every domain event (escalations/apps.py), and receives the events
of one change together (an intake's five or six): the subjects' clocks are read and locked once
for all of them. What falls due is taken down by `recording.Record`, shared by the sweep and by
a stop that arrives after a deadline the sweep has not reached yet.
"""

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.db.models import Q
from django.utils import timezone

from slaportal.charter.models import BusinessCalendar, HygieneTrigger
from slaportal.events import DomainEvent, Event

from . import clockwork as cw
from .models import Breach, Clock
from .recording import Record, engine_of
from .rules import ENDS_FLOW, Watch, changing_events, compiled, watch_of
from .subjects import related_subjects


def on_events(events: list[DomainEvent]) -> None:
    events = [e for e in events if e.charter_version_id is not None]  # else nothing watched
    if not events:
        return
    loaded, changers = _Loaded(), changing_events()
    for event in events:
        _on_event(event, loaded, changers)


def _on_event(event: DomainEvent, loaded: "_Loaded", changers: frozenset[str]) -> None:
    changing = event.name in changers
    starting = _watches_starting_on(event)
    if changing or starting:
        own = (event.subject_type, event.subject_id)
        clocks = loaded.of([own, *related_subjects(event)])
        if changing and _stop_pause_resume(event, [c for c in clocks if c.stopped_at is None]):
            loaded.forget()  # what it recorded may have started clocks (a hygiene action)
        if starting:
            loaded.add(own, _start(event, starting, history=loaded.of([own])))
    if _hygiene_event(event):
        loaded.forget()


class _Loaded:
    """Every clock of the subjects a batch of events concerns, read and locked once, and kept
    in step with what the batch starts and stops: the open ones an event may change, and the
    history a start looks at (one open clock per rule; "first start only")."""

    def __init__(self):
        self._by_subject: dict[tuple[str, int], list[Clock]] = {}

    def of(self, subjects: list[tuple[str, int]]) -> list[Clock]:
        if missing := [s for s in subjects if s not in self._by_subject]:
            for subject in missing:
                self._by_subject[subject] = []
            locked = Clock.objects.select_for_update().filter(_any_of(missing)).order_by("pk")
            for clock in locked:
                self._by_subject[clock.subject_type, clock.subject_id].append(clock)
        return sorted((c for s in subjects for c in self._by_subject[s]), key=lambda c: c.pk)

    def add(self, subject: tuple[str, int], clocks: list[Clock]) -> None:
        if subject in self._by_subject:  # else forgotten: read again, these with the rest
            self._by_subject[subject] += clocks

    def forget(self) -> None:
        self._by_subject.clear()


def _stop_pause_resume(event: DomainEvent, open_clocks: list[Clock]) -> bool:
    """Whether anything fell due on the clocks before the event (and was recorded)."""
    own = (event.subject_type, event.subject_id)
    changes = []
    for clock in open_clocks:
        watch = watch_of(clock.version_id, clock.watch_key)
        if change := _change_of(event, watch.rules, (clock.subject_type, clock.subject_id) == own):
            changes.append((clock, watch, change))
    if not changes:
        return False
    # What fell due before the event is recorded first, as the sweep would have.
    at, record = event.occurred_at, Record(timezone.now())
    for clock, watch, _ in changes:
        record.advance(clock, watch, until=at)
    record.write(clocks=False)
    for clock, watch, change in changes:
        calendar, course = engine_of(clock), clock.course
        if change == "stop":
            course = course.stop(at)
        elif change == "cancel":
            course = course.cancel(at)
        elif change == "pause":
            course = course.pause(at)
        else:
            course = course.resume(at, watch.rules, calendar)
        clock.follow(course, course.next_due_at(watch.rules, calendar))
        if not course.open:
            clock.stopped_by_id = event.log_id
        clock.save(update_fields=Clock.PROGRESS)
    return record.holds_items()


def _change_of(event: DomainEvent, rules: cw.Rules, own_subject: bool) -> str | None:
    """What `event` does to a clock under `rules`: stop, cancel, pause, resume or nothing."""
    if event.name in rules.stop_events:
        return "stop"
    if own_subject and event.name in ENDS_FLOW:
        return "cancel"
    if event.name in rules.pause_events:
        return "pause"
    if event.name in rules.resume_events:
        return "resume"
    return None


def _any_of(subjects) -> Q:
    condition = Q(pk__in=[])
    for subject_type, subject_id in subjects:
        condition |= Q(subject_type=subject_type, subject_id=subject_id)
    return condition


def _watches_starting_on(event: DomainEvent) -> list[Watch]:
    return [
        watch
        for watch in compiled(event.charter_version_id).starting_on.get(event.name, ())
        if watch.subject == event.subject_type
    ]


def _start(event: DomainEvent, watches: list[Watch], history: list[Clock]) -> list[Clock]:
    """Start the watches' clocks the event starts, in one INSERT."""
    running = {clock.code for clock in history if clock.stopped_at is None}
    ever = {clock.code for clock in history}
    return Clock.objects.bulk_create(
        [
            new_clock(
                watch,
                event.charter_version_id,
                subject=(event.subject_type, event.subject_id),
                at=event.occurred_at,
                data=event.data,
                started_by_id=event.log_id,
            )
            for watch in watches
            # One open clock per rule and subject.
            if watch.code not in running
            and watch.rules.starts_on(event.name, event.data, started_before=watch.code in ever)
        ]
    )


def new_clock(
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
    the calendar as it is now; not saved yet."""
    snapshot = BusinessCalendar.current(watch.calendar_id).snapshot()
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
    return clock


def _hygiene_event(event: DomainEvent) -> bool:
    """Hygiene triggers fired by an event: a close date pushed twice in a quarter, an amount
    moved by more than the threshold from the original estimate. Whether any fired."""
    if event.subject_type != "opportunity":
        return False
    fired = [t for t in compiled(event.charter_version_id).event_triggers if _fires(t, event)]
    if not fired:
        return False
    record = Record(timezone.now())
    for trigger in fired:
        record.event_breach(
            trigger,
            event.charter_version_id,
            (event.subject_type, event.subject_id),
            event.data.get("owner"),
            event.occurred_at,
        )
    record.write()
    return True


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
