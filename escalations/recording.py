"""Recording what falls due on clocks: milestones, breaches, escalation steps, the people told
and their notifications — gathered in a `Record` and written together.

The sweep records a whole batch of clocks in a handful of statements (one INSERT per kind of
row, one UPDATE of the clocks), so its cost follows the due clocks, not round trips per clock;
an event that stops a clock past a deadline the sweep has not reached yet records that one
clock the same way. Nothing is written until `write()`: a clock whose items fail to record is
left out of the batch whole (`discard`).
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction

from slaportal.charter.models import HygieneTrigger
from slaportal.charter.models.calendars import snapshot_engine

from . import clockwork as cw
from . import outbox
from .models import Breach, Clock, Escalation, Milestone
from .recipients import people_for, team_of
from .rules import Watch, compiled
from .subjects import describe_all

BreachKey = tuple[str, int, str]  # subject type, subject id, concern


def engine_of(clock: Clock):
    return snapshot_engine(clock.calendar_id, clock.timezone)


@dataclass
class _Step:
    escalation: Escalation
    people: list
    owner_id: int | None


@dataclass
class _Clock:
    """What one clock's due items write."""

    clock: Clock
    before: dict = field(init=False)  # its progress as loaded
    milestones: list[Milestone] = field(default_factory=list)
    steps: list[_Step] = field(default_factory=list)
    opened: list[Breach] = field(default_factory=list)  # breaches this clock opens
    actions: list[tuple[BreachKey, int, int, datetime]] = field(default_factory=list)

    def __post_init__(self):
        self.before = {name: _progress(self.clock, name) for name in Clock.PROGRESS}

    def changed(self, name: str) -> bool:
        return _progress(self.clock, name) != self.before[name]


def _progress(clock: Clock, name: str):
    field = Clock._meta.get_field(name)
    if field.is_relation and field.is_cached(clock):
        # A breach opened in this record had no id when the clock was given it.
        related = field.get_cached_value(clock)
        return related.pk if related is not None else None
    return getattr(clock, field.attname)


