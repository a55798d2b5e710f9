"""The lead page: who and where it stands, the criteria in words, one timeline, and each
transition either offered or disabled with what is missing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from leads.models import Lead
from leads.services import lifecycle, touches
from tests.leads.conftest import qualified_body


def page_of(client, lead) -> str:
    response = client.get(f"/leads/{lead.pk}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def sdr1(client, org):
    client.force_login(org["sdr1"])
    return client


def test_the_page_shows_the_lead_its_account_and_the_criteria_in_words(mql, sdr1):
    page = page_of(sdr1, mql)

    assert "Dana Reyes" in page
    assert "acme.example" in page
    assert "Economic buyer" in page or "Influencer" in page  # the persona
    assert "<strong>ICP fit score</strong>: ICP fit of at least 60" in page
    assert "<strong>Score</strong>: a score of at least 60" in page


def test_one_timeline_holds_actions_touches_transitions_and_clocks(mql, sdr1, org):
    touches.log_activity(mql, org["sdr1"], channel="email", outcome="sent", occurred_at=None)
    lifecycle.transition(mql, "accept", org["sdr1"])

    page = page_of(sdr1, mql)
    timeline = page[page.index('data-testid="timeline"') :]

    assert "Intent: demo_request" in timeline
    assert "Email — Sent" in timeline
    assert "mql → sal (accept)" in timeline
    assert "Clock started: SDR first touch" in timeline
    assert timeline.index("mql → sal") < timeline.index("Intent: demo_request")  # newest first


def test_a_blocked_qualify_says_what_is_missing(mql, sdr1, org):
    lifecycle.transition(mql, "accept", org["sdr1"])

    page = page_of(sdr1, mql)

    assert 'data-transition="qualify" disabled' in page
    unmet = page[page.index('data-testid="unmet-qualify"') :].split("</span>")[0]
    assert "A booked meeting" in unmet
    assert "Metrics" in unmet


def test_qualifying_through_the_form_once_the_meeting_is_booked(mql, sdr1, org):
    lifecycle.transition(mql, "accept", org["sdr1"])
    touches.book_meeting(
        mql,
        org["sdr1"],
        starts_at=timezone.now() + timedelta(days=1),
        meeting_url="https://meet.example/acme",
    )

    response = sdr1.post(f"/leads/{mql.pk}/qualify/", qualified_body(), follow=True)

    assert Lead.objects.get().state == Lead.State.SQL
    assert "Dana Reyes qualified: now SQL." in response.content.decode()


def test_a_refused_qualify_keeps_the_lead_and_names_the_gate(mql, sdr1, org):
    lifecycle.transition(mql, "accept", org["sdr1"])

    response = sdr1.post(f"/leads/{mql.pk}/qualify/", qualified_body(), follow=True)

    assert Lead.objects.get().state == Lead.State.SAL
    assert "Missing: a booked meeting" in response.content.decode()


def test_an_sdr_is_not_offered_the_aes_moves(mql, sdr1):
    page = page_of(sdr1, mql)

    assert 'data-transition="accept"' in page
    assert 'data-transition="ae_accept"' not in page


def test_a_follower_sees_the_lead_but_no_moves(mql, client, org):
    client.force_login(org["vpsales"])

    page = page_of(client, mql)

    assert "sdr1 works it" in page
    assert 'data-transition="accept"' not in page


def test_another_sdr_gets_no_page_and_no_action(mql, client, org):
    client.force_login(org["sdr2"])

    assert client.get(f"/leads/{mql.pk}/").status_code == 404
    assert client.post(f"/leads/{mql.pk}/accept/").status_code == 404
    assert Lead.objects.get().state == Lead.State.MQL


def test_an_unknown_action_is_not_found(mql, sdr1):
    assert sdr1.post(f"/leads/{mql.pk}/explode/").status_code == 404


def test_only_the_moves_out_of_the_leads_state_are_offered(mql, sdr1, org):
    lifecycle.transition(mql, "accept", org["sdr1"])

    page = page_of(sdr1, mql)

    assert 'data-transition="qualify"' in page
    assert 'data-transition="recycle"' in page
    assert 'data-transition="accept"' not in page  # it is a SAL already
    assert 'data-transition="reject"' not in page
