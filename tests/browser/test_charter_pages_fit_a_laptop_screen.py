"""RevOps edits the charter on a 1366 px laptop: the draft's page and a policy's page fit the
screen (no table wider than the window, no sideways scrolling)."""

import pytest
from django.urls import reverse

from slaportal.charter.models import CharterVersion
from slaportal.charter.services import start_draft
from slaportal.org.models import User
from tests.browser.conftest import LAPTOP, log_in
from tests.demo_org import seed_demo_org

pytestmark = pytest.mark.django_db(transaction=True)

WIDEST = """() => Math.max(
    document.documentElement.scrollWidth,
    ...[...document.querySelectorAll("table")].map(t => t.getBoundingClientRect().right))"""


@pytest.fixture
def draft():
    seed_demo_org()
    revops = User.objects.get(username="revops")
    return start_draft(revops, based_on=CharterVersion.objects.active(), change_notes="Q2")


def test_the_draft_page_fits_the_screen(page, draft):
    log_in(page, "revops", "demo")

    page.goto(reverse("admin:charter_charterversion_change", args=[draft.pk]))

    assert page.locator("table").count() >= 10  # every kind of row is listed
    assert page.evaluate(WIDEST) <= LAPTOP["width"]


def test_a_policys_page_fits_the_screen(page, draft):
    policy = draft.policies.get(code="sdr_first_touch_t1")
    log_in(page, "revops", "demo")

    page.goto(reverse("admin:charter_policy_change", args=[policy.pk]))

    assert page.get_by_text("SDR first touch — Tier 1").first.is_visible()
    assert page.evaluate(WIDEST) <= LAPTOP["width"]
