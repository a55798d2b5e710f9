"""Properties of business-time arithmetic that must hold for any calendar, start and duration."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from slaportal.businesstime import BusinessCalendar

ZONES = [
    "America/New_York",
    "Europe/London",
    "Asia/Kolkata",
    "Australia/Sydney",
    "America/Sao_Paulo",
    "Pacific/Chatham",  # +12:45 / +13:45
    "UTC",
]
MICROSECOND = timedelta(microseconds=1)
properties = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def day_hours(draw, earliest=0, latest=24 * 60):
    """Up to three sorted, disjoint intervals of a day, as (time, time); 24:00 is time(0)."""
    boundaries = sorted(
        draw(st.sets(st.integers(earliest, latest), min_size=0, max_size=6).map(list))
    )
    boundaries = boundaries[: len(boundaries) // 2 * 2]

    def clock(minutes):
        return time(0) if minutes == 24 * 60 else time(minutes // 60, minutes % 60)

    return [(clock(a), clock(b)) for a, b in zip(boundaries[::2], boundaries[1::2], strict=True)]


@st.composite
def calendars(draw, earliest=0, latest=24 * 60, zones=ZONES):
    hours = {weekday: draw(day_hours(earliest, latest)) for weekday in range(7)}
    assume(any(hours.values()))
    closed = draw(st.lists(st.dates(date(2025, 1, 1), date(2027, 12, 31)), max_size=40))
    country = draw(st.sampled_from([None, "US", "GB", "IN"]))
    return BusinessCalendar(draw(st.sampled_from(zones)), hours, holidays=closed, country=country)


instants = st.datetimes(
    min_value=datetime(2025, 1, 1),  # noqa: DTZ001 (hypothesis takes naive bounds)
    max_value=datetime(2027, 6, 30),  # noqa: DTZ001
    timezones=st.sampled_from([ZoneInfo(zone) for zone in ZONES]),
)
durations = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=60))


def instant(moment: datetime) -> datetime:
    """The moment in UTC. Python orders two datetimes of one zone by their wall clocks, fold
    ignored: in a DST gap or a repeated hour, 02:00 (fold 1) may be the same instant as 01:00."""
    return moment.astimezone(UTC)


@properties
@given(calendars(), instants, durations)
def test_elapsed_undoes_add(calendar, start, duration):
    assert calendar.elapsed(start, calendar.add(start, duration)) == duration


@properties
@given(calendars(), instants, durations, durations)
def test_add_is_monotonic_in_the_duration(calendar, start, first, second):
    shorter, longer = sorted([first, second])

    assert instant(calendar.add(start, shorter)) <= instant(calendar.add(start, longer))


@properties
@given(calendars(), instants, durations, durations)
def test_adding_in_two_steps_equals_adding_once(calendar, start, first, second):
    assert calendar.add(calendar.add(start, first), second) == calendar.add(start, first + second)


@properties
@given(calendars(), instants, durations.filter(bool))
def test_add_never_ends_inside_a_closed_period(calendar, start, duration):
    result = calendar.add(start, duration)

    # Reached through open time: open just before, so at worst on a closing boundary.
    assert instant(result) > instant(start)
    assert calendar.is_open(instant(result) - MICROSECOND)


@properties
@given(calendars(), instants)
# Found by Hypothesis: in Sydney's DST gap, 02:00 (fold 1) is the instant 01:00, open.
@example(
    BusinessCalendar("Australia/Sydney", {day: [(time(0), time(0))] for day in range(7)}),
    datetime(2025, 10, 5, 2, 0, fold=1, tzinfo=ZoneInfo("Australia/Sydney")),
)
def test_next_open_is_open_and_skips_no_open_time(calendar, moment):
    opening = calendar.next_open(moment)

    assert instant(opening) >= instant(moment)
    assert calendar.is_open(opening)
    assert calendar.elapsed(moment, opening) == timedelta(0)
    assert opening.tzinfo == calendar.zone


@properties
@given(calendars(), instants, durations, durations)
def test_elapsed_adds_up_over_consecutive_ranges(calendar, start, first, second):
    middle = start + first
    end = middle + second

    assert calendar.elapsed(start, end) == calendar.elapsed(start, middle) + calendar.elapsed(
        middle, end
    )


@properties
@given(calendars(), instants, st.integers(0, 40))
def test_add_days_lands_on_a_business_day_in_order(calendar, start, days):
    result = calendar.add_days(start, days)

    assert instant(result) >= instant(calendar.next_open(start))
    assert instant(calendar.add_days(start, days + 1)) > instant(result)
    local_day = result.date()
    assert calendar.elapsed(
        datetime.combine(local_day, time(0), calendar.zone),
        datetime.combine(local_day + timedelta(days=1), time(0), calendar.zone),
    ) > timedelta(0)


def brute_force_elapsed(calendar: BusinessCalendar, start: datetime, minutes: int) -> timedelta:
    """Minute by minute: is the local clock inside that date's opening hours?"""
    open_minutes = 0
    for step in range(minutes):
        local = (start + timedelta(minutes=step)).astimezone(calendar.zone)
        intervals = calendar._intervals_on(local.date())
        wall = local.time()
        open_minutes += any(
            opens <= wall and (closes == time(0) or wall < closes) for opens, closes in intervals
        )
    return timedelta(minutes=open_minutes)


@settings(max_examples=60, deadline=None)
@given(
    # Hours kept clear of 00:00–05:00, where DST makes the wall clock jump or repeat.
    calendars(earliest=5 * 60, latest=24 * 60 - 1),
    st.datetimes(
        min_value=datetime(2025, 12, 20),  # noqa: DTZ001
        max_value=datetime(2027, 1, 10),  # noqa: DTZ001
        timezones=st.just(UTC),
    ).map(lambda moment: moment.replace(second=0, microsecond=0)),
    st.integers(0, 3 * 24 * 60),
)
def test_elapsed_matches_a_minute_by_minute_count(calendar, start, minutes):
    end = start + timedelta(minutes=minutes)

    assert calendar.elapsed(start, end) == brute_force_elapsed(calendar, start, minutes)


@properties
@given(calendars(), instants)
def test_close_of_day_ends_the_open_time_of_the_first_open_day(calendar, moment):
    opened = calendar.next_open(moment)
    close = calendar.close_of_day(moment)
    next_day = datetime.combine(opened.date() + timedelta(days=1), time(), tzinfo=calendar.zone)

    assert instant(opened) < instant(close)
    assert calendar.is_open(instant(close) - MICROSECOND)
    assert calendar.elapsed(close, next_day) == timedelta(0)  # nothing more opens that day
