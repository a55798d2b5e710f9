"""Every gate of the lead state machine refuses with its reason, and passes when satisfied."""

from datetime import timedelta

import pytest
from django.utils import timezone

from leads.models import Lead
from leads.services import touches
from tests.leads.conftest import qualified_body

pytestmark = pytest.mark.django_db


def book(lead, org):
    return touches.book_meeting(
        lead,
        org["sdr1"],
        starts_at=timezone.now() + timedelta(days=2),
        meeting_url="https://meet.example/acme",
    )


def test_the_owner_accepts_an_mql(mql, act):
    assert mql.owner.username == "sdr1"

    response = act(mql, "accept", "sdr1")

    assert response.status_code == 200
    assert response.json()["state"] == "sal"


def test_another_sdr_may_not_and_cannot_even_see_it(mql, act):
    assert act(mql, "accept", "sdr2").status_code == 404


def test_the_sdr_manager_acts_for_the_team_and_revops_for_all(mql, act):
    assert act(mql, "accept", "sdrmgr").status_code == 200
    assert act(mql, "reject", "revops", reason_code="REJ-01").status_code == 409  # now a SAL


def test_a_transition_from_the_wrong_state_says_so(mql, act):
    act(mql, "accept", "sdr1")

    response = act(mql, "accept", "sdr1")

    assert response.status_code == 409
    assert response.json() == {
        "detail": "The lead cannot be moved by “accept” now.",
        "unmet": ["not possible while lead is SAL"],
    }


def test_sql_needs_a_meeting_and_every_required_element(mql, act):
    act(mql, "accept", "sdr1")

    response = act(mql, "qualify", "sdr1")

    assert response.status_code == 409
    assert response.json()["unmet"] == [
        "a booked meeting",
        "Metrics",
        "Decision Process",
        "Implicate Pain",
        "Pain statement",
        "Timeline",
        "Meeting link",
        "SQL briefing doc",
    ]
    assert Lead.objects.get().pain == ""  # nothing written on refusal


def test_a_complete_qualification_without_a_meeting_is_still_refused(mql, act):
    act(mql, "accept", "sdr1")

    response = act(mql, "qualify", "sdr1", **qualified_body())

    assert response.json()["unmet"] == ["a booked meeting"]


def test_sql_passes_and_flags_preferred_elements_to_the_ae(mql, act, org):
    act(mql, "accept", "sdr1")
    book(mql, org)

    response = act(mql, "qualify", "sdr1", **qualified_body())

    assert response.status_code == 200
    lead = Lead.objects.get()
    assert lead.state == "sql"
    assert lead.ae in (org["ae1"], org["ae2"])
    assert lead.ae_flags == ["Economic Buyer", "Decision Criteria"]
    assert lead.transitions.last().payload["flagged"] == ["Economic Buyer", "Decision Criteria"]


def test_a_cancelled_meeting_does_not_count(mql, act, org):
    act(mql, "accept", "sdr1")
    touches.record_meeting_outcome(book(mql, org), org["sdr1"], "cancelled")

    response = act(mql, "qualify", "sdr1", **qualified_body())

    assert response.json()["unmet"] == ["a booked meeting"]


@pytest.fixture
def sql(mql, act, org):
    act(mql, "accept", "sdr1")
    book(mql, org)
    act(mql, "qualify", "sdr1", **qualified_body())
    return Lead.objects.get()


def test_ae_acceptance_needs_briefing_read(sql, act):
    refused = act(sql, "ae_accept", sql.ae.username)
    accepted = act(sql, "ae_accept", sql.ae.username, briefing_read=True)

    assert refused.status_code == 409
    assert refused.json()["unmet"] == ["confirmation that the AE read the briefing"]
    assert accepted.status_code == 200
    assert accepted.json()["state"] == "converted"


def test_only_the_assigned_ae_or_their_manager_accepts(sql, act):
    other_ae = "ae2" if sql.ae.username == "ae1" else "ae1"

    assert act(sql, "ae_accept", other_ae, briefing_read=True).status_code == 404
    assert act(sql, "ae_accept", "sdr1", briefing_read=True).status_code == 403
    assert act(sql, "ae_accept", "aemgr", briefing_read=True).status_code == 200


@pytest.mark.parametrize(
    ("name", "code", "taxonomy"),
    [
        ("reject", None, "SDR rejection"),
        ("reject", "AE-REJ-01", "SDR rejection"),
        ("reject", "free text", "SDR rejection"),
        ("recycle", "REJ-01", "Recycle scenario"),
        ("disqualify", "RCY-01", "Disqualification"),
    ],
)
def test_a_reason_code_must_come_from_the_right_taxonomy(mql, act, name, code, taxonomy):
    body = {"reason_code": code} if code else {}

    response = act(mql, name, "sdr1", **body)

    assert response.status_code == 409
    assert (
        response.json()["detail"] == f"“{name}” needs a reason code from the {taxonomy} taxonomy."
    )
    assert Lead.objects.get().state == "mql"


def test_ae_reject_needs_an_ae_code_and_an_sql(sql, mql, act):
    wrong = act(sql, "ae_reject", sql.ae.username, reason_code="REJ-01")

    assert wrong.status_code == 409
    assert "AE rejection taxonomy" in wrong.json()["detail"]


def test_available_transitions_tell_the_caller_what_is_missing(mql, client, org):
    client.force_login(org["sdr1"])

    body = client.get(f"/api/v1/leads/{mql.pk}").json()

    transitions = {t["name"]: t for t in body["available_transitions"]}
    assert transitions["accept"] == {"name": "accept", "allowed": True, "unmet": []}
    assert transitions["qualify"]["allowed"] is False
    assert transitions["ae_accept"]["unmet"][0] == "you do not work this lead"


def test_unknown_transition_is_404(mql, act):
    assert act(mql, "teleport", "sdr1").status_code == 404


def test_a_transition_needing_nothing_may_come_without_a_body(mql, client, org):
    client.force_login(org["sdr1"])

    response = client.generic("POST", f"/api/v1/leads/{mql.pk}/transitions/accept", b"")

    assert response.status_code == 200
