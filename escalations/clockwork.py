"""SLA clock arithmetic: a clock's deadlines and course, from its rules, a business calendar and
the events that happen to its subject.

Pure Python (no Django, no database): the engine stores what this computes, and a replay of the
event log under another charter runs the same functions, so a clock is a function of (policy,
calendar, events) alone. Business time comes from `slaportal.businesstime`.

The rules, in the seeds' words:
- A clock starts on one of its policy's start events (within its filters: tier, account tier,
  qualifying action, stage, start states, first occurrence only) and is met by a stop event
  before its target, missed after the target and before the breach, breached after the breach
  threshold. A start event that is also a stop event restarts it.
- Business units count the calendar's open hours in the prospect's zone; calendar units count
  wall time. "Same business day" is the close of the business day the clock started in (the
  next one when it started after hours).
- After hours (the calendar closed at the start), a policy may set the target by its own rule:
  an allowance after the next opening (Tier 1: 30 minutes; Tier 3: 24 hours), or a time on the
  next business day (Tier 2: 10:00). The breach still counts from the start in business time.
- A paused clock's deadlines move on by the time it was paused: business time for business
  deadlines (credited back), wall time for calendar ones.
- Each deadline (warning, target, breach) and each escalation step is an item due once, at an
  instant; the sweep records them in order. A policy without a breach threshold is decided at
  its target: missed.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from enum import StrEnum

from slaportal.businesstime import BusinessCalendar


class Status(StrEnum):
    RUNNING = "running"
    PAUSED = "paused"
    MET = "met"
    MISSED = "missed"
    BREACHED = "breached"
    CANCELLED = "cancelled"


class Reference(StrEnum):
    """What an escalation step counts from (as the charter's EscalationStep.Reference)."""

    WARNING = "warning"
    TARGET = "target"
    BREACH = "breach"


_WALL = {"minutes": "minutes", "hours": "hours", "days": "days"}
_BUSINESS = {"business_minutes": "minutes", "business_hours": "hours"}


@dataclass(frozen=True)
class Duration:
    amount: int
    unit: str  # a charter DurationUnit value

    @property
    def business(self) -> bool:
        return self.unit.startswith("business_") or self.unit == "same_business_day"

    def after(self, calendar: BusinessCalendar, start: datetime) -> datetime:
        if self.unit in _WALL:
            return start + timedelta(**{_WALL[self.unit]: self.amount})
        if self.unit in _BUSINESS:
            return calendar.add(start, timedelta(**{_BUSINESS[self.unit]: self.amount}))
        if self.unit == "business_days":
            return calendar.add_days(start, self.amount)
        if self.unit == "same_business_day":
            return calendar.close_of_day(start)
        raise ValueError(f"unknown duration unit {self.unit!r}")


@dataclass(frozen=True)
class AfterHours:
    rule: str = ""  # "", "after_next_open" or "by_time_next_day"
    allowance: Duration | None = None
    by: time | None = None


@dataclass(frozen=True)
class Step:
    order: int
    after: Duration
    relative_to: Reference


@dataclass(frozen=True)
class Rules:
    """When a clock of one policy starts and stops, and when it is due."""

    start_events: frozenset[str]
    stop_events: frozenset[str]
    target: Duration
    breach: Duration | None = None
    warn: Duration | None = None
    after_hours: AfterHours = AfterHours()
    steps: tuple[Step, ...] = ()
    pause_events: frozenset[str] = frozenset()
    resume_events: frozenset[str] = frozenset()
    # Filters on the event's data (the subject's context when it happened).
    lead_tier: int | None = None
    account_tier: str = ""
    qualifying_action: str = ""
    stage: str = ""
    start_states: frozenset[str] = frozenset()
    first_start_only: bool = False

    def starts_on(self, name: str, data: dict, *, started_before: bool) -> bool:
        """Whether an event `name` with `data` starts a clock of these rules."""
        return (
            name in self.start_events
            and not (self.first_start_only and started_before)
            and (self.lead_tier is None or data.get("tier") == self.lead_tier)
            and (not self.account_tier or data.get("account_tier") == self.account_tier)
            and (
                not self.qualifying_action
                or data.get("qualifying_action") == self.qualifying_action
            )
            and (not self.stage or data.get("stage") == self.stage)
            and (not self.start_states or self._state(data) in self.start_states)
        )

    @staticmethod
    def _state(data: dict) -> str | None:
        return data.get("state") or data.get("stage")


@dataclass(frozen=True)
class Deadlines:
    target_at: datetime
    warn_at: datetime | None = None
    breach_at: datetime | None = None

    def of(self, reference: Reference) -> datetime | None:
        return {
            Reference.WARNING: self.warn_at,
            Reference.TARGET: self.target_at,
            Reference.BREACH: self.breach_at,
        }[reference]


def deadlines(rules: Rules, calendar: BusinessCalendar, started_at: datetime) -> Deadlines:
    target_at = rules.target.after(calendar, started_at)
    rule = rules.after_hours
    if rule.rule and not calendar.is_open(started_at):
        opened = calendar.next_open(started_at)
        if rule.rule == "after_next_open" and rule.allowance is not None:
            target_at = rule.allowance.after(calendar, opened)
        elif rule.rule == "by_time_next_day" and rule.by is not None:
            target_at = max(opened, calendar.at_wall_time(opened.date(), rule.by))
    return Deadlines(
        target_at=target_at,
        warn_at=rules.warn.after(calendar, started_at) if rules.warn else None,
        breach_at=rules.breach.after(calendar, started_at) if rules.breach else None,
    )


# What falls due, in the order the sweep records items due at the same instant.
WARNING, TARGET, BREACH = "warning", "target", "breach"
_RANK = {WARNING: 0, TARGET: 1, BREACH: 2}


def step_item(order: int) -> str:
    return f"step:{order}"


def step_order(item: str) -> int | None:
    return int(item.split(":", 1)[1]) if item.startswith("step:") else None


def schedule(
    rules: Rules, due: Deadlines, calendar: BusinessCalendar
) -> list[tuple[datetime, str]]:
    """Every item of a clock with the instant it falls due, in order."""
    items = [(due.target_at, TARGET)]
    if due.warn_at:
        items.append((due.warn_at, WARNING))
    if due.breach_at:
        items.append((due.breach_at, BREACH))
    for step in rules.steps:
        base = due.of(step.relative_to)
        if base is not None:
            items.append((step.after.after(calendar, base), step_item(step.order)))
    return sorted(items, key=lambda item: (item[0], _RANK.get(item[1], 3), item[1]))


@dataclass(frozen=True)
class Course:
    """A clock's state: its deadlines, status, what has been recorded, whether it stopped."""

    started_at: datetime
    due: Deadlines
    status: Status = Status.RUNNING
    done: tuple[str, ...] = ()
    paused_at: datetime | None = None
    stopped_at: datetime | None = None

    @property
    def open(self) -> bool:
        return self.stopped_at is None

    def pending(self, rules: Rules, calendar: BusinessCalendar) -> list[tuple[datetime, str]]:
        """The items still to record (none while paused or once stopped)."""
        if not self.open or self.status == Status.PAUSED:
            return []
        return [item for item in schedule(rules, self.due, calendar) if item[1] not in self.done]

    def next_due_at(self, rules: Rules, calendar: BusinessCalendar) -> datetime | None:
        pending = self.pending(rules, calendar)
        return pending[0][0] if pending else None

    def record(self, item: str, rules: Rules) -> "Course":
        """`item` has fallen due: the status it leaves the clock in."""
        status = self.status
        if item == BREACH:
            status = Status.BREACHED
        elif item == TARGET and rules.breach is None and status == Status.RUNNING:
            status = Status.MISSED
        return replace(self, status=status, done=(*self.done, item))

    def stop(self, at: datetime) -> "Course":
        """Met before the target, missed before the breach, breached after it; a breach on
        record stays one (a late-posted stop does not undo what people were told)."""
        if self.status in (Status.BREACHED, Status.CANCELLED):
            return replace(self, stopped_at=at)
        if at <= self.due.target_at:
            status = Status.MET
        elif self.due.breach_at is None or at < self.due.breach_at:
            status = Status.MISSED
        else:
            status = Status.BREACHED
        return replace(self, status=status, stopped_at=at, paused_at=None)

    def cancel(self, at: datetime) -> "Course":
        """The subject left the flow (rejected, recycled, disqualified, closed)."""
        status = Status.BREACHED if self.status == Status.BREACHED else Status.CANCELLED
        return replace(self, status=status, stopped_at=at, paused_at=None)

    def pause(self, at: datetime) -> "Course":
        if self.status != Status.RUNNING:
            return self
        return replace(self, status=Status.PAUSED, paused_at=at)

    def resume(self, at: datetime, rules: Rules, calendar: BusinessCalendar) -> "Course":
        """Running again; every deadline moves on by the time spent paused."""
        if self.status != Status.PAUSED or self.paused_at is None:
            return self
        paused_at = self.paused_at

        def later(deadline: datetime | None, duration: Duration | None) -> datetime | None:
            if deadline is None:
                return None
            if duration is not None and duration.business:
                return calendar.add(deadline, calendar.elapsed(paused_at, at))
            return deadline + max(at - paused_at, timedelta(0))

        due = Deadlines(
            target_at=later(self.due.target_at, rules.target),
            warn_at=later(self.due.warn_at, rules.warn),
            breach_at=later(self.due.breach_at, rules.breach),
        )
        return replace(self, status=Status.RUNNING, paused_at=None, due=due)


def start(rules: Rules, calendar: BusinessCalendar, at: datetime) -> Course:
    return Course(started_at=at, due=deadlines(rules, calendar, at))


@dataclass(frozen=True)
class Happening:
    """An event as the clocks see it."""

    name: str
    at: datetime
    data: dict = field(default_factory=dict)


def run(
    rules: Rules,
    calendar: BusinessCalendar,
    events: Iterable[Happening],
    *,
    until: datetime,
    ends_flow: frozenset[str] = frozenset(),
) -> list[Course]:
    """Every clock one subject's events give a policy, recorded up to `until`: the charter
    replay's view (the engine does the same one event and one sweep at a time)."""
    clocks: list[Course] = []
    current: Course | None = None
    started_before = False

    def advance(clock: Course, to: datetime) -> Course:
        for at, item in clock.pending(rules, calendar):
            if at > to:
                break
            clock = clock.record(item, rules)
        return clock

    for event in sorted(events, key=lambda e: e.at):
        if current is not None:
            current = advance(current, event.at)
            if event.name in rules.stop_events:
                current = current.stop(event.at)
            elif event.name in ends_flow:
                current = current.cancel(event.at)
            elif event.name in rules.pause_events:
                current = current.pause(event.at)
            elif event.name in rules.resume_events:
                current = current.resume(event.at, rules, calendar)
            if not current.open:
                clocks.append(current)
                current = None
        if current is None and rules.starts_on(
            event.name, event.data, started_before=started_before
        ):
            current, started_before = start(rules, calendar, event.at), True
    if current is not None:
        clocks.append(advance(current, until))
    return clocks
