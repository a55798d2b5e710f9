"""A lead scored in the review band (40–59) waits, unrouted, on the managers' review list; a
manager promotes it to MQL over its score (it is routed and its clocks start, as an intake's
MQL's do) or holds it in nurture. Only reviewers may, only for leads on the list."""

import pytest
from django.core.exceptions import PermissionDenied

from escalations.models import Clock
from leads.models import Lead
from leads.services import review
from slaportal.api.models import ApiToken, Scope
from slaportal.events import Event
from slaportal.events.models import EventRecord
from slaportal.fsm import TransitionRefused
from tests.leads.conftest import TUESDAY_10AM_NY, lead_payload

pytestmark = pytest.mark.django_db

# A buyer (20) at a company outside the ICP's industry and size, whose enrichment says it fits
# anyway, asking for pricing (35): 55 points, every other MQL criterion met.
OUT_OF_ICP = {**lead_payload()["company"], "industry": "retail", "employees": 50}
IN_THE_BAND = {"action": "pricing_form", "icp_fit": 80, "company": OUT_OF_ICP}
# One webinar (15) by a buyer at a company of the ICP's size (15) but not industry: 50
# points, without the ICP fit or the intent of an MQL.
SHORT_OF_AN_MQL = {"action": "webinar_live", "company": {**OUT_OF_ICP, "employees": 800}}


def in_the_band(post, **payload) -> Lead:
    assert post(**(payload or IN_THE_BAND)).status_code == 201
    return Lead.objects.get(email=payload.get("email", "dana@acme.example"))


def clocks_of(lead) -> dict[str, str]:
    return dict(
        Clock.objects.filter(subject_type="lead", subject_id=lead.pk).values_list("code", "status")
    )


# The only clock an intake of a lead it does not route starts, and stops at once.
SCORED = {"scoring_latency": "met"}


def unchanged(lead) -> None:
    lead = Lead.objects.get(pk=lead.pk)
    assert (lead.state, lead.needs_review, lead.owner) == ("inquiry", True, None)
    assert list(lead.transitions.all()) == []
    assert clocks_of(lead) == SCORED


def test_a_review_band_lead_waits_unrouted_on_the_review_list(now, org, post):
    lead = in_the_band(post)
    post(email="lee@acme.example", external_id="map-9")  # an MQL: routed, not reviewed

    assert (lead.score, lead.state, lead.owner, lead.needs_review) == (55, "inquiry", None, True)
    assert list(Lead.objects.review_list()) == [lead]


def test_the_review_list_is_newest_first(now, org, post):
    first = in_the_band(post)
    second = in_the_band(post, **IN_THE_BAND, email="lee@acme.example", external_id="map-9")

    assert list(Lead.objects.review_list()) == [second, first]


def test_a_manager_promotes_it_to_an_mql_routed_with_its_clocks_started(now, org, post):
    lead = in_the_band(post)

    review.promote_from_review(lead, org["sdrmgr"], note="Pricing page twice; strong fit")

    lead = Lead.objects.get()
    assert (lead.state, lead.owner, lead.needs_review) == ("mql", org["sdr1"], False)
    assert (lead.mql_at, lead.routed_at, lead.qualifying_action) == (
        TUESDAY_10AM_NY,
        TUESDAY_10AM_NY,
        "pricing_form",
    )
    promoted = lead.transitions.get()
    assert (promoted.name, promoted.from_state, promoted.to_state, promoted.actor) == (
        "promote",
        "inquiry",
        "mql",
        org["sdrmgr"],
    )
    assert promoted.payload["note"] == "Pricing page twice; strong fit"
    clocks = clocks_of(lead)
    assert clocks["sdr_first_touch_t1"] == clocks["sal_accept_reject"] == "running"
    assert clocks["crm_routing"] == "met"
    became_mql = EventRecord.objects.get(name=Event.LEAD_BECAME_MQL, subject_id=lead.pk)
    assert (became_mql.actor, became_mql.data["score_overridden"]) == (org["sdrmgr"], True)
    assert EventRecord.objects.filter(name=Event.LEAD_ROUTED, subject_id=lead.pk).exists()
    assert list(Lead.objects.review_list()) == []


@pytest.mark.parametrize("reviewer", ["revops", "vpmarketing"])
def test_revops_and_the_vp_marketing_review_too(now, org, post, reviewer):
    lead = in_the_band(post)

    review.promote_from_review(lead, org[reviewer])

    assert Lead.objects.get().state == "mql"


def test_only_the_score_is_overridden(now, org, post):
    lead = in_the_band(post, **SHORT_OF_AN_MQL)
    assert (lead.score, lead.needs_review) == (50, True)

    with pytest.raises(TransitionRefused) as refused:
        review.promote_from_review(lead, org["sdrmgr"])

    assert "Only the score can be overridden" in refused.value.detail
    # As a set: PostgreSQL's jsonb keeps the criteria in its own key order.
    assert set(refused.value.unmet) == {
        "ICP fit of at least 60 (is 50)",
        "1 Tier-1 or 3 Tier-2 actions (has 0 and 1)",
    }
    unchanged(lead)


def test_a_manager_holds_it_in_nurture(now, org, post):
    lead = in_the_band(post)

    review.hold_in_review(lead, org["sdrmgr"], note="Student project, not a buyer")

    lead = Lead.objects.get()
    assert (lead.state, lead.owner, lead.needs_review) == ("inquiry", None, False)
    held = lead.transitions.get()
    assert (held.name, held.from_state, held.to_state, held.actor) == (
        "hold",
        "inquiry",
        "inquiry",
        org["sdrmgr"],
    )
    assert held.payload == {"score": 55, "note": "Student project, not a buyer"}
    assert clocks_of(lead) == SCORED
    assert list(Lead.objects.review_list()) == []


@pytest.mark.parametrize("decide", [review.promote_from_review, review.hold_in_review])
@pytest.mark.parametrize("username", ["sdr1", "ae1", "aemgr", "mops", "vpsales"])
def test_only_reviewers_decide(now, org, post, decide, username):
    lead = in_the_band(post)

    with pytest.raises(PermissionDenied, match="Only an SDR manager, RevOps or the VP Marketing"):
        decide(lead, org[username])

    unchanged(lead)


def test_an_integration_does_not_review(now, org, post):
    lead = in_the_band(post)
    token, _ = ApiToken.issue(name="MAP", scopes=[Scope.LEADS_WRITE], created_by=org["revops"])

    with pytest.raises(PermissionDenied):
        review.promote_from_review(lead, token)

    unchanged(lead)


@pytest.mark.parametrize("decide", [review.promote_from_review, review.hold_in_review])
def test_a_lead_off_the_review_list_is_refused(now, org, post, decide):
    post()  # an MQL: routed at once
    lead = Lead.objects.get()

    with pytest.raises(TransitionRefused, match="not on the review list") as refused:
        decide(lead, org["sdrmgr"])

    assert refused.value.unmet == [
        "a score in the review band (40–59) not yet reviewed (the score is 95)",
        "a lead not yet worked (it is MQL)",
    ]
    assert (Lead.objects.get().state, lead.transitions.count()) == ("mql", 1)


def test_a_held_lead_is_not_reviewed_again(now, org, post):
    lead = in_the_band(post)
    review.hold_in_review(lead, org["sdrmgr"])

    with pytest.raises(TransitionRefused, match="not on the review list"):
        review.promote_from_review(lead, org["revops"])

    assert (Lead.objects.get().state, lead.transitions.count()) == ("inquiry", 1)
