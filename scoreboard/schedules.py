"""Beat's schedules for the operating cadence, as django-celery-beat rows RevOps can edit in
the admin (a schedule in settings would be written back over their edit at every start of
beat). Made once, after migrate; an edited or disabled row is left as it is."""

from django_celery_beat.models import CrontabSchedule, PeriodicTask

from slaportal import company

# (name, task, minute, hour, days of the week): the flash before the managers' day starts;
# the week's review early on Monday, before the revenue sync.
CADENCE = (
    ("SLA flash report (daily)", "scoreboard.tasks.post_daily_flash", "0", "8", "1-5"),
    ("Commitment review (weekly)", "scoreboard.tasks.review_commitments", "0", "6", "1"),
)


def ensure_schedules() -> None:
    for name, task, minute, hour, days in CADENCE:
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week=days,
            day_of_month="*",
            month_of_year="*",
            timezone=str(company.time_zone()),
        )
        PeriodicTask.objects.create(name=name, task=task, crontab=crontab)
