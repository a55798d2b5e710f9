"""The workspaces as their people use them, in Debian's chromium: an SDR works a new Tier 1
lead from the queue without a reload and meets a blocked qualify's reason; an AE accepts an
SQL and lands on the opportunity; a manager acknowledges and resolves a breach; a leader
signs off a draft. Each page is left as a screenshot in var/screenshots/."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from escalations.models import Breach, Clock
from leads.models import Lead
from leads.services import lifecycle, touches
from pipeline.models import Opportunity
from slaportal.api.models import ApiToken, Scope
from slaportal.charter.models import CharterVersion, Policy, SignOff, editing_as
from slaportal.charter.services import start_draft, submit_for_review
from slaportal.org.models import User
from tests.browser.conftest import log_in, screenshot
from tests.demo_org import seed_demo_org
from tests.escalations.conftest import sweep
from tests.leads.conftest import TUESDAY_10AM_NY, lead_payload, qualified_body

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def org():
    seed_demo_org()
    # Business hours in New York, the clock running: the page's countdowns move.
    with time_machine.travel(TUESDAY_10AM_NY, tick=True) as traveller:
        yield {user.username: user for user in User.objects.all()}, traveller


def post_lead(people) -> Lead:
    _, key = ApiToken.issue(
        name="Marketing automation", scopes=[Scope.LEADS_INTAKE], created_by=people["revops"]
    )
    payload = lead_payload(occurred_at=timezone.now().isoformat())
    response = Client().post(
        "/api/v1/leads",
        payload,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 201, response.content
    return Lead.objects.get(email=payload["email"])


def test_an_sdr_works_a_new_tier_1_lead_from_the_queue(page, org):
    people, _ = org
    lead = post_lead(people)
    log_in(page, lead.owner.username, "demo")

    page.goto("/workspace/sdr/")
    page.evaluate("window.sameDocument = true")  # lost if the page reloads
    top = page.locator("#queue tbody tr").first
    expect(top).to_contain_text("Dana Reyes")
    expect(top.locator("[data-testid=countdown]")).to_have_text(re.compile(r"\dm \d+s left"))
    screenshot(page, "sdr-queue")

    top.locator("select[name=channel]").select_option("call")
    top.locator("select[name=outcome]").select_option("connected")
    top.locator("[data-action=touch]").click()
    expect(page.get_by_test_id("outcome")).to_have_text("Call logged (Connected).")
    page.locator("#queue tbody tr").first.locator("[data-action=accept]").click()
    expect(page.get_by_test_id("outcome")).to_have_text("Dana Reyes accepted: now SAL.")

    assert page.evaluate("window.sameDocument") is True
    assert Lead.objects.get().state == Lead.State.SAL
    screenshot(page, "sdr-queue-after-accept")

    page.locator("#queue a.lead-link").first.click()
    expect(page.locator("[data-transition=qualify]")).to_be_disabled()
    expect(page.get_by_test_id("unmet-qualify")).to_contain_text("A booked meeting")
    screenshot(page, "lead-page-blocked-qualify")


def test_an_ae_accepts_an_sql_and_lands_on_the_opportunity(page, org):
    people, _ = org
    lead = post_lead(people)
    lifecycle.transition(lead, "accept", lead.owner)
    touches.book_meeting(
        lead,
        lead.owner,
        starts_at=timezone.now() + timedelta(days=1),
        meeting_url="https://meet.example/acme",
    )
    lead = lifecycle.transition(lead, "qualify", lead.owner, **qualified_body())
    log_in(page, lead.ae.username, "demo")

    page.goto("/workspace/ae/")
    row = page.locator("tbody tr", has_text="Dana Reyes")
    expect(row).to_contain_text("Dana leads RevOps")  # the briefing
    expect(row.locator("[data-testid=countdown]")).to_contain_text("left")
    screenshot(page, "ae-workspace")
    row.get_by_label("I read the briefing").check()
    row.locator("[data-action=ae_accept]").click()

    opportunity = Opportunity.objects.get()
    expect(page).to_have_url(re.compile(rf"/opportunities/{opportunity.pk}/$"))
    expect(page.locator("h1")).to_contain_text("Acme")
    screenshot(page, "opportunity-page")


def test_a_manager_acknowledges_and_resolves_a_breach(page, org):
    people, traveller = org
    lead = post_lead(people)
    first_touch = Clock.objects.get(subject_id=lead.pk, code="sdr_first_touch_t1")
    traveller.move_to(first_touch.breach_at + timedelta(minutes=1))
    sweep(timezone.now())
    breach = Breach.objects.get()
    log_in(page, "sdrmgr", "demo")

    page.goto("/workspace/sdr_manager/")
    row = page.locator(f"#breach-{breach.pk}")
    expect(row).to_contain_text("sdr_first_touch_t1")
    screenshot(page, "manager-breaches")
    row.locator("[data-action=acknowledge]").click()
    expect(page.locator(f"#breach-{breach.pk}")).to_contain_text("Acknowledged")
    row = page.locator(f"#breach-{breach.pk}")
    row.get_by_placeholder("Root cause").fill("Rep was in a training session; no cover")
    row.locator("[data-action=resolve]").click()
    expect(page.locator("#breaches")).to_contain_text("resolved")

    breach.refresh_from_db()
    assert (breach.status, breach.root_cause) == (
        "resolved",
        "Rep was in a training session; no cover",
    )
    screenshot(page, "manager-breach-resolved")


def test_a_leader_signs_off_a_draft(page, org):
    people, _ = org
    draft = start_draft(
        people["revops"], based_on=CharterVersion.objects.active(), change_notes="Tier 1 in 10 min"
    )
    with editing_as(people["revops"]):
        Policy.objects.filter(version=draft, code="sdr_first_touch_t1").update(target_amount=10)
    submit_for_review(draft, people["revops"])
    log_in(page, "vpsales", "demo")

    page.goto("/charter/sign-off/")
    page.get_by_role("link", name=re.compile(rf"v{draft.number}")).first.click()
    expect(page.locator("main")).to_contain_text("sdr_first_touch_t1")  # what changed
    screenshot(page, "charter-sign-off")
    page.get_by_role("button", name="Sign off").click()

    expect(page.locator(".message")).to_contain_text(f"You signed off charter v{draft.number}.")
    assert SignOff.objects.filter(version=draft, signer=people["vpsales"]).exists()
    screenshot(page, "charter-signed")
