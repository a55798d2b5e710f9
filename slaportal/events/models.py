"""The durable event log: every domain event, as it was published, once."""

import json
import uuid
from itertools import groupby

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from slaportal.records import AppendOnly

from . import DomainEvent, Event


class EventRecord(AppendOnly):
    """One published event: what, about whom, when it happened and when the portal heard of
    it, who did it, and the charter version in force. Written once, never changed."""

    # The order of publication; `uuid` is the event's own id, by which a re-delivery is known.
    id = models.BigAutoField(primary_key=True)
    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=60, choices=Event.choices)
    subject_type = models.CharField(max_length=20)
    subject_id = models.BigIntegerField()
    occurred_at = models.DateTimeField()
    received_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    charter_version = models.ForeignKey(
        "charter.CharterVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        indexes = [
            # A subject's history in order: the clocks' replay and the pages' timelines.
            models.Index(
                fields=["subject_type", "subject_id", "occurred_at"], name="event_subject_history"
            ),
            # The scoreboard and the charter replay: one kind of event over a period.
            models.Index(fields=["name", "occurred_at"], name="event_by_name"),
        ]

    def __str__(self):
        return f"{self.name} {self.subject_type} {self.subject_id} at {self.occurred_at:%Y-%m-%d}"

    @classmethod
    def record(cls, event: DomainEvent) -> DomainEvent | None:
        """Store `event`; the event as stored (with its id and charter version), or None if
        an event with its id is already in the log."""
        row = cls._row_of(event)
        if event.id is None:  # a fresh id: nothing to collide with
            row.save(force_insert=True)
        else:
            try:
                with transaction.atomic():
                    row.save(force_insert=True)
            except IntegrityError:
                return None
        return row.as_event()

    @classmethod
    def record_all(cls, events: list[DomainEvent]) -> list[DomainEvent]:
        """Store events in the order given; the events as stored. Each run of events with no
        id of their own (nothing to collide with) in one INSERT; one with its own id alone,
        dropped if already in the log."""
        stored: list[DomainEvent] = []
        for own_id, run in groupby(events, key=lambda event: event.id is not None):
            if own_id:
                stored += [recorded for recorded in map(cls.record, run) if recorded]
            else:
                stored += [row.as_event() for row in cls.objects.bulk_create(map(cls._row_of, run))]
        return stored

    @classmethod
    def _row_of(cls, event: DomainEvent) -> "EventRecord":
        from slaportal.charter.in_force import version_id_in_force

        return cls(
            uuid=event.id or uuid.uuid4(),
            name=event.name,
            subject_type=event.subject_type,
            subject_id=event.subject_id,
            occurred_at=event.occurred_at,
            actor_id=event.actor_id,
            # As JSON, now: subscribers see what a replay from the log will see.
            data=json.loads(json.dumps(event.data, cls=DjangoJSONEncoder)),
            charter_version_id=event.charter_version_id or version_id_in_force(),
        )

    def as_event(self) -> DomainEvent:
        return DomainEvent(
            name=Event(self.name),
            subject_type=self.subject_type,
            subject_id=self.subject_id,
            occurred_at=self.occurred_at,
            actor_id=self.actor_id,
            data=self.data,
            id=self.uuid,
            charter_version_id=self.charter_version_id,
            log_id=self.pk,
        )
