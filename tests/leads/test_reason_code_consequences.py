"""Each reason code's consequence, as the charter says, applied by the lifecycle."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from leads.models import Account, Lead, SuppressedDomain
from leads.services import lifecycle, touches
from tests.leads.conftest import TUESDAY_10AM_NY, qualified_body

pytestmark = pytest.mark.django_db


def lead_now():
    return Lead.objects.select_related("account").get()


def move(lead, name, username, org, **body):
    return lifecycle.transition(lead, name, org[username], **body)


@pytest.fixture
def sal(mql, org):
    return move(mql, "accept", "sdr1", org)


@pytest.fixture
def sql(sal, org):
    touches.book_meeting(
        sal,
        org["sdr1"],
        starts_at=timezone.now() + timedelta(days=1),
        meeting_url="https://meet.example/acme",
    )
    return move(sal, "qualify", "sdr1", org, **qualified_body())


def test_rej_01_invalid_contact_holds_until_enriched(mql, org):
    move(mql, "reject", "sdr1", org, reason_code="REJ-01")

    lead = lead_now()
    assert (lead.state, lead.suppression, lead.suppression_reason) == (
        "rejected",
        "until_enriched",
        "REJ-01",
    )


def test_rej_02_below_icp_suppresses_the_company(mql, org):
    move(mql, "reject", "sdr1", org, reason_code="REJ-02")

    assert SuppressedDomain.objects.get().domain == "acme.example"
    assert lead_now().state == "rejected"


def test_rej_03_wrong_persona_marks_the_contact_do_not_route(mql, org):
    move(mql, "reject", "sdr1", org, reason_code="REJ-03")

    assert lead_now().do_not_route is True
    assert "not marked do-not-route" in lead_now().mql_unmet()


def test_rej_04_existing_customer_goes_to_the_account_team(mql, org):
    Account.objects.update(owner_ae=org["ae2"])

    move(mql, "reject", "sdr1", org, reason_code="REJ-04")

    lead = lead_now()
    assert (lead.state, lead.owner, lead.ae) == ("account_team", None, org["ae2"])
    assert [t.to_state for t in lead.transitions.all()] == ["mql", "rejected", "account_team"]


def test_rej_05_suppresses_for_90_days(mql, org):
    move(mql, "reject", "sdr1", org, reason_code="REJ-05")

    assert lead_now().suppressed_until == TUESDAY_10AM_NY + timedelta(days=90)


def test_rej_06_competitor_domain_is_suppressed_permanently(mql, org, post):
    move(mql, "reject", "sdr1", org, reason_code="REJ-06")

    colleague = post(email="sam@acme.example", external_id="map-2").json()

    domain = SuppressedDomain.objects.get()
    assert (domain.domain, domain.until, domain.reason_code) == ("acme.example", None, "REJ-06")
    assert colleague["state"] == "inquiry"
    assert Lead.objects.get(email="sam@acme.example").mql_unmet()[-1] == "not suppressed (REJ-06)"


def test_rej_07_outside_coverage_is_held(mql, org):
    move(mql, "reject", "sdr1", org, reason_code="REJ-07")

    lead = lead_now()
    assert (lead.state, lead.owner, lead.hold_reason) == ("rejected", None, "REJ-07")


@pytest.mark.parametrize("code", ["AE-REJ-01", "AE-REJ-03", "AE-REJ-04"])
def test_ae_rejections_that_return_the_lead_to_sal(sql, org, code):
    move(sql, "ae_reject", sql.ae.username, org, reason_code=code)

    lead = lead_now()
    assert (lead.state, lead.owner.username) == ("sal", "sdr1")
    assert lead.transitions.last().reason_code == code


def test_ae_rej_02_recycles_for_six_months_with_a_check_in(sql, org):
    move(sql, "ae_reject", sql.ae.username, org, reason_code="AE-REJ-02")

    lead = lead_now()
    assert lead.state == "recycled"
    assert lead.suppressed_until == TUESDAY_10AM_NY + timedelta(days=182)
    assert lead.check_in_due_at == TUESDAY_10AM_NY + timedelta(days=182)


def test_ae_rej_05_goes_to_revops_arbitration(sql, org):
    move(sql, "ae_reject", sql.ae.username, org, reason_code="AE-REJ-05")

    assert lead_now().state == "arbitration"


@pytest.mark.parametrize(
    ("code", "state", "suppression", "days"),
    [
        ("RCY-01", "recycled", "days", 90),
        ("RCY-02", "recycled", "days", 182),
        ("RCY-04", "recycled", "until_enriched", None),
        ("RCY-05", "disqualified", "permanent", None),
    ],
)
def test_recycle_scenarios_set_their_windows(sal, org, code, state, suppression, days):
    move(sal, "recycle", "sdr1", org, reason_code=code)

    lead = lead_now()
    assert (lead.state, lead.suppression) == (state, suppression)
    if days:
        assert lead.suppressed_until == TUESDAY_10AM_NY + timedelta(days=days)


def test_rcy_06_existing_customer_goes_to_the_account_team(sal, org):
    move(sal, "recycle", "sdr1", org, reason_code="RCY-06")

    assert lead_now().state == "account_team"


def test_rcy_03_wrong_buyer_reopens_immediately_in_sal(sal, org):
    move(sal, "recycle", "sdr1", org, reason_code="RCY-03")

    lead = lead_now()
    assert (lead.state, lead.suppression) == ("sal", "")


@pytest.mark.parametrize(
    ("code", "state", "suppression", "days", "do_not_route"),
    [
        ("DQ-02", "disqualified", "days", 180, False),
        ("DQ-03", "disqualified", "days", 90, False),
        ("DQ-04", "disqualified", "permanent", None, False),
        ("DQ-05", "account_team", "", None, False),
        ("DQ-06", "disqualified", "permanent", None, True),
    ],
)
def test_disqualification_codes(mql, org, code, state, suppression, days, do_not_route):
    move(mql, "disqualify", "sdr1", org, reason_code=code)

    lead = lead_now()
    assert (lead.state, lead.suppression, lead.do_not_route) == (state, suppression, do_not_route)
    if days:
        assert lead.suppressed_until == TUESDAY_10AM_NY + timedelta(days=days)


def test_disqualifying_a_competitor_suppresses_the_domain(mql, org):
    move(mql, "disqualify", "sdr1", org, reason_code="DQ-01")

    assert lead_now().state == "disqualified"
    assert SuppressedDomain.objects.filter(domain="acme.example").exists()


def test_a_recycled_lead_cannot_be_re_mqld_inside_its_window_and_can_after(sal, org, post):
    move(sal, "recycle", "sdr1", org, reason_code="RCY-01")  # 90 days

    with time_machine.travel(TUESDAY_10AM_NY + timedelta(days=89), tick=False):
        inside = post(action="pricing_form", occurred_at=None, external_id=None).json()
    with time_machine.travel(TUESDAY_10AM_NY + timedelta(days=91), tick=False):
        after = post(action="contact_sales", occurred_at=None, external_id=None).json()

    assert inside["state"] == "recycled"
    assert after["state"] == "mql"
    assert after["owner"] is not None
