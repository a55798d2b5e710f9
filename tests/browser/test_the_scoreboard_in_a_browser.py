"""The scoreboard in Debian's chromium on the hand-counted day (tests/scoreboard/conftest):
the charts are drawn (no script, no CDN), a number opens the rows behind it, the revenue sync
prints without the portal's chrome, and the leaderboard fills a wall. Screenshots in
var/screenshots/."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot
from tests.scoreboard.conftest import *  # noqa: F403  (org, day, measured…)

pytestmark = pytest.mark.django_db(transaction=True)
TUESDAY = "?from=2026-03-03&to=2026-03-03"


def test_the_board_its_charts_and_the_rows_behind_a_number(page, measured):
    log_in(page, "vpmarketing", "demo")
    page.goto(f"/scoreboard/{TUESDAY}")

    t1 = page.get_by_test_id("metric-mql_response_t1")
    expect(t1.get_by_test_id("value")).to_have_text("66.7 %")
    expect(t1.get_by_test_id("status")).to_have_text("amber")
    for chart in ("speed", "funnel", "breaches", "activity"):
        bars = page.get_by_test_id(f"chart-{chart}").locator("svg rect")
        assert bars.count() > 0, chart
        box = page.get_by_test_id(f"chart-{chart}").locator("svg").bounding_box()
        assert min(box["width"], box["height"]) > 100, chart
    screenshot(page, "scoreboard")

    page.get_by_test_id("metric-mql_to_sal_rate").get_by_test_id("numerator").click()
    expect(page.get_by_test_id("rows-leads").get_by_test_id("total")).to_have_text("4")
    screenshot(page, "scoreboard-rows")


def test_the_revenue_sync_prints_without_the_portals_chrome(page, measured):
    log_in(page, "revops", "demo")
    page.goto(f"/scoreboard/revenue-sync/{TUESDAY}")
    page.emulate_media(media="print")

    expect(page.locator(".topbar")).to_be_hidden()
    expect(page.get_by_test_id("revenue-sync")).to_be_visible()
    screenshot(page, "revenue-sync-print")


def test_the_leaderboard_for_a_wall_screen(page, measured, day):
    log_in(page, "cro", "demo")
    page.goto(f"/scoreboard/leaderboard/{TUESDAY}")

    expect(page.get_by_test_id("leaders").locator("li")).to_have_count(
        len({day[name].ae_id for name in "ab"})
    )
    screenshot(page, "leaderboard")
