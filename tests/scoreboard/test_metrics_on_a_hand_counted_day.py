"""Every metric of charter v1 on the day of `conftest.day`, counted by hand from its story:

a  sdr1  connected 10:02, SAL 10:03, e-mail 10:10, SQL 10:30 (intro sent), AE accepts 11:00
b  sdr2  no answer 10:03, SAL 10:04, SQL 10:40 (intro sent), AE accepts 14:45 (4 h 05 after)
c  sdr1  SAL 10:05; its e-mail of 10:04 reaches the portal from the dialer at 10:50
d  sdr2  connected 10:20 (Tier 1's 5 minutes missed), SAL 10:21
e  sdr1  rejected REJ-01 at 10:01 (which answers its first-touch clock in time)
f  sdr2  nothing: its first-touch clock breached at 12:00, seen by the 12:30 sweep
a and b came with the enrichment system's ICP fit. Target accounts: acme (a) and globex (b)
Tier A, initech (c) Tier B, umbrella Tier A with no leads but an intent spike at 10:30 that
nobody engaged (its 4 business hours passed at 14:30). Measured at 14:50.
"""

from datetime import date

import pytest

from scoreboard import board

TUESDAY = date(2026, 3, 3)

EXPECTED = {
    # code: (numerator, denominator, status)
    "mql_response_t1": (4, 6, "amber"),  # a, b, c, e in 5 min; d late, f breached
    "mql_response_t2": (0, 0, "none"),  # no Tier 2 MQL
    "mql_live_contact_rate": (2, 6, "amber"),  # a, d: 33.3 %
    "mql_to_sal_rate": (4, 6, "amber"),  # a, b, c, d: 66.7 %
    "sal_to_sql_conversion": (2, 4, "green"),  # a, b of four SALs: 50 % > 25 %
    "sql_acceptance_rate": (1, 2, "red"),  # a in time; b 5 minutes late: 50 %
    "sql_to_opportunity_rate": (2, 2, "green"),
    "mql_quality_rate": (5, 6, "red"),  # e rejected: 83.3 % < 85 %
    "sla_breach_rate": (1, 8, "amber"),  # f, of six MQLs and two opportunities: 12.5 %
    "data_enrichment_rate": (2, 6, "red"),
    "activity_logging_timeliness": (6, 7, "amber"),  # c's e-mail heard 46 min late: 85.7 %
    "tal_coverage": (4, 4, "green"),  # three by their leads' actions, umbrella by its spike
    "mql_quality_to_sal_30d": (4, 6, "green"),  # Tier 1 hand-raises all: 66.7 % > 60 %
    "intent_signal_coverage": (1, 3, "red"),  # umbrella of acme, globex, umbrella
    "tier1_account_cadence": (2, 3, "red"),  # acme: a's call, e-mail, intro; globex: b's two
    "leads_touched_24h": (4, 6, "amber"),
    "win_loss_documented": (0, 0, "none"),  # nothing lost
    "scoring_latency_compliance": (6, 6, "green"),
    "routing_speed": (6, 6, "green"),
    "notification_2h": (6, 6, "green"),
    "intent_signals_acted_on": (0, 1, "red"),  # umbrella's spike, past 4 business hours
    "first_contact_in_window": (4, 6, "red"),  # 66.7 % < 75 %
    "sal_to_sqo_30d": (2, 2, "green"),  # a and b, at Tier A accounts
}


@pytest.fixture
def scores(measured):
    metrics = board.metrics_in_force()
    return {
        score.metric.code: score
        for score in board.scores(metrics, board.scope_of(TUESDAY, TUESDAY))
    }


def test_every_metric_of_the_charter_is_counted(scores):
    assert set(scores) == set(EXPECTED)


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_the_metric_counts_what_the_story_says(scores, code):
    score = scores[code]

    assert (score.numerator, score.denominator, score.status) == EXPECTED[code]
