"""The notification outbox: a row per (escalation, channel, address), written in the
escalation's transaction, handed to a Celery task once it commits, and delivered once.

A delivery claims its row by a conditional UPDATE (pending → sending, for a while), so the
task may run twice, or beside the sweep's relay, and the message still goes out once. A failed
attempt waits with backoff; a worker that died mid-way leaves its claim to expire; the sweep
relays whatever is due, so a broker that was down at commit loses nothing.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from . import channels
from .models import Notification

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


def _relay_grace() -> timedelta:
    """The task enqueued at commit delivers at once; the relay steps in only after this."""
    return settings.SLA_RELAY_GRACE


def _claim() -> timedelta:
    """How long a delivery attempt holds its row before another may take it over."""
    return settings.SLA_DELIVERY_CLAIM


def backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=5 * 2**attempts), timedelta(hours=1))


def write_all(notices) -> None:
    """For each (escalation, people, subject, body, team): tell the people in the portal and by
    e-mail, and the team's Slack channel (else the company's); one INSERT for them all."""
    _write(
        [
            ({"escalation": escalation, "subject": subject, "body": body}, people, team)
            for escalation, people, subject, body, team in notices
        ]
    )


def tell(topic: str, people, subject: str, body: str, *, link: str = "", team=None) -> None:
    """A notice of `topic` (not an escalation's), told as an escalation is; told once per
    topic and address, so a second call about the same topic tells no one again."""
    already = set(
        Notification.objects.filter(escalation=None, topic=topic).values_list("channel", "address")
    )
    _write(
        [({"topic": topic, "link": link, "subject": subject, "body": body}, people, team)],
        skip=already,
    )


def _write(notices, skip=frozenset()) -> None:
    now = timezone.now()
    Channel = Notification.Channel
    rows = []
    for text, people, team in notices:
        later = now + _relay_grace()
        for person in people:
            address = f"user:{person.pk}"
            # In the portal the row is the message: sent as it is written.
            rows.append(
                Notification(
                    **text,
                    channel=Channel.IN_APP,
                    address=address,
                    recipient=person,
                    status=Notification.Status.SENT,
                    sent_at=now,
                    next_attempt_at=now,
                )
            )
            if person.email:
                rows.append(
                    Notification(
                        **text,
                        channel=Channel.EMAIL,
                        address=address,
                        recipient=person,
                        next_attempt_at=later,
                    )
                )
        own = team if team and team.slack_webhook_url else None
        slack = Notification(
            **text,
            channel=Channel.SLACK,
            address=f"team:{own.pk}" if own else "slack",
            team=own,
            next_attempt_at=later,
        )
        if channels.slack_webhook(slack):
            rows.append(slack)
    rows = [row for row in rows if (row.channel, row.address) not in skip]
    Notification.objects.bulk_create(rows)
    to_send = [row.pk for row in rows if row.status == Notification.Status.PENDING]
    if to_send:
        transaction.on_commit(lambda: enqueue(to_send))


TASK_SIZE = 10  # deliveries per task: a few messages' worth of work, a tenth of the publishes


def enqueue(ids: list[int]) -> int:
    """Hand deliveries to the workers; with the broker down, leave them to the relay."""
    from .tasks import deliver_notifications

    for count in range(0, len(ids), TASK_SIZE):
        try:
            deliver_notifications.apply_async((ids[count : count + TASK_SIZE],), retry=False)
        except Exception:
            log.warning(
                "Broker unavailable: %d notification(s) left to the relay", len(ids) - count
            )
            return count
    return len(ids)


def deliver_each(ids: list[int]) -> None:
    for pk in ids:
        try:
            deliver(pk)
        except Exception:  # the relay hands it over again after the grace
            log.exception("Notification %s: delivery failed", pk)


def deliver(pk: int) -> Notification | None:
    """Send one notification if no one else has, or is: the row after the attempt, or None
    when it was not this attempt's to make."""
    now = timezone.now()
    # The first attempt at once; a retry when its backoff is over; a dead attempt's row when
    # its claim has run out. Never a row another attempt holds.
    claimable = Q(status=Notification.Status.PENDING, attempts=0) | Q(
        status__in=[Notification.Status.PENDING, Notification.Status.SENDING],
        next_attempt_at__lte=now,
    )
    claimed = (
        Notification.objects.filter(claimable, pk=pk)
        .exclude(channel=Notification.Channel.IN_APP)
        .update(
            status=Notification.Status.SENDING,
            attempts=F("attempts") + 1,
            next_attempt_at=now + _claim(),
        )
    )
    if not claimed:
        return None
    notification = Notification.objects.select_related("recipient", "team").get(pk=pk)
    try:
        channels.send(notification)
    except Exception as error:
        gave_up = notification.attempts >= MAX_ATTEMPTS
        log.warning(
            "Notification %s not delivered (attempt %s): %s", pk, notification.attempts, error
        )
        Notification.objects.filter(pk=pk, status=Notification.Status.SENDING).update(
            status=Notification.Status.FAILED if gave_up else Notification.Status.PENDING,
            next_attempt_at=timezone.now() + backoff(notification.attempts),
            last_error=str(error)[:2000],
        )
    else:
        Notification.objects.filter(pk=pk).update(
            status=Notification.Status.SENT, sent_at=timezone.now(), last_error=""
        )
    notification.refresh_from_db()
    return notification


def relay(now, limit: int = 500) -> int:
    """Enqueue the deliveries that should have happened by `now`: the broker was down, the
    worker died, or a retry is due."""
    due = list(Notification.objects.to_deliver(now).values_list("pk", flat=True)[:limit])
    Notification.objects.filter(pk__in=due).update(relayed_at=now)
    return enqueue(due)
