"""A manager works the breach list and RevOps the arbitration page on a 1366 px laptop: no
table wider than the window, every row's actions in reach."""

import pytest
from django.urls import reverse

from escalations.models import Breach
from leads.models import Account, Lead
from slaportal.org.models import User
from tests.browser.conftest import (  # noqa: F401  (the browser fixtures)
    LAPTOP,
    chromium,
    log_in,
    page,
    screenshot,
)
from tests.demo_org import seed_demo_org

pytestmark = pytest.mark.django_db(transaction=True)

WIDEST = """() => Math.max(
    document.documentElement.scrollWidth,
    ...[...document.querySelectorAll("table")].map(t => t.getBoundingClientRect().right))"""


@pytest.fixture
def breaches():
    seed_demo_org()
    people = {user.username: user for user in User.objects.all()}
    account = Account.objects.create(name="Northwind Traders International", domain="nw.example")
    leads = Lead.objects.bulk_create(
        Lead(
            email=f"buyer{n}@nw.example",
            first_name="Alexandra",
            last_name=f"Montgomery-Fitzgerald {n}",
            account=account,
            timezone="America/New_York",
            state=Lead.State.ARBITRATION,
            tier=1,
            owner=people["sdr1"],
            ae=people["ae1"],
        )
        for n in range(3)
    )
    Breach.objects.bulk_create(
        Breach(
            code="sdr_first_touch_t1",
            name="SDR first touch — Tier 1",
            concern="speed-to-lead",
            subject_type="lead",
            subject_id=lead.pk,
            owner=people["sdr1"],
            breached_at=lead.created_at,
            required_action="Call the lead and log the attempt",
            action_due_at=lead.created_at,
        )
        for lead in leads
    )


@pytest.mark.parametrize(
    ("username", "url"),
    [
        ("sdrmgr", reverse("workspace", args=["sdr_manager"])),
        ("revops", reverse("manager-arbitration")),
    ],
)
def test_the_page_fits_the_screen(page, breaches, username, url):  # noqa: F811
    log_in(page, username, "demo")

    page.goto(url)

    assert page.locator("tbody tr").count() == 3
    screenshot(page, f"{username}-{url.strip('/').replace('/', '-')}")
    assert page.evaluate(WIDEST) <= LAPTOP["width"]
