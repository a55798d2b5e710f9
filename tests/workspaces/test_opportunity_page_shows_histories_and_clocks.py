"""The opportunity page: its clocks, and its histories — stages entered, next steps,
close-date and amount changes — in the viewer's time zone."""

from datetime import date
from decimal import Decimal

import pytest

from pipeline import services

pytestmark = pytest.mark.django_db


def test_the_page_shows_its_histories_and_clocks(opportunity, as_user):
    owner = opportunity.owner
    services.update(
        opportunity,
        owner,
        amount=Decimal("14000"),
        close_date=date(2026, 6, 15),
        next_step={"action": "Send the SOC 2 report to Lee", "due_date": date(2026, 3, 6)},
    )

    page = as_user(owner.username).get(f"/opportunities/{opportunity.pk}/").content.decode()

    clocks = page.split('data-testid="clocks"')[1].split("</ul>")[0]
    assert "Stage age — Discovery" in clocks
    assert "21d 0h left" in clocks
    timeline = page.split('data-testid="timeline"')[1].split("</ol>")[0]
    assert "Entered Stage 1 — Discovery" in timeline
    assert "Next step: Send the SOC 2 report to Lee (by 2026-03-06)" in timeline
    assert "Close date 2026-06-01 → 2026-06-15 (pushed)" in timeline
    assert "Amount 10000.00 → 14000.00 (+40.0% of original)" in timeline
    assert "Clock Met: No next step" in timeline  # the next step stopped its clock
    assert "Breach: ACV change over 30 %" in timeline
    assert "Tue 3 Mar 2026, 10:00" in timeline  # 15:00 UTC, read in New York
    assert "pushed 1× this quarter" in page
    flags = page.split('data-testid="flags"')[1].split("</ul>")[0]
    assert "ACV change over 30 %" in flags  # the engine's unresolved hygiene breach


def test_times_follow_the_viewers_own_zone(opportunity, as_user):
    owner = opportunity.owner
    owner.time_zone = "Europe/Paris"
    owner.save(update_fields=["time_zone"])

    page = as_user(owner.username).get(f"/opportunities/{opportunity.pk}/").content.decode()

    assert "Tue 3 Mar 2026, 16:00" in page.split('data-testid="timeline"')[1]
