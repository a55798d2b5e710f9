"""The review-band list (scored 40–59, not routed): a reviewer promotes a lead to MQL over its
score, from the page, or holds it in nurture; a lead short of the other MQL criteria is
refused with what it lacks. The page is the reviewers' (the AE manager gets a 403)."""

import re

import pytest
from django.urls import reverse

from leads.models import Lead
from tests.leads.test_review_band_promote_and_hold import IN_THE_BAND, SHORT_OF_AN_MQL

pytestmark = pytest.mark.django_db


def in_the_band(post, email, **payload) -> Lead:
    assert post(**(payload or IN_THE_BAND), email=email, external_id=email).status_code == 201
    return Lead.objects.get(email=email)


def listed(client) -> list[int]:
    page = client.get(reverse("manager-review")).content.decode()
    return [int(pk) for pk in re.findall(r'<tr\s+id="lead-(\d+)"', page)]


def decide(client, lead, decision, **body):
    return client.post(
        reverse("manager-review-action", args=[lead.pk, decision]),
        body,
        headers={"HX-Request": "true"},
    )


def test_promoted_from_the_page_becomes_a_routed_mql(client, org, now, post):
    lead = in_the_band(post, "dana@acme.example")
    client.force_login(org["vpmarketing"])
    assert listed(client) == [lead.pk]

    response = decide(client, lead, "promote", note="Enterprise pilot ask")

    assert "promoted to MQL, routed to sdr1." in response.content.decode()
    lead.refresh_from_db()
    assert (lead.state, lead.owner, lead.needs_review) == ("mql", org["sdr1"], False)
    assert listed(client) == []


def test_held_from_the_page_leaves_the_list_and_stays_in_nurture(client, org, now, post):
    lead = in_the_band(post, "dana@acme.example")
    client.force_login(org["revops"])

    response = decide(client, lead, "hold")

    assert "held in nurture." in response.content.decode()
    lead.refresh_from_db()
    assert (lead.state, lead.owner, lead.needs_review) == ("inquiry", None, False)


def test_a_lead_short_of_the_other_criteria_is_refused_with_what_it_lacks(client, org, now, post):
    lead = in_the_band(post, "lee@acme.example", **SHORT_OF_AN_MQL)
    client.force_login(org["revops"])

    page = decide(client, lead, "promote").content.decode()

    assert "Only the score can be overridden" in page
    assert "Missing:" in page
    lead.refresh_from_db()
    assert (lead.state, lead.needs_review) == ("inquiry", True)


def test_the_review_page_is_not_the_ae_managers(client, org, now, post):
    lead = in_the_band(post, "dana@acme.example")
    client.force_login(org["aemgr"])

    assert client.get(reverse("manager-review")).status_code == 403
    assert decide(client, lead, "promote").status_code == 403
    assert Lead.objects.get().state == "inquiry"


def test_the_sdr_manager_reviews_the_band_though_its_leads_have_no_owner_yet(
    client, org, now, post
):
    lead = in_the_band(post, "dana@acme.example")
    client.force_login(org["sdrmgr"])

    assert listed(client) == [lead.pk]
    assert "routed to" in decide(client, lead, "promote").content.decode()
    lead.refresh_from_db()
    assert lead.state == "mql"
