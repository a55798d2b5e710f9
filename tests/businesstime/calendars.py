"""Calendars the business-time tests share."""

from datetime import time
from zoneinfo import ZoneInfo

from slaportal.businesstime import BusinessCalendar

NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
KOLKATA = ZoneInfo("Asia/Kolkata")
SYDNEY = ZoneInfo("Australia/Sydney")

WEEKDAYS_8_TO_18 = {weekday: [(time(8), time(18))] for weekday in range(5)}
ALWAYS_OPEN = {weekday: [(time(0), time(0))] for weekday in range(7)}


def new_york_office(**options) -> BusinessCalendar:
    return BusinessCalendar("America/New_York", WEEKDAYS_8_TO_18, country="US", **options)
