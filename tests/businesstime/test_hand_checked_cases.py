"""Business time, checked by hand against a wall calendar for each edge the SLA clocks meet."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from slaportal.businesstime import BusinessCalendar
from tests.businesstime.calendars import (
    ALWAYS_OPEN,
    KOLKATA,
    LONDON,
    NEW_YORK,
    SYDNEY,
    WEEKDAYS_8_TO_18,
    new_york_office,
)

HOUR = timedelta(hours=1)
MINUTE = timedelta(minutes=1)


def ny(*args) -> datetime:
    return datetime(*args, tzinfo=NEW_YORK)


# --- America/New_York across its DST changes (2026: 8 March and 1 November) ----------------


def test_friday_evening_lead_waits_over_spring_forward_weekend():
    # Friday 17:00 EST + 2 business hours = 1 h on Friday, 1 h on Monday (now EDT).
    result = new_york_office().add(ny(2026, 3, 6, 17), 2 * HOUR)

    assert result == ny(2026, 3, 9, 9)
    assert result.utcoffset() == timedelta(hours=-4)
    assert result.astimezone(UTC) == datetime(2026, 3, 9, 13, tzinfo=UTC)


def test_friday_evening_lead_waits_over_fall_back_weekend():
    result = new_york_office().add(ny(2026, 10, 30, 17, 30), HOUR)

    assert result == ny(2026, 11, 2, 8, 30)
    assert result.utcoffset() == timedelta(hours=-5)


def test_the_23_and_25_hour_days_count_their_real_length():
    always = BusinessCalendar("America/New_York", ALWAYS_OPEN)

    assert always.elapsed(ny(2026, 3, 8), ny(2026, 3, 9)) == 23 * HOUR
    assert always.elapsed(ny(2026, 11, 1), ny(2026, 11, 2)) == 25 * HOUR
    assert always.add(ny(2026, 3, 8), 23 * HOUR) == ny(2026, 3, 9)
    assert always.add(ny(2026, 11, 1), 24 * HOUR) == ny(2026, 11, 1, 23)


def test_hours_in_the_skipped_hour_open_when_the_clock_jumps():
    # Sunday 02:30–04:00; on 8 March 2026 the clock jumps from 02:00 EST to 03:00 EDT.
    sunday_night = BusinessCalendar("America/New_York", {6: [(time(2, 30), time(4))]})

    assert sunday_night.next_open(ny(2026, 3, 8)) == ny(2026, 3, 8, 3)
    assert sunday_night.elapsed(ny(2026, 3, 8), ny(2026, 3, 9)) == HOUR
    assert sunday_night.elapsed(ny(2026, 3, 15), ny(2026, 3, 16)) == 90 * MINUTE
    assert not sunday_night.is_open(ny(2026, 3, 8, 1, 59))


def test_hours_in_the_repeated_hour_open_at_its_first_occurrence():
    # Sunday 01:30–03:00; on 1 November 2026 01:00–02:00 happens twice (EDT, then EST).
    sunday_night = BusinessCalendar("America/New_York", {6: [(time(1, 30), time(3))]})

    opening = sunday_night.next_open(ny(2026, 11, 1))
    assert opening.astimezone(UTC) == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 EDT
    assert sunday_night.elapsed(ny(2026, 11, 1), ny(2026, 11, 2)) == 150 * MINUTE
    second_half_past_one = datetime(2026, 11, 1, 6, 30, tzinfo=UTC)  # 01:30 EST
    assert sunday_night.is_open(second_half_past_one)


# --- Other zones -----------------------------------------------------------------------------


def test_london_easter_and_summer_time():
    london = BusinessCalendar(
        "Europe/London",
        {weekday: [(time(9), time(17, 30))] for weekday in range(5)},
        country="GB",
        subdivision="ENG",
    )
    maundy_thursday_close = datetime(2026, 4, 2, 17, tzinfo=LONDON)

    # Good Friday and Easter Monday are bank holidays in England.
    result = london.add(maundy_thursday_close, HOUR)

    assert result == datetime(2026, 4, 7, 9, 30, tzinfo=LONDON)
    assert result.utcoffset() == HOUR  # BST since 29 March
    assert (
        london.elapsed(
            datetime(2026, 3, 27, 9, tzinfo=LONDON), datetime(2026, 3, 30, 9, tzinfo=LONDON)
        )
        == 8.5 * HOUR
    )


def test_kolkata_has_no_dst_and_a_half_hour_offset():
    kolkata = BusinessCalendar("Asia/Kolkata", WEEKDAYS_8_TO_18)
    # 12:28 UTC is 17:58 IST on a Tuesday.
    result = kolkata.add(datetime(2026, 6, 2, 12, 28, tzinfo=UTC), 5 * MINUTE)

    assert result == datetime(2026, 6, 3, 8, 3, tzinfo=KOLKATA)
    assert result.astimezone(UTC) == datetime(2026, 6, 3, 2, 33, tzinfo=UTC)
    assert (
        kolkata.elapsed(datetime(2026, 3, 2, tzinfo=KOLKATA), datetime(2026, 3, 9, tzinfo=KOLKATA))
        == 50 * HOUR
    )


def test_sydney_southern_dst_ends_over_easter():
    sydney = BusinessCalendar("Australia/Sydney", WEEKDAYS_8_TO_18, country="AU", subdivision="NSW")
    always = BusinessCalendar("Australia/Sydney", ALWAYS_OPEN)

    # Thursday 17:00 AEDT; Good Friday and Easter Monday closed; DST ends Sunday 5 April.
    result = sydney.add(datetime(2026, 4, 2, 17, tzinfo=SYDNEY), 2 * HOUR)

    assert result == datetime(2026, 4, 7, 9, tzinfo=SYDNEY)
    assert result.utcoffset() == timedelta(hours=10)
    assert (
        always.elapsed(datetime(2026, 4, 5, tzinfo=SYDNEY), datetime(2026, 4, 6, tzinfo=SYDNEY))
        == 25 * HOUR
    )
    assert (
        always.elapsed(datetime(2026, 10, 4, tzinfo=SYDNEY), datetime(2026, 10, 5, tzinfo=SYDNEY))
        == 23 * HOUR
    )


# --- Split shifts and where the start falls ----------------------------------------------


SPLIT = BusinessCalendar(
    "America/New_York",
    {weekday: [(time(8), time(12)), (time(13), time(17))] for weekday in range(5)},
)


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        (ny(2026, 6, 2, 6), HOUR, ny(2026, 6, 2, 9)),  # before the first interval
        (ny(2026, 6, 2, 10), HOUR, ny(2026, 6, 2, 11)),  # inside
        (ny(2026, 6, 2, 11, 30), HOUR, ny(2026, 6, 2, 13, 30)),  # across the lunch break
        (ny(2026, 6, 2, 12, 15), 30 * MINUTE, ny(2026, 6, 2, 13, 30)),  # between intervals
        (ny(2026, 6, 2, 19), HOUR, ny(2026, 6, 3, 9)),  # after the last
        (ny(2026, 6, 2, 16), HOUR, ny(2026, 6, 2, 17)),  # lands on the close: the close
        (ny(2026, 6, 2, 11), HOUR, ny(2026, 6, 2, 12)),  # lands on the lunch close
        (ny(2026, 6, 2, 10), timedelta(seconds=1), ny(2026, 6, 2, 10, 0, 1)),
        (ny(2026, 6, 2, 10), timedelta(0), ny(2026, 6, 2, 10)),
        (ny(2026, 6, 6, 10), timedelta(0), ny(2026, 6, 6, 10)),  # zero keeps a closed start
    ],
)
def test_split_shift_add(start, duration, expected):
    assert SPLIT.add(start, duration) == expected


def test_split_shift_open_and_elapsed():
    assert SPLIT.elapsed(ny(2026, 6, 2, 11), ny(2026, 6, 2, 14)) == 2 * HOUR
    assert not SPLIT.is_open(ny(2026, 6, 2, 12, 30))
    assert SPLIT.is_open(ny(2026, 6, 2, 13))
    assert not SPLIT.is_open(ny(2026, 6, 2, 17))  # intervals are half-open
    assert SPLIT.next_open(ny(2026, 6, 2, 12, 30)) == ny(2026, 6, 2, 13)
    assert SPLIT.next_open(ny(2026, 6, 2, 10, 5)) == ny(2026, 6, 2, 10, 5)
    assert SPLIT.next_open(ny(2026, 6, 5, 17)) == ny(2026, 6, 8, 8)


# --- Holidays and year ends --------------------------------------------------------------


def test_public_holiday_on_a_monday_is_closed():
    office = new_york_office()  # Memorial Day: Monday 25 May 2026

    assert not office.is_open(ny(2026, 5, 25, 10))
    assert office.add(ny(2026, 5, 22, 17), 2 * HOUR) == ny(2026, 5, 26, 9)
    assert office.add_days(ny(2026, 5, 22, 11), 1) == ny(2026, 5, 26, 11)


def test_a_company_closed_date_on_a_monday_is_added_to_public_holidays():
    office = new_york_office(holidays=[date(2026, 6, 15)])

    assert office.next_open(ny(2026, 6, 13, 12)) == ny(2026, 6, 16, 8)


def test_across_the_year_end_and_new_years_day():
    office = new_york_office()  # Thursday 31 Dec 2026, New Year's Day a Friday

    assert office.add(ny(2026, 12, 31, 17), 2 * HOUR) == ny(2027, 1, 4, 9)
    assert office.elapsed(ny(2026, 12, 31, 17), ny(2027, 1, 4, 9)) == 2 * HOUR
    assert office.add_days(ny(2026, 12, 30, 9), 2) == ny(2027, 1, 4, 9)


def test_christmas_observed_on_a_friday():
    office = new_york_office()  # 25 Dec 2027 is a Saturday: observed Friday the 24th

    assert not office.is_open(ny(2027, 12, 24, 10))
    assert office.add(ny(2027, 12, 23, 17), 2 * HOUR) == ny(2027, 12, 27, 9)


def test_extra_open_date_opens_a_saturday_and_overrides_a_holiday():
    office = new_york_office(
        extra_open={
            date(2026, 6, 27): [(time(10), time(14))],
            date(2026, 5, 25): [(time(9), time(12))],
        }
    )

    assert office.is_open(ny(2026, 6, 27, 11))
    assert office.add(ny(2026, 6, 26, 17), 2 * HOUR) == ny(2026, 6, 27, 11)
    assert office.is_open(ny(2026, 5, 25, 10))


# --- Durations from seconds to months ------------------------------------------------------


def test_durations_from_seconds_to_months():
    office = new_york_office()
    start = ny(2026, 1, 5, 8)  # Monday

    assert office.add(start, timedelta(seconds=1)) == ny(2026, 1, 5, 8, 0, 1)
    assert office.add(start, 10 * HOUR) == ny(2026, 1, 5, 18)
    # 14 business days of 10 h from Monday 5 Jan (MLK Day, 19 Jan, closed).
    assert office.add(start, 140 * HOUR) == ny(2026, 1, 23, 18)
    # Four months: Mon 5 Jan to Fri 1 May is 17 weeks, 85 weekdays, less MLK Day and
    # Presidents' Day: 83 business days.
    assert office.elapsed(start, ny(2026, 5, 4, 8)) == 830 * HOUR
    assert office.add(start, 830 * HOUR) == ny(2026, 5, 1, 18)


def test_elapsed_is_zero_when_the_end_is_not_after_the_start():
    office = new_york_office()

    assert office.elapsed(ny(2026, 6, 2, 10), ny(2026, 6, 2, 10)) == timedelta(0)
    assert office.elapsed(ny(2026, 6, 2, 11), ny(2026, 6, 2, 10)) == timedelta(0)


# --- add_days --------------------------------------------------------------------------------


def test_add_days_keeps_the_local_time():
    office = new_york_office()

    # Monday 23 Nov 2026 + 14 business days, Thanksgiving (26 Nov) closed.
    assert office.add_days(ny(2026, 11, 23, 10), 14) == ny(2026, 12, 14, 10)
    assert office.add_days(ny(2026, 11, 23, 10), 0) == ny(2026, 11, 23, 10)
    # Across the spring-forward weekend the wall time stays 10:00.
    assert office.add_days(ny(2026, 3, 6, 10), 1) == ny(2026, 3, 9, 10)


def test_add_days_from_a_closed_start_moves_to_the_next_opening_first():
    office = new_york_office()

    assert office.add_days(ny(2026, 6, 6, 11), 1) == ny(2026, 6, 9, 8)  # Saturday → Mon 08:00
    assert office.add_days(ny(2026, 6, 8, 19), 1) == ny(2026, 6, 10, 8)  # evening → next open


def test_add_days_lands_on_the_close_of_a_day_that_closes_earlier():
    short_friday = BusinessCalendar(
        "America/New_York", {**WEEKDAYS_8_TO_18, 4: [(time(8), time(13))]}
    )

    assert short_friday.add_days(ny(2026, 6, 4, 15), 1) == ny(2026, 6, 5, 13)
    assert short_friday.add_days(ny(2026, 6, 4, 15), 2) == ny(2026, 6, 8, 15)


def test_close_of_day_is_the_days_last_closing():
    office = new_york_office()
    split = BusinessCalendar("America/New_York", {0: [(time(8), time(12)), (time(13), time(17))]})

    assert office.close_of_day(ny(2026, 6, 8, 9)) == ny(2026, 6, 8, 18)
    assert office.close_of_day(ny(2026, 6, 8, 19)) == ny(2026, 6, 9, 18)  # evening: tomorrow's
    assert office.close_of_day(ny(2026, 11, 25, 19)) == ny(2026, 11, 27, 18)  # Thanksgiving
    assert split.close_of_day(ny(2026, 6, 8, 12, 30)) == ny(2026, 6, 8, 17)


def test_a_wall_time_on_a_day():
    office = new_york_office()

    assert office.at_wall_time(date(2026, 6, 9), time(10)) == ny(2026, 6, 9, 10)
    # 02:30 does not exist on 8 March 2026: the clock jumps from 02:00 to 03:00.
    assert office.at_wall_time(date(2026, 3, 8), time(2, 30)) == ny(2026, 3, 8, 3)


# --- Zones in and out, and bad input ------------------------------------------------------


def test_any_zone_in_the_calendars_zone_out():
    office = new_york_office()

    result = office.add(datetime(2026, 6, 2, 14, tzinfo=UTC), HOUR)

    assert result.tzinfo == NEW_YORK
    assert result == ny(2026, 6, 2, 11)
    assert office.next_open(datetime(2026, 6, 2, 14, tzinfo=UTC)).tzinfo == NEW_YORK


@pytest.mark.parametrize(
    "call",
    [
        lambda cal: cal.is_open(datetime(2026, 6, 2, 10)),  # noqa: DTZ001
        lambda cal: cal.next_open(datetime(2026, 6, 2, 10)),  # noqa: DTZ001
        lambda cal: cal.add(datetime(2026, 6, 2, 10), HOUR),  # noqa: DTZ001
        lambda cal: cal.elapsed(ny(2026, 6, 2, 10), datetime(2026, 6, 2, 11)),  # noqa: DTZ001
        lambda cal: cal.add_days(datetime(2026, 6, 2, 10), 1),  # noqa: DTZ001
    ],
)
def test_naive_datetimes_are_refused(call):
    with pytest.raises(ValueError, match="naive"):
        call(new_york_office())


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"hours": {0: [(time(18), time(8))]}}, "closes before it opens"),
        ({"hours": {0: [(time(8), time(12)), (time(11), time(14))]}}, "overlap"),
        ({"hours": {7: [(time(8), time(12))]}}, "weekdays are 0"),
        ({"hours": {}}, "needs open hours"),
        ({"hours": WEEKDAYS_8_TO_18, "timezone": "Mars/Olympus"}, "unknown time zone"),
        ({"hours": WEEKDAYS_8_TO_18, "country": "XX"}, "no public holidays known"),
        ({"hours": WEEKDAYS_8_TO_18, "country": "US", "subdivision": "ZZ"}, "subdivision"),
    ],
)
def test_bad_calendars_are_refused_with_a_reason(kwargs, message):
    with pytest.raises(ValueError, match=message):
        BusinessCalendar(**{"timezone": "America/New_York", **kwargs})


def test_negative_durations_are_refused():
    with pytest.raises(ValueError, match="negative"):
        new_york_office().add(ny(2026, 6, 2, 10), -HOUR)
    with pytest.raises(ValueError, match="negative"):
        new_york_office().add_days(ny(2026, 6, 2, 10), -1)
