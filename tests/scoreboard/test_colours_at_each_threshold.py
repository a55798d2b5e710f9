"""Each metric's colour at and beside its bounds, as the seeds' table reads: "> 80 % green,
60–80 % amber, < 60 % red" puts both bounds in amber; a green bound at the end of the scale
(100 %, or 0 % where lower is better) is green once reached."""

from fractions import Fraction

import pytest

from scoreboard.board import status_of
from slaportal.charter.default_v1 import SCOREBOARD
from slaportal.charter.models import ScoreboardMetric

HIGHER = ScoreboardMetric.Direction.HIGHER_IS_BETTER
A_HAIR = Fraction(1, 1000)  # a thousandth of a percentage point


def _metric(row) -> ScoreboardMetric:
    return ScoreboardMetric(**{k: v for k, v in row.items() if k != "source"})


def _expected_beside(row) -> list[tuple[Fraction, str]]:
    green, red = Fraction(row["green_from"]), Fraction(row["red_from"])
    better = 1 if row["direction"] == HIGHER else -1
    at_scale_end = green == (100 if better == 1 else 0)
    return [
        (green + better * A_HAIR, "green"),
        (green, "green" if at_scale_end else "amber"),
        (green - better * A_HAIR, "amber"),
        (red, "amber"),
        (red - better * A_HAIR, "red"),
    ]


@pytest.mark.parametrize("row", SCOREBOARD, ids=lambda row: row["code"])
def test_colour_at_and_beside_each_bound(row):
    metric = _metric(row)
    for share, colour in _expected_beside(row):
        if 0 <= share <= 100:
            assert status_of(metric, share) == colour, (row["code"], float(share))


def test_the_seeds_mql_response_tier_1_row_read_plainly():
    metric = _metric(next(row for row in SCOREBOARD if row["code"] == "mql_response_t1"))

    assert [status_of(metric, Fraction(p)) for p in (81, 80, 70, 60, 59)] == [
        "green",
        "amber",
        "amber",
        "amber",
        "red",
    ]


def test_the_breach_rate_is_better_lower():
    metric = _metric(next(row for row in SCOREBOARD if row["code"] == "sla_breach_rate"))

    assert [status_of(metric, Fraction(p)) for p in (4, 5, 15, 16)] == [
        "green",
        "amber",
        "amber",
        "red",
    ]


def test_no_data_has_no_colour():
    assert status_of(_metric(SCOREBOARD[0]), None) == "none"
