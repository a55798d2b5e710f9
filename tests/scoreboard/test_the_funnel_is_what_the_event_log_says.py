"""The funnel rows kept event by event are the rows a replay of the event log gives."""

from scoreboard import funnel
from scoreboard.models import LeadFunnel


def _rows():
    return list(LeadFunnel.objects.order_by("lead").values())


def test_replaying_the_log_gives_the_same_rows(day):
    kept = _rows()

    assert funnel.rebuild() == 6
    assert _rows() == kept


def test_each_gate_is_dated_by_its_event(day):
    a = LeadFunnel.objects.get(lead=day["a"])
    c = LeadFunnel.objects.get(lead=day["c"])
    e = LeadFunnel.objects.get(lead=day["e"])

    assert a.connected_at < a.accepted_at < a.qualified_at < a.converted_at
    assert (a.sdr, a.ae, a.source, a.tier) == (day["a"].owner, day["a"].ae, "demo_request", 1)
    # c's e-mail is dated by the dialer (10:04), not by when the portal heard of it (10:50).
    assert c.first_touch_at < c.accepted_at
    assert (e.rejected_at is not None, e.rejection_code) == (True, "REJ-01")


def test_a_lead_that_becomes_an_mql_again_starts_afresh(day, post):
    from datetime import timedelta

    import time_machine

    from leads.services import lifecycle

    d = day["d"]
    first = LeadFunnel.objects.get(lead=d)
    with time_machine.travel(first.mql_at + timedelta(days=1), tick=False):
        lifecycle.transition(d, "recycle", d.owner, reason_code="RCY-01")
    back = first.mql_at + timedelta(days=100)
    with time_machine.travel(back, tick=False):
        response = post(email=d.email, external_id="map-d-again", occurred_at=back.isoformat())
    assert response.json()["state"] == "mql"

    again = LeadFunnel.objects.get(lead=d)
    assert again.mql_at == back
    assert (again.accepted_at, again.connected_at, again.recycled_at) == (None, None, None)
    kept = _rows()
    funnel.rebuild()
    assert _rows() == kept
