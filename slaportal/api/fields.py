"""Typed, bounded input fields for the API's schemas.

Every value a caller sends has a type (strict: an integer is not a boolean, a date is an ISO 8601
string, not a Unix number), a size and a plausible range, so nothing malformed reaches the
database and every refusal is a 422 naming the field. The bounds are in the OpenAPI document
too, except the ones relative to the clock, which each field's description states.
"""

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Annotated

from django.utils import timezone
from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    WithJsonSchema,
)

from slaportal import company

# The largest primary key the database holds (a 64-bit integer).
MAX_ID = 2**63 - 1
# PostgreSQL text cannot hold NUL; no person or system means to send one.
NO_NUL = r"^[^\u0000]*$"
# Spaces, tabs and line breaks spelled out: `\s` means different characters in the regex
# dialects of Python, Rust (pydantic) and ECMA (OpenAPI clients).
BLANK = r" \t\r\n"
# How far ahead of the server's clock a system of record's timestamp may be.
CLOCK_SKEW = timedelta(minutes=5)
# Nothing the portal records happened before this.
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)


def text(max_length: int, *, min_length: int = 0, pattern: str = NO_NUL, **field):
    """A string of bounded length without NUL bytes (or matching `pattern`)."""
    return Annotated[
        StrictStr, Field(min_length=min_length, max_length=max_length, pattern=pattern, **field)
    ]


def _whole_number(value):
    """JSON has one number type: 60.0 is the integer 60, but true is not 1 and "60" is text."""
    if isinstance(value, bool):
        raise ValueError("a whole number, not true or false")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def count(low: int, high: int, **field):
    """A whole number in [low, high]; booleans, fractions and numeric strings are refused."""
    return Annotated[StrictInt, Field(ge=low, le=high, **field), BeforeValidator(_whole_number)]


Flag = StrictBool
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
HttpsUrl = text(200, min_length=10, pattern=rf"^https?://[^{BLANK}/?#\u0000]+\.[^{BLANK}\u0000]+$")


def _iso_string(value):
    if not isinstance(value, str):
        raise ValueError("an ISO 8601 string, e.g. 2026-03-03T10:00:00-05:00 or 2026-03-03")
    return value


def _within(earliest: Callable[[], datetime], latest: Callable[[], datetime], words: str):
    def check(moment: datetime) -> datetime:
        if moment.tzinfo is None:
            raise ValueError("needs a UTC offset (ISO 8601, e.g. 2026-03-03T10:00:00-05:00)")
        try:
            moment.astimezone(UTC)
        except OverflowError:
            raise ValueError(f"must be {words}") from None
        if not earliest() <= moment <= latest():
            raise ValueError(f"must be {words}")
        return moment

    return check


def instant(earliest: Callable[[], datetime], latest: Callable[[], datetime], words: str):
    """An aware ISO 8601 date-time between `earliest()` and `latest()`, said as `words`."""
    return Annotated[
        datetime,
        BeforeValidator(_iso_string),
        AfterValidator(_within(earliest, latest, words)),
        Field(description=f"ISO 8601 with a UTC offset, {words}."),
    ]


OccurredAt = instant(
    lambda: EARLIEST,
    lambda: timezone.now() + CLOCK_SKEW,
    "not in the future and not before 2000 (the system of record's timestamp)",
)
MeetingStart = instant(
    lambda: timezone.now() - timedelta(days=366),
    lambda: timezone.now() + timedelta(days=366),
    "within a year of now",
)


def _upcoming(day: date) -> date:
    today = company.today()
    if day < today:
        raise ValueError("is in the past")
    if day > today + timedelta(days=3 * 366):
        raise ValueError("is more than three years ahead")
    return day


UpcomingDay = Annotated[
    date,
    BeforeValidator(_iso_string),
    AfterValidator(_upcoming),
    Field(description="An ISO 8601 date, from today (the company's time zone) to 3 years on."),
]


MAX_AMOUNT = Decimal("9999999999.99")
AMOUNT_PATTERN = r"^[0-9]{1,10}(\.[0-9]{1,2})?$"


def _amount(value):
    """A JSON number, or a string of one (how money is often sent, to avoid floats)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError('a number of at most 10 digits and 2 decimals, e.g. 24000 or "24000.50"')
    if isinstance(value, str) and not re.fullmatch(AMOUNT_PATTERN, value):
        raise ValueError('a number of at most 10 digits and 2 decimals, e.g. "24000.50"')
    return Decimal(str(value))


Amount = Annotated[
    Decimal,
    BeforeValidator(_amount),
    Field(ge=0, le=MAX_AMOUNT, max_digits=12, decimal_places=2),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": 9999999999.99, "multipleOf": 0.01},
                {"type": "string", "pattern": AMOUNT_PATTERN, "maxLength": 13},
            ],
            "description": "Money: at most 10 digits and 2 decimals, as a number or a string.",
        }
    ),
]
