"""The company's own calendar day.

Business dates (close dates, "in the past", fiscal quarters, scoreboard periods) are the
company's, not UTC's: at 21:00 in New York it is already tomorrow in UTC. The zone is the
COMPANY_TIME_ZONE setting, else the zone of the default business calendar (the first one),
remembered for a minute so a change in the admin is seen soon without a query per call.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

MEMORY = timedelta(minutes=1)
FALLBACK_ZONE = "America/New_York"
_remembered: dict[str, object] = {}


def forget() -> None:
    _remembered.clear()


def time_zone() -> ZoneInfo:
    if settings.COMPANY_TIME_ZONE:
        return ZoneInfo(settings.COMPANY_TIME_ZONE)
    now = timezone.now()
    if not _remembered or abs(now - _remembered["at"]) >= MEMORY:
        from slaportal.charter.models import BusinessCalendar

        zone = (
            BusinessCalendar.objects.order_by("pk").values_list("default_timezone", flat=True)
        ).first()
        _remembered.update(zone=ZoneInfo(zone or FALLBACK_ZONE), at=now)
    return _remembered["zone"]


def today() -> date:
    return timezone.localdate(timezone=time_zone())


def date_of(moment: datetime) -> date:
    return timezone.localdate(moment, timezone=time_zone())


def quarter_start(day: date) -> date:
    """The first day of the fiscal quarter holding `day` (the fiscal year starts in
    FISCAL_YEAR_START_MONTH)."""
    months = (day.month - settings.FISCAL_YEAR_START_MONTH) % 3
    first_month = (day.month - months - 1) % 12 + 1
    year = day.year - (1 if first_month > day.month else 0)
    return date(year, first_month, 1)