class Record:
    """The writes of a batch of clocks, and of breaches fired by events."""

    def __init__(self, now: datetime):
        self.now = now
        self._clocks: list[_Clock] = []
        self._breaches: dict[BreachKey, Breach] = {}
        self._loaded: set[BreachKey] = set()
        self._levels: dict[int, int] = {}  # the level each loaded breach had
        self._event_steps: list[_Step] = []
        self._event_actions: list[tuple[BreachKey, int, int, datetime]] = []

    # --- gathering ----------------------------------------------------------------------

    def expect(self, clocks: list[tuple[Clock, Watch]], *, until: datetime) -> None:
        """Load at once the breaches the clocks' due breach items will look for."""
        keys = set()
        for clock, watch in clocks:
            due = clock.course.pending(watch.rules, engine_of(clock))
            if any(item == cw.BREACH and at <= until for at, item in due):
                keys.add((clock.subject_type, clock.subject_id, watch.concern))
        self.load_breaches(keys)

    def load_breaches(self, keys: set[BreachKey]) -> None:
        """The unresolved breaches of these subjects and concerns, in one query."""
        keys = keys - self._loaded
        if not keys:
            return
        # A superset by each column (cheap to build and to plan), narrowed to the keys here.
        found = Breach.objects.unresolved().filter(
            subject_type__in={key[0] for key in keys},
            subject_id__in={key[1] for key in keys},
            concern__in={key[2] for key in keys},
        )
        for breach in found:
            key = (breach.subject_type, breach.subject_id, breach.concern)
            if key in keys:
                self._breaches[key] = breach
                self._levels[breach.pk] = breach.level
        self._loaded |= keys

    def advance(self, clock: Clock, watch: Watch, *, until: datetime) -> None:
        """Take down every item of `clock` due by `until`, and the course it leaves."""
        unit = _Clock(clock)
        calendar = engine_of(clock)
        course = clock.course
        for at, item in course.pending(watch.rules, calendar):
            if at > until:
                break
            course = course.record(item, watch.rules)
            if item in (cw.WARNING, cw.TARGET, cw.BREACH):
                unit.milestones.append(
                    Milestone(clock=clock, kind=item, due_at=at, recorded_at=self.now)
                )
            if item == cw.BREACH:
                self._breach_of(unit, watch, at)
            elif (order := cw.step_order(item)) is not None:
                self._step(unit, watch, order, at)
        clock.follow(course, course.next_due_at(watch.rules, calendar))
        self._clocks.append(unit)

    def discard(self, clock: Clock) -> None:
        """Leave out what `clock` took down (it failed half-way)."""
        for unit in [u for u in self._clocks if u.clock is clock]:
            self._clocks.remove(unit)
            for breach in unit.opened:
                key = (breach.subject_type, breach.subject_id, breach.concern)
                if self._breaches.get(key) is breach:
                    del self._breaches[key]

    def _breach_of(self, unit: _Clock, watch: Watch, at: datetime) -> None:
        clock = unit.clock
        key = (clock.subject_type, clock.subject_id, watch.concern)
        self.load_breaches({key})
        breach = self._breaches.get(key)
        if breach is None:
            breach = self._breaches[key] = Breach(
                code=watch.code,
                name=watch.name,
                concern=watch.concern,
                clock=clock,
                trigger_id=watch.trigger_id,
                subject_type=clock.subject_type,
                subject_id=clock.subject_id,
                owner_id=clock.owner_id,
                breached_at=at,
                detected_at=self.now,
            )
            unit.opened.append(breach)
        clock.breach = breach
        if watch.trigger_id and not breach.required_action:
            unit.actions.append((key, watch.trigger_id, clock.version_id, at))

    def _step(self, unit: _Clock, watch: Watch, order: int, at: datetime) -> None:
        clock, notice = unit.clock, watch.notice(order)
        breach = clock.breach = self._known(clock.breach)
        unit.steps.append(
            _Step(
                Escalation(
                    clock=clock,
                    breach=breach,
                    step=order,
                    roles=list(notice.roles),
                    action=notice.action,
                    due_at=at,
                    created_at=self.now,
                ),
                people_for(notice.roles, clock.owner_id),
                clock.owner_id,
            )
        )

    def _known(self, breach: Breach | None) -> Breach | None:
        """One instance per breach in a record, with the level it had when it was loaded."""
        if breach is None:
            return None
        key = (breach.subject_type, breach.subject_id, breach.concern)
        if key not in self._breaches:
            self._breaches[key] = breach
            self._levels[breach.pk] = breach.level
        return self._breaches[key]

    def event_breach(
        self, trigger: HygieneTrigger, version_id: int, subject: tuple[str, int], owner_id, at
    ) -> None:
        """A hygiene trigger fired by an event, unless its concern is open on the subject."""
        key = (*subject, trigger.code)
        self.load_breaches({key})
        if key in self._breaches:
            return  # already told: one notice per subject and rule until it is resolved
        breach = self._breaches[key] = Breach(
            code=trigger.code,
            name=trigger.name,
            concern=trigger.code,
            trigger=trigger,
            subject_type=subject[0],
            subject_id=subject[1],
            owner_id=owner_id,
            breached_at=at,
            detected_at=self.now,
        )
        escalation = Escalation(
            breach=breach,
            step=1,
            roles=list(trigger.alert_roles),
            action=trigger.required_action,
            due_at=at,
            created_at=self.now,
        )
        self._event_steps.append(
            _Step(escalation, people_for(trigger.alert_roles, owner_id), owner_id)
        )
        self._event_actions.append((key, trigger.pk, version_id, at))

    # --- writing ------------------------------------------------------------------------

    def write(self, *, clocks: bool = True) -> None:
        """Everything gathered, in one INSERT per kind of row (and the clocks' progress, unless
        the caller saves its clocks itself)."""
        if self.holds_items():
            self._write_items(clocks=clocks)
        elif clocks:
            _save_progress(self._clocks)

    def holds_items(self) -> bool:
        """Whether anything fell due (most events that stop a clock find nothing due)."""
        return bool(
            self._event_steps
            or any(unit.milestones or unit.steps or unit.opened for unit in self._clocks)
        )

    @transaction.atomic
    def _write_items(self, *, clocks: bool) -> None:
        steps = [step for unit in self._clocks for step in unit.steps] + self._event_steps
        for step in steps:
            if (breach := step.escalation.breach) is not None:
                breach.level = max(breach.level, step.escalation.step)
        Breach.objects.bulk_create([b for b in self._breaches.values() if b.pk is None])
        Breach.objects.bulk_update(
            [b for b in self._breaches.values() if b.level > self._levels.get(b.pk, b.level)],
            ["level"],
        )
        # Before the notices are written: a hygiene notice says by when its action is due.
        actions = [a for unit in self._clocks for a in unit.actions] + self._event_actions
        for key, trigger_id, version_id, at in actions:
            require_action(self._breaches[key], trigger_id, version_id, at)
        Escalation.objects.bulk_create([step.escalation for step in steps])
        Escalation.recipients.through.objects.bulk_create(
            [
                Escalation.recipients.through(escalation=step.escalation, user=person)
                for step in steps
                for person in step.people
            ]
        )
        # Of a breach, only the people not told of it yet are told (one notice per concern).
        told = self._told_so_far({s.escalation.breach for s in steps if s.escalation.breach})
        to_tell, reached = [], []
        for step in steps:
            people, breach = step.people, step.escalation.breach
            if breach is not None:
                already = told.setdefault(breach.pk, set())
                people = [person for person in people if person.pk not in already]
                already.update(person.pk for person in people)
                reached += [Breach.escalated_to.through(breach=breach, user=p) for p in people]
            if people:
                to_tell.append((step, people))
        Breach.escalated_to.through.objects.bulk_create(reached)
        texts = describe_all([step.escalation for step, _ in to_tell])
        outbox.write_all(
            [
                (step.escalation, people, *texts[step.escalation.pk], team_of(step.owner_id))
                for step, people in to_tell
            ]
        )
        Milestone.objects.bulk_create([m for unit in self._clocks for m in unit.milestones])
        if clocks:
            _save_progress(self._clocks)

    @staticmethod
    def _told_so_far(breaches) -> dict[int, set[int]]:
        told: dict[int, set[int]] = {}
        through = Breach.escalated_to.through.objects.filter(breach__in=[b.pk for b in breaches])
        for breach_id, user_id in through.values_list("breach_id", "user_id"):
            told.setdefault(breach_id, set()).add(user_id)
        return told


