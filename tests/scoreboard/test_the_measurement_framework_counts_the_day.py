"""The seeds' measurement framework (001) and the wall-screen leaderboard on the hand-counted
day: MQL volume by source and day, SAL→SQO velocity by account tier, the Tier A engagement
heatmap, the win-loss repository, the AEs by opportunities created."""

from collections import Counter
from datetime import date

from scoreboard import board, reports

TUESDAY = date(2026, 3, 3)


def _scope():
    return board.scope_of(TUESDAY, TUESDAY)


def test_daily_mql_volume_by_source(measured):
    days, sources = reports.mql_volume_by_source(_scope())

    assert (days, sources) == ([TUESDAY], [("demo_request", [6])])


def test_sal_to_sqo_velocity_by_account_tier(measured):
    velocity = {tier: (n, days) for tier, n, days in reports.velocity_by_account_tier(_scope())}

    # a: SAL 10:03, opportunity 11:00; b: SAL 10:04, opportunity 14:45 — both Tier A accounts.
    assert velocity["Tier A"] == (2, round((57 + 281) / 2 / 1440, 1))
    assert velocity["Tier B"] == (0, None)


def test_the_tier_a_heatmap_shows_coordinated_months(measured):
    months, rows = reports.engagement_heatmap(_scope(), months=2)
    cells = {account.domain: cell for account, cell in rows}

    assert months == [date(2026, 2, 1), date(2026, 3, 1)]
    # acme: a's call, e-mail and intro / a's demo request; umbrella: no leads at all.
    assert cells["acme.example"] == [[0, 0], [3, 1]]
    assert cells["umbrella.example"] == [[0, 0], [0, 0]]


def test_nothing_lost_nothing_in_the_repository(measured):
    assert reports.win_loss(_scope()) == []


def test_the_leaderboard_ranks_the_aes_by_opportunities_created(measured, day):
    leaders = reports.opportunities_created(_scope())

    # a's and b's opportunities, by whichever AEs the hand-off gave them to.
    assert {row["ae__username"]: row["n"] for row in leaders} == dict(
        Counter(day[name].ae.username for name in "ab")
    )
    assert [row["days"] for row in leaders] == sorted(row["days"] for row in leaders)
