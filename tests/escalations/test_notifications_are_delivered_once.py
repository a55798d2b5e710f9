"""Each notification goes out once on its channel: delivered after the escalation commits,
retried with backoff when the channel fails, taken over when a delivery died half-way, and
relayed by the sweep when the broker was down at commit."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail

from escalations import outbox
from escalations.models import Notification
from tests.escalations.conftest import deliver_all, sweep
from tests.fake_slack import FakeSlack

pytestmark = pytest.mark.django_db

BREACH = datetime(2026, 3, 3, 17, 0, tzinfo=UTC)  # Tier 1 first touch, 2 business hours on


@pytest.fixture
def slack(settings):
    fake = FakeSlack()
    settings.SLACK_WEBHOOK_URL = fake.url
    yield fake
    fake.close()


def breached(now):
    now.move_to(BREACH)
    sweep()
    return Notification.objects.filter(escalation__clock__code="sdr_first_touch_t1")


def test_every_channel_gets_the_breach_once(mql, org, now, slack):
    notices = breached(now)
    for _ in range(3):
        deliver_all()
        for pk in notices.values_list("pk", flat=True):
            outbox.deliver(pk)  # a task run twice, or beside the relay

    assert sorted(notices.values_list("channel", "status")) == [
        ("email", "sent"),
        ("in_app", "sent"),
        ("slack", "sent"),
    ]
    assert slack.keys() == [notices.get(channel="slack").pk]
    assert "SDR first touch — Tier 1" in slack.delivered[0]["text"]
    assert len([m for m in mail.outbox if "SDR first touch" in m.subject]) == 1


def test_a_team_channel_gets_its_peoples_escalations(mql, org, now, slack, settings):
    settings.SLACK_WEBHOOK_URL = ""
    team = org["sdr1"].team
    team.slack_webhook_url = slack.url
    team.save()

    deliver_all_after = breached(now)
    deliver_all()

    notice = deliver_all_after.get(channel="slack")
    assert (notice.address, notice.status) == (f"team:{team.pk}", "sent")
    assert slack.keys() == [notice.pk]


def test_a_failing_channel_is_retried_with_backoff(mql, org, now, settings):
    slack = FakeSlack(fail=2)
    settings.SLACK_WEBHOOK_URL = slack.url
    try:
        notice = breached(now).get(channel="slack")
        outbox.deliver(notice.pk)
        notice.refresh_from_db()
        assert (notice.status, notice.attempts) == ("pending", 1)
        assert notice.next_attempt_at == BREACH + outbox.backoff(1)
        assert "500" in notice.last_error

        now.move_to(notice.next_attempt_at)
        sweep()  # relays it: due again
        outbox.deliver(notice.pk)
        now.shift(outbox.backoff(2))
        outbox.deliver(notice.pk)
    finally:
        slack.close()

    notice.refresh_from_db()
    assert (notice.status, notice.attempts, notice.last_error) == ("sent", 3, "")
    assert slack.keys() == [notice.pk]


def test_a_channel_that_keeps_failing_is_given_up_and_says_why(mql, org, now, settings):
    settings.SLACK_WEBHOOK_URL = "http://127.0.0.1:9/nothing-listens-here"
    notice = breached(now).get(channel="slack")

    for _ in range(outbox.MAX_ATTEMPTS):
        outbox.deliver(notice.pk)
        notice.refresh_from_db()
        now.move_to(notice.next_attempt_at)

    assert (notice.status, notice.attempts) == ("failed", outbox.MAX_ATTEMPTS)
    assert notice.last_error


def test_a_delivery_that_died_half_way_is_taken_over_after_its_claim(mql, org, now, slack):
    notice = breached(now).get(channel="slack")
    # A worker claimed it, then died before sending.
    Notification.objects.filter(pk=notice.pk).update(
        status="sending", attempts=1, next_attempt_at=BREACH + outbox._claim()
    )
    assert outbox.deliver(notice.pk) is None  # its claim still holds

    now.move_to(BREACH + outbox._claim())
    assert outbox.relay(BREACH + outbox._claim()) >= 1
    outbox.deliver(notice.pk)

    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == ("sent", 2)
    assert slack.keys() == [notice.pk]


def test_with_the_broker_down_at_commit_the_sweep_relays_later(mql, org, now, slack, monkeypatch):
    from escalations import tasks

    def broker_down(*args, **kwargs):
        raise OSError("Connection refused")

    monkeypatch.setattr(tasks.deliver_notifications, "apply_async", broker_down)
    notices = breached(now)
    assert outbox.enqueue(list(notices.values_list("pk", flat=True))) == 0
    monkeypatch.undo()

    relayed = []
    monkeypatch.setattr(
        tasks.deliver_notifications, "apply_async", lambda args, **kw: relayed.extend(args[0])
    )
    now.shift(timedelta(seconds=1))
    sweep()
    assert not relayed  # within the grace the task enqueued at commit is trusted
    now.move_to(BREACH + outbox._relay_grace())
    sweep()
    for pk in relayed:
        outbox.deliver(pk)

    assert sorted(relayed) == sorted(notices.exclude(channel="in_app").values_list("pk", flat=True))
    assert set(notices.values_list("status", flat=True)) == {"sent"}


def test_a_backlog_the_workers_have_not_reached_is_relayed_once_per_grace(
    mql, org, now, slack, monkeypatch
):
    from escalations import tasks

    enqueued = []
    monkeypatch.setattr(
        tasks.deliver_notifications, "apply_async", lambda args, **kw: enqueued.extend(args[0])
    )
    waiting = sorted(breached(now).exclude(channel="in_app").values_list("pk", flat=True))
    enqueued.clear()  # what commit enqueued (the test's transaction never commits)

    now.move_to(BREACH + outbox._relay_grace())
    for _ in range(3):  # sweeps every few seconds while the workers are busy elsewhere
        sweep()
        now.shift(timedelta(seconds=2))
    assert sorted(enqueued) == waiting  # relayed once, not once per sweep

    now.move_to(BREACH + 2 * outbox._relay_grace())
    sweep()  # still not delivered a grace after it was relayed: handed over again
    assert sorted(enqueued) == sorted(waiting * 2)


def test_a_delivery_that_breaks_does_not_hold_up_the_rest_of_its_task(
    mql, org, now, slack, monkeypatch
):
    waiting = list(breached(now).exclude(channel="in_app").values_list("pk", flat=True))
    broken, deliver = waiting[0], outbox.deliver

    def deliver_or_break(pk):
        if pk == broken:
            raise RuntimeError("database went away")
        return deliver(pk)

    monkeypatch.setattr(outbox, "deliver", deliver_or_break)
    outbox.deliver_each(waiting)

    statuses = dict(Notification.objects.filter(pk__in=waiting).values_list("pk", "status"))
    assert statuses.pop(broken) == "pending"  # left for the relay
    assert set(statuses.values()) == {"sent"}
