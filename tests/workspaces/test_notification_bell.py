"""The bell: the SLA engine's in-portal notifications, an unread count in the top bar, read
one by one or all at once; nobody reads another's."""

from datetime import timedelta

import pytest
from django.utils import timezone

from escalations.models import Clock, Notification
from tests.escalations.conftest import sweep


@pytest.fixture
def escalated(mql, now):
    """The Tier 1 first touch breached: the engine tells the SDR manager in the portal."""
    first_touch = Clock.objects.get(subject_id=mql.pk, code="sdr_first_touch_t1")
    now.move_to(first_touch.breach_at + timedelta(minutes=1))
    sweep(timezone.now())
    return Notification.objects.get(channel="in_app", recipient__username="sdrmgr")


def unread_badge(client) -> str | None:
    page = client.get("/notifications/").content.decode()
    marker = 'data-testid="unread">'
    return page.split(marker)[1].split("<")[0] if marker in page else None


def test_the_bell_counts_what_the_engine_said_and_lists_it(escalated, client, org):
    client.force_login(org["sdrmgr"])

    page = client.get("/notifications/").content.decode()

    assert unread_badge(client) == "1"
    assert escalated.subject in page


def test_reading_a_notification_clears_the_count(escalated, client, org):
    client.force_login(org["sdrmgr"])

    client.post(f"/notifications/{escalated.pk}/read/")

    assert unread_badge(client) is None
    escalated.refresh_from_db()
    assert escalated.read_at is not None


def test_mark_all_read(escalated, client, org):
    client.force_login(org["sdrmgr"])

    client.post("/notifications/read/")

    assert not Notification.objects.inbox(org["sdrmgr"]).unread().exists()


def test_nobody_reads_anothers_notification(escalated, client, org):
    client.force_login(org["sdr2"])

    assert client.post(f"/notifications/{escalated.pk}/read/").status_code == 404
    assert escalated.subject not in client.get("/notifications/").content.decode()
    escalated.refresh_from_db()
    assert escalated.read_at is None
