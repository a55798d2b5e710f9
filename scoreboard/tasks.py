"""The scoreboard's scheduled work. Beat's schedules for both are rows of django-celery-beat
(`schedules.py`), so RevOps moves them in the admin; each task is safe to run twice."""

from datetime import date

from celery import shared_task

from slaportal import company

from . import commitments, flash, rollups


@shared_task(name="scoreboard.tasks.post_daily_flash")
def post_daily_flash(day: str | None = None) -> str:
    """The flash of `day` (ISO date), by default the prior business day."""
    posted = flash.post(
        date.fromisoformat(day) if day else flash.prior_business_day(company.today())
    )
    return posted.subject


@shared_task(name="scoreboard.tasks.review_commitments")
def review_commitments(monday: str | None = None) -> int:
    """The commitment review of the week starting `monday`, by default last week."""
    week = date.fromisoformat(monday) if monday else commitments.last_week()
    return len(commitments.review_week(week))


@shared_task(name="scoreboard.tasks.refresh_rollups")
def refresh_rollups() -> str:
    """Beat's refresh of the daily rollups (settings.SCOREBOARD_ROLLUP_INTERVAL); one at a
    time (the span's row is locked), so a refresh that outlasts the interval is not doubled."""
    span = rollups.refresh()
    return str(span) if span else "no charter in force"
