"""Business-time arithmetic: the open hours of a weekly schedule in one time zone, less holidays.

Pure Python (no Django), on `zoneinfo` and the `holidays` package. Every SLA clock in the portal
is computed here, so the rules are few and exact:

- Instants are aware datetimes (any zone in, the calendar's zone out); naive input is a
  ValueError. Internally an instant is an integer count of microseconds since the Unix epoch,
  so sums and differences are exact: ``elapsed(s, add(s, d)) == d`` holds to the microsecond.
- Open periods are half-open ``[opens, closes)`` intervals of local wall time. A wall time
  means the first instant the local clock shows it or later: an ambiguous time (the repeated
  hour) is its first occurrence, a skipped time (the DST gap) is the moment the clock jumps.
  ``closes`` of ``time(0)`` means midnight at the end of the day.
- A date is closed when it is a country/subdivision public holiday (``holidays`` package) or
  one of the given closed dates; an ``extra_open`` date has its own hours, whatever the weekday
  or holidays say.

Performance: each local calendar year is compiled once, lazily, into sorted interval arrays
with running totals of open time, so ``add``, ``elapsed``, ``is_open``, ``next_open``,
``add_days`` and ``close_of_day`` are a couple of binary searches, whatever the duration
within a year and however many holidays the year has.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays as public_holidays

__all__ = ["BusinessCalendar", "validated_intervals"]

Interval = tuple[time, time]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_MIDNIGHT = time(0)
# A calendar with open hours somewhere in this many consecutive years is assumed to have none
# beyond them; only an absurd calendar (every date closed) reaches it.
_MAX_YEARS_WITHOUT_OPEN_TIME = 50


def _instant(moment: datetime) -> int:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} is naive: business time needs an aware datetime")
    return (moment - _EPOCH) // _MICROSECOND


def validated_intervals(intervals: Iterable[Interval], where: str) -> tuple[Interval, ...]:
    """Sorted, non-overlapping, non-empty local intervals; ValueError naming `where` if not."""
    checked = []
    for opens, closes in intervals:
        if not isinstance(opens, time) or not isinstance(closes, time):
            raise ValueError(f"{where}: opening hours are datetime.time pairs, got {opens!r}")
        if opens.tzinfo or closes.tzinfo:
            raise ValueError(f"{where}: opening hours are local wall times, without a zone")
        if closes != _MIDNIGHT and closes <= opens:
            raise ValueError(f"{where}: {opens:%H:%M}–{closes:%H:%M} closes before it opens")
        checked.append((opens, closes))
    checked.sort()
    for (_, previous_close), (opens, _) in itertools.pairwise(checked):
        if previous_close == _MIDNIGHT or opens < previous_close:
            raise ValueError(f"{where}: opening hours overlap at {opens:%H:%M}")
    return tuple(checked)


@dataclass(frozen=True, slots=True)
class _Year:
    """One local calendar year compiled: open intervals as instants, with running totals."""

    number: int
    first: int  # local midnight of 1 January
    end: int  # local midnight of 1 January of the next year
    starts: list[int]
    ends: list[int]
    open_before: list[int]  # open time in the year before each interval
    open_through: list[int]  # open time in the year up to each interval's end
    business_days: list[int]  # ordinals of the dates with open time, ascending
    day_bounds: dict[int, tuple[int, int]]  # ordinal → (first opening, last closing)

    @property
    def total(self) -> int:
        return self.open_through[-1] if self.open_through else 0

    def position(self, instant: int) -> int:
        """Open time in this year before `instant`."""
        k = bisect_right(self.starts, instant) - 1
        if k < 0:
            return 0
        return self.open_before[k] + min(instant, self.ends[k]) - self.starts[k]

    def interval_at(self, instant: int) -> int:
        """Index of the interval containing `instant`, or of the first one after it (may be
        ``len(starts)``); the caller tells which by comparing with ``starts``."""
        k = bisect_right(self.starts, instant) - 1
        return k if k >= 0 and instant < self.ends[k] else k + 1


class BusinessCalendar:
    """Open hours of a week in one time zone, less public holidays and closed dates.

    ``hours`` maps weekday (Monday=0) to a list of ``(opens, closes)`` local times; several per
    day make split shifts. ``holidays`` are closed dates added to the public holidays of
    ``country``/``subdivision`` (ISO codes, optional). ``extra_open`` maps a date to its own
    hours, overriding weekday, holiday and closed date.
    """

    def __init__(
        self,
        timezone: str,
        hours: Mapping[int, Iterable[Interval]],
        holidays: Iterable[date] = (),
        country: str | None = None,
        subdivision: str | None = None,
        extra_open: Mapping[date, Iterable[Interval]] | None = None,
    ):
        try:
            self.zone = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {timezone!r}") from error
        self.timezone = timezone
        unknown_days = set(hours) - set(range(7))
        if unknown_days:
            raise ValueError(f"weekdays are 0 (Monday) to 6 (Sunday), got {sorted(unknown_days)}")
        self.hours = {
            weekday: validated_intervals(hours.get(weekday, ()), f"weekday {weekday}")
            for weekday in range(7)
        }
        if not any(self.hours.values()):
            raise ValueError("a business calendar needs open hours on at least one weekday")
        self.closed_dates = frozenset(holidays)
        self.extra_open = {
            day: validated_intervals(intervals, f"extra open date {day}")
            for day, intervals in (extra_open or {}).items()
        }
        self.country, self.subdivision = country, subdivision
        self._public_holidays = None
        if country:
            try:
                self._public_holidays = public_holidays.country_holidays(
                    country, subdiv=subdivision
                )
            except NotImplementedError as error:
                raise ValueError(
                    f"no public holidays known for country {country!r}"
                    + (f", subdivision {subdivision!r}" if subdivision else "")
                ) from error
        self._years: dict[int, _Year] = {}

    def __repr__(self):
        return f"<BusinessCalendar {self.timezone} {self.country or ''}>"

    # Public API --------------------------------------------------------------------------

    def is_open(self, moment: datetime) -> bool:
        instant = _instant(moment)
        year = self._year_of(instant)
        k = year.interval_at(instant)
        return k < len(year.starts) and year.starts[k] <= instant

    def next_open(self, moment: datetime) -> datetime:
        """`moment` itself when open, else the next opening."""
        instant = _instant(moment)
        year = self._year_of(instant)
        k = year.interval_at(instant)
        while k == len(year.starts):
            year, k = self._next_year_with_open_time(year), 0
        return self._moment(max(instant, year.starts[k]))

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The earliest instant t >= start with ``elapsed(start, t) == duration``."""
        instant = _instant(start)
        remaining = duration // _MICROSECOND
        if remaining < 0:
            raise ValueError(f"cannot add a negative duration ({duration})")
        if remaining == 0:
            return self._moment(instant)
        year = self._year_of(instant)
        target = year.position(instant) + remaining
        while target > year.total:
            target -= year.total
            year = self._next_year_with_open_time(year)
        k = bisect_left(year.open_through, target)
        return self._moment(year.ends[k] - (year.open_through[k] - target))

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        """Open time in ``[start, end)``; zero when end <= start."""
        first, last = _instant(start), _instant(end)
        if last <= first:
            return timedelta(0)
        start_year, end_year = self._year_of(first), self._year_of(last)
        if start_year is end_year:
            return (end_year.position(last) - start_year.position(first)) * _MICROSECOND
        total = start_year.total - start_year.position(first) + end_year.position(last)
        for number in range(start_year.number + 1, end_year.number):
            total += self._year(number).total
        return total * _MICROSECOND

    def add_days(self, start: datetime, days: int) -> datetime:
        """The same local time on the `days`-th next business day.

        A closed `start` moves to the next opening first. The result is kept within that day's
        open hours: the day's close when it closes earlier, its opening when it opens later.
        """
        if days < 0:
            raise ValueError(f"cannot add a negative number of business days ({days})")
        opened = self.next_open(start)
        if days == 0:
            return opened
        year = self._year(opened.year)
        index = bisect_right(year.business_days, opened.toordinal()) + days - 1
        while index >= len(year.business_days):
            index -= len(year.business_days)
            year = self._next_year_with_open_time(year)
        day = year.business_days[index]
        first_opening, last_closing = year.day_bounds[day]
        wall = self._wall_instant(date.fromordinal(day), opened.time())
        return self._moment(min(max(wall, first_opening), last_closing))

    def close_of_day(self, moment: datetime) -> datetime:
        """The last closing of the business day `moment` is in; a closed `moment` moves to the
        next opening first ("by the close of the same business day")."""
        opened = self.next_open(moment)
        year = self._year(opened.year)
        return self._moment(year.day_bounds[opened.toordinal()][1])

    def at_wall_time(self, day: date, wall: time) -> datetime:
        """The first instant the local clock shows `wall` on `day`, or later (a wall time in a
        DST gap is the jump) — "by 10:00 on the next business day"."""
        return self._moment(self._wall_instant(day, wall))

    # Compilation -------------------------------------------------------------------------

    def _moment(self, instant: int) -> datetime:
        return (_EPOCH + instant * _MICROSECOND).astimezone(self.zone)

    def _year(self, number: int) -> _Year:
        try:
            return self._years[number]
        except KeyError:
            year = self._years[number] = self._compile_year(number)
            return year

    def _year_of(self, instant: int) -> _Year:
        year = self._year((_EPOCH + instant * _MICROSECOND).year)
        if instant < year.first:
            return self._year(year.number - 1)
        if instant >= year.end:
            return self._year(year.number + 1)
        return year

    def _next_year_with_open_time(self, year: _Year) -> _Year:
        for number in range(year.number + 1, year.number + 1 + _MAX_YEARS_WITHOUT_OPEN_TIME):
            following = self._year(number)
            if following.total:
                return following
        raise ValueError(f"{self!r} has no open time in the {_MAX_YEARS_WITHOUT_OPEN_TIME} years")

    def _intervals_on(self, day: date) -> tuple[Interval, ...]:
        if day in self.extra_open:
            return self.extra_open[day]
        if day in self.closed_dates or (
            self._public_holidays is not None and day in self._public_holidays
        ):
            return ()
        return self.hours[day.weekday()]

    def _wall_instant(self, day: date, wall: time) -> int:
        """The first instant at which the local clock shows `wall` on `day`, or later."""
        local = datetime.combine(day, wall)
        earlier = _instant(local.replace(tzinfo=self.zone, fold=0))
        later = _instant(local.replace(tzinfo=self.zone, fold=1))
        if earlier <= later:
            # Unambiguous (equal) or repeated (fold 0 is the first occurrence).
            return earlier
        # Skipped by a DST jump: fold 1 reads the clock before the jump, fold 0 after it. The
        # jump itself is the first instant the clock shows `wall` or later; find the second.
        low, high = later // 1_000_000, earlier // 1_000_000
        while high - low > 1:
            middle = (low + high) // 2
            shown = (_EPOCH + timedelta(seconds=middle)).astimezone(self.zone)
            if shown.replace(tzinfo=None) >= local:
                high = middle
            else:
                low = middle
        return high * 1_000_000

    def _compile_year(self, number: int) -> _Year:
        starts: list[int] = []
        ends: list[int] = []
        open_before: list[int] = []
        open_through: list[int] = []
        business_days: list[int] = []
        day_bounds: dict[int, tuple[int, int]] = {}
        total = 0
        day, one_day = date(number, 1, 1), timedelta(days=1)
        while day.year == number:
            for opens, closes in self._intervals_on(day):
                start = self._wall_instant(day, opens)
                end = self._wall_instant(day + one_day if closes == _MIDNIGHT else day, closes)
                if end <= start:
                    continue  # wholly inside a DST gap: that wall time does not exist today
                starts.append(start)
                ends.append(end)
                open_before.append(total)
                total += end - start
                open_through.append(total)
                ordinal = day.toordinal()
                if day_bounds.get(ordinal) is None:
                    business_days.append(ordinal)
                    day_bounds[ordinal] = (start, end)
                else:
                    day_bounds[ordinal] = (day_bounds[ordinal][0], end)
            day += one_day
        return _Year(
            number=number,
            first=self._wall_instant(date(number, 1, 1), _MIDNIGHT),
            end=self._wall_instant(date(number + 1, 1, 1), _MIDNIGHT),
            starts=starts,
            ends=ends,
            open_before=open_before,
            open_through=open_through,
            business_days=business_days,
            day_bounds=day_bounds,
        )
