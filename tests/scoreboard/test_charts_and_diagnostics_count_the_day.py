"""The charts and the diagnostic flags on the hand-counted day (see conftest's story)."""

from datetime import date, timedelta

import time_machine

from leads.services import lifecycle, touches
from scoreboard import board, reports
from tests.leads.conftest import qualified_body
from tests.scoreboard.conftest import DAY

TUESDAY = date(2026, 3, 3)


def _scope():
    return board.scope_of(TUESDAY, TUESDAY)


def test_speed_to_lead_against_live_contact(measured):
    bars = {bar.label: (bar.count, bar.of) for bar in reports.speed_to_lead(_scope())}

    # a (2 min, live), b (3 min), c (4 min); d (20 min, live); e and f never touched.
    assert bars == {
        "under 5 min": (1, 3),
        "5–30 min": (1, 1),
        "30 min – 2 h": (0, 0),
        "2–24 h": (0, 0),
        "over 24 h": (0, 0),
        "not touched": (0, 2),
    }


def test_the_funnel_with_its_conversion_at_each_gate(measured):
    bars = [(bar.label, bar.count, bar.share) for bar in reports.funnel(_scope())]

    assert bars == [("MQL", 6, None), ("SAL", 4, 66.7), ("SQL", 2, 50.0), ("Opportunity", 2, 100.0)]


def test_touches_per_sdr_per_business_day(measured, day):
    per_day = {bar.label: bar.count for bar in reports.touches_per_sdr(_scope(), TUESDAY, TUESDAY)}

    # sdr1: a's call and e-mail, c's e-mail; sdr2: b's and d's calls (intros are no touches).
    assert per_day == {"sdr1": 3, "sdr2": 2}


def test_an_ae_sending_back_over_a_fifth_under_no_buyer_or_no_pain_is_flagged(day):
    c = day["c"]
    with time_machine.travel(DAY + timedelta(hours=6), tick=False):
        touches.book_meeting(
            c, c.owner, starts_at=DAY + timedelta(days=2), meeting_url="https://meet.example/c"
        )
        lifecycle.transition(c, "qualify", c.owner, **qualified_body())
        c.refresh_from_db()
        lifecycle.transition(c, "ae_reject", c.ae, reason_code="AE-REJ-01")
    rows = {row["ae__username"]: row for row in reports.ae_rejections(_scope())}
    theirs = rows[c.ae.username]

    # One of at most two SQLs sent back: over a fifth.
    assert (theirs["flagged"], theirs["sqls"] <= 2, theirs["flag"]) == (1, True, True)


def test_sdr_conversion_is_read_four_to_six_weeks_after_the_sql(measured, day):
    five_weeks_on = TUESDAY + timedelta(weeks=5)
    three_weeks_on = TUESDAY + timedelta(weeks=3)

    rows = reports.sdr_conversion_after_maturity(five_weeks_on)
    assert {(r["sdr__username"], r["sqls"], r["converted"]) for r in rows} == {
        (day["a"].owner.username, 1, 1),
        (day["b"].owner.username, 1, 1),
    }
    assert reports.sdr_conversion_after_maturity(three_weeks_on) == []


def test_rejections_by_code(measured):
    assert reports.rejections_by_code(_scope()) == [
        {"rejection_code": "REJ-01", "n": 1, "share": 16.7}
    ]
