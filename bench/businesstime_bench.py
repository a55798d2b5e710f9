"""Throughput of the business-time engine (`make bench`).

add() and elapsed() calls per second on one core, for durations up to 5 business days and up
to 60 business days, on a New York 08:00–18:00 weekday calendar with US public holidays and a
company's own closed dates; then add() as the number of closed dates per year grows.
Starts are random instants of 2026 in several zones; the engine's yearly tables are built
before timing (the "compile" line gives that one-off cost).
"""

import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

from slaportal.businesstime import BusinessCalendar

CALLS = 20_000
RUNS = 5
HOURS = {weekday: [(clock(8), clock(18))] for weekday in range(5)}
COMPANY_CLOSED = [date(2026, 12, 24), date(2026, 12, 31), date(2026, 11, 27), date(2026, 7, 3)]
ZONES = [ZoneInfo(name) for name in ("America/New_York", "Europe/London", "Asia/Kolkata", "UTC")]


def calendar(closed_dates=COMPANY_CLOSED) -> BusinessCalendar:
    return BusinessCalendar("America/New_York", HOURS, holidays=closed_dates, country="US")


def starts(rng: random.Random) -> list[datetime]:
    first = datetime(2026, 1, 1, tzinfo=UTC)
    return [
        (first + timedelta(seconds=rng.randrange(365 * 86400))).astimezone(rng.choice(ZONES))
        for _ in range(CALLS)
    ]


def durations(rng: random.Random, business_days: int) -> list[timedelta]:
    return [timedelta(seconds=rng.randrange(60, business_days * 10 * 3600)) for _ in range(CALLS)]


def rate(call, arguments) -> float:
    """Calls per second: the median of RUNS timed passes over the same arguments."""
    rates = []
    for _ in range(RUNS):
        began = time.perf_counter()
        for first, second in arguments:
            call(first, second)
        rates.append(len(arguments) / (time.perf_counter() - began))
    return statistics.median(rates)


def warm(cal: BusinessCalendar) -> BusinessCalendar:
    """Build the yearly tables of 2025–2028 (an elapsed() across them touches each)."""
    cal.elapsed(datetime(2025, 1, 1, tzinfo=UTC), datetime(2028, 12, 31, tzinfo=UTC))
    return cal


def main() -> None:
    rng = random.Random(20261123)
    points = starts(rng)
    began = time.perf_counter()
    office = warm(calendar())
    compile_ms = (time.perf_counter() - began) * 1000 / 4
    print(f"compile one calendar year (first use only): {compile_ms:.1f} ms")

    print(f"{'durations':<26}{'add calls/s':>14}{'elapsed calls/s':>18}")
    for label, days in (("up to 5 business days", 5), ("up to 60 business days", 60)):
        spans = durations(rng, days)
        add_rate = rate(office.add, list(zip(points, spans, strict=True)))
        ends = [office.add(start, span) for start, span in zip(points, spans, strict=True)]
        elapsed_rate = rate(office.elapsed, list(zip(points, ends, strict=True)))
        print(f"{label:<26}{add_rate:>14,.0f}{elapsed_rate:>18,.0f}")

    print("\nadd(), up to 5 business days, as closed dates per year grow:")
    spans = list(zip(points, durations(rng, 5), strict=True))
    baseline = None
    for count in (0, 15, 60, 150):
        closed = sorted(
            {date(2026, 1, 1) + timedelta(days=rng.randrange(365)) for _ in range(count * 3)}
        )[:count]
        measured = rate(warm(calendar(closed)).add, spans)
        baseline = baseline or measured
        print(
            f"  {count:>3} closed dates: {measured:>10,.0f} calls/s  ({measured / baseline:.2f}×)"
        )


if __name__ == "__main__":
    main()
