"""The quarterly SLA calibration (002's meeting cadence; 001's quarterly renewal): each metric
of the charter over the quarter's weeks — how often green, amber and red — and what that says
of its target: green every week, raise it; below target every week, ask whether the target is
unrealistic or the execution is."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from slaportal import company

from . import board, trends
from .measures import Scope


@dataclass(frozen=True)
class Review:
    score: board.Score  # the quarter's
    weeks: list[board.Score]
    mondays: list[date]  # of those weeks

    @property
    def by_week(self) -> list[tuple[date, board.Score]]:
        return list(zip(self.mondays, self.weeks, strict=True))

    @property
    def colours(self) -> Counter:
        return Counter(week.status for week in self.weeks)

    @property
    def judged(self) -> int:
        return len(self.weeks) - self.colours[board.NONE]

    @property
    def suggestion(self) -> str:
        colours, judged = self.colours, self.judged
        if not judged:
            return "No data in the quarter: is it measured?"
        if colours[board.GREEN] == judged:
            return "Green every week: raise the target?"
        if not colours[board.GREEN]:
            return "Below target every week: is the target unrealistic, or is it execution?"
        return ""


def last_full_quarter(today: date) -> tuple[date, date]:
    """The first and last day of the fiscal quarter before the one holding `today`."""
    end = company.quarter_start(today) - timedelta(days=1)
    return company.quarter_start(end), end


def review(scope: Scope, first: date, last: date) -> list[Review]:
    """Each metric in force over first…last, with its score in each week of the period."""
    metrics = board.metrics_of_period(scope)
    mondays = trends.weeks_of(first, last)
    weekly = trends.weekly(metrics, mondays, scope)
    return [
        Review(score, weekly[score.metric.code], mondays) for score in board.scores(metrics, scope)
    ]
