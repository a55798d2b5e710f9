"""Writes to the charter. Views, admin actions, commands and tests all call these."""

from datetime import time

from django.db import transaction

from .models import BusinessCalendar, Weekday, WeeklyHours

DEFAULT_CALENDAR_NAME = "Business hours 08:00–18:00 prospect-local"


@transaction.atomic
def ensure_default_calendar() -> BusinessCalendar:
    """The seeds' business hours: Monday to Friday 08:00–18:00 in the prospect's zone, US
    public holidays closed. Idempotent; an existing calendar of that name is left as edited."""
    calendar, created = BusinessCalendar.objects.get_or_create(
        name=DEFAULT_CALENDAR_NAME,
        defaults={"default_timezone": "America/New_York", "holiday_country": "US"},
    )
    if created:
        WeeklyHours.objects.bulk_create(
            WeeklyHours(calendar=calendar, weekday=day, opens=time(8), closes=time(18))
            for day in (
                Weekday.MONDAY,
                Weekday.TUESDAY,
                Weekday.WEDNESDAY,
                Weekday.THURSDAY,
                Weekday.FRIDAY,
            )
        )
    return calendar