SHARED = 20  # clocks of a batch with one value of a field: a plain UPDATE sets it for all


def _save_progress(units: list[_Clock]) -> None:
    """Each field of the clocks' progress where it changed: an UPDATE per value many clocks of
    the batch share (a status, the items done), a CASE over the rest (their next instants)."""
    for name in Clock.PROGRESS:
        attname = Clock._meta.get_field(name).attname
        groups: dict = {}
        for unit in (u for u in units if u.changed(name)):
            value = _progress(unit.clock, name)
            key = tuple(value) if isinstance(value, list) else value
            groups.setdefault(key, (value, []))[1].append(unit.clock)
        rest = []
        for value, clocks in groups.values():
            if len(clocks) >= SHARED:
                Clock.objects.filter(pk__in=[c.pk for c in clocks]).update(**{attname: value})
            else:
                rest += clocks
        if rest:
            Clock.objects.bulk_update(rest, [name])


def require_action(breach: Breach, trigger_id: int, version_id: int, at: datetime) -> None:
    """A hygiene trigger's escalation has its own deadline: a clock met when the required
    action is logged (or the breach resolved)."""
    from .engine import new_clock

    action = new_clock(
        compiled(version_id).action_watches[trigger_id],
        version_id,
        subject=(breach.subject_type, breach.subject_id),
        at=at,
        data={"owner": breach.owner_id},
        breach=breach,
    )
    action.save(force_insert=True)
    trigger = HygieneTrigger.objects.get(pk=trigger_id)
    breach.required_action, breach.action_due_at = trigger.required_action, action.target_at
    breach.save(update_fields=["required_action", "action_due_at"])
