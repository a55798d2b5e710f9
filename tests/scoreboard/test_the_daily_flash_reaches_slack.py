"""The daily SLA flash, posted to a real HTTP server standing in for Slack: the prior
business day's compliance, its breaches and the Tier 1 MQLs still untouched, red items tagged
by name; posted once however often beat fires."""

from datetime import UTC, datetime

import pytest
import time_machine

from escalations.models import Notification
from scoreboard import tasks
from tests.escalations.conftest import deliver_all
from tests.fake_slack import FakeSlack

WEDNESDAY_8AM_NY = datetime(2026, 3, 4, 13, 0, tzinfo=UTC)
MONDAY_8AM_NY = datetime(2026, 3, 9, 12, 0, tzinfo=UTC)


@pytest.fixture
def slack(settings):
    fake = FakeSlack()
    settings.SLACK_WEBHOOK_URL = fake.url
    yield fake
    fake.close()


@pytest.fixture
def posted(day, slack):
    with time_machine.travel(WEDNESDAY_8AM_NY, tick=False):
        subject = tasks.post_daily_flash()
        deliver_all()
    return subject


def test_the_flash_of_tuesday_is_posted_on_wednesday_morning(posted, slack):
    assert posted == "SLA flash — Tue 3 Mar 2026"
    assert len(slack.delivered) == 1
    text = slack.delivered[0]["text"]
    assert text.startswith("*SLA flash — Tue 3 Mar 2026*")
    assert "🟠 MQL Response — Tier 1: 66.7 % (4/6)" in text
    assert "⚪ MQL Response — Tier 2: no data (0/0)" in text


def test_red_items_are_tagged_by_the_names_behind_them(posted, slack, day):
    lines = slack.delivered[0]["text"].splitlines()
    acceptance = next(line for line in lines if "SQL Acceptance Rate" in line)
    first_contact = next(line for line in lines if "First contact within the window" in line)

    # b's AE accepted 5 minutes late; d's and f's SDR missed the first touch.
    assert acceptance.startswith("🔴")
    assert acceptance.endswith(f"— @{day['b'].ae.username}")
    assert first_contact.endswith(f"— @{day['d'].owner.username}")


def test_breaches_and_untouched_priority_leads(posted, slack, day):
    text = slack.delivered[0]["text"]

    assert "*Breaches* (1)\n• SDR first touch — Tier 1: 1" in text
    assert f"By owner: @{day['f'].owner.username} 1" in text
    assert "*Priority leads outstanding* (1 Tier 1 not yet touched)" in text
    assert f"• f@wonka.example — MQL Tue 10:00, @{day['f'].owner.username}" in text


def test_the_attendees_find_it_in_their_bell(posted, org):
    told = set(
        Notification.objects.filter(topic="flash:2026-03-03", channel="in_app").values_list(
            "recipient__username", flat=True
        )
    )

    assert told == {"sdrmgr", "aemgr", "revops"}


def test_beat_firing_twice_posts_once(posted, slack):
    with time_machine.travel(WEDNESDAY_8AM_NY, tick=False):
        tasks.post_daily_flash()
        deliver_all()

    assert len(slack.delivered) == 1


def test_on_monday_the_prior_business_day_is_friday(org, slack):
    with time_machine.travel(MONDAY_8AM_NY, tick=False):
        assert tasks.post_daily_flash() == "SLA flash — Fri 6 Mar 2026"


def test_after_a_holiday_the_prior_business_day_is_the_one_before_it(org, slack):
    # Memorial Day, Monday 25 May 2026: Tuesday's flash is Friday's.
    with time_machine.travel(datetime(2026, 5, 26, 12, 0, tzinfo=UTC), tick=False):
        assert tasks.post_daily_flash() == "SLA flash — Fri 22 May 2026"
