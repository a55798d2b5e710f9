"""Delivering a notification: in the portal, by e-mail (Django's mail), to a Slack incoming
webhook. Each sends one message and raises on failure; retries are the outbox's business."""

import json
import urllib.request

from django.conf import settings
from django.core.mail import EmailMessage

from .models import Notification

SLACK_TIMEOUT_SECONDS = 10


def send(notification: Notification) -> None:
    if notification.channel == Notification.Channel.EMAIL:
        _email(notification)
    elif notification.channel == Notification.Channel.SLACK:
        _slack(notification)
    # In the portal, the row itself is the message.


def _email(notification: Notification) -> None:
    EmailMessage(
        subject=notification.subject,
        body=notification.body,
        to=[notification.recipient.email],
        # One id per notification: a mail system that sees it twice can tell.
        headers={"Message-ID": f"<notification-{notification.pk}@sla-portal>"},
    ).send()


def slack_webhook(notification: Notification) -> str:
    team = notification.team
    return (team.slack_webhook_url if team else "") or settings.SLACK_WEBHOOK_URL


def _slack(notification: Notification) -> None:
    payload = {
        "text": f"*{notification.subject}*\n{notification.body}",
        "channel": settings.SLACK_CHANNEL,
        # For a receiver that deduplicates: the same notification always has the same key.
        "metadata": {
            "event_type": "sla_escalation",
            "event_payload": {"notification": notification.pk},
        },
    }
    request = urllib.request.Request(
        slack_webhook(notification),
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=SLACK_TIMEOUT_SECONDS) as response:
        if response.status >= 300:
            raise OSError(f"Slack answered {response.status}")
