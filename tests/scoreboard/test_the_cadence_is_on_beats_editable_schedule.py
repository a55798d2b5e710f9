"""Beat runs the daily flash and the weekly commitment review from django-celery-beat rows,
so RevOps moves them in the admin; making them again leaves an edited row as it is."""

import pytest
from django_celery_beat.models import PeriodicTask

from scoreboard.schedules import ensure_schedules

pytestmark = pytest.mark.django_db


def test_the_flash_and_the_review_are_scheduled_after_migrate():
    flash = PeriodicTask.objects.get(task="scoreboard.tasks.post_daily_flash")
    review = PeriodicTask.objects.get(task="scoreboard.tasks.review_commitments")

    assert (flash.crontab.hour, flash.crontab.minute, flash.crontab.day_of_week) == (
        "8",
        "0",
        "1-5",
    )
    assert (review.crontab.hour, review.crontab.day_of_week) == ("6", "1")
    assert str(flash.crontab.timezone) == "America/New_York"


def test_an_edited_schedule_is_kept():
    flash = PeriodicTask.objects.get(task="scoreboard.tasks.post_daily_flash")
    flash.crontab.hour = "7"
    flash.crontab.save()
    flash.enabled = False
    flash.save()

    ensure_schedules()

    flash.refresh_from_db()
    assert (flash.crontab.hour, flash.enabled) == ("7", False)
    assert PeriodicTask.objects.filter(task="scoreboard.tasks.post_daily_flash").count() == 1
