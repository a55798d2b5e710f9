"""My opportunities as a table (and a board): stage, stage age against its limit, the next step
and its due date, close date, amount against the original, hygiene flags."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from pipeline import services

pytestmark = pytest.mark.django_db


def _row(page: str, opportunity) -> str:
    return page.split(f'id="opportunity-{opportunity.pk}"')[1].split("</tr>")[0]


def test_the_table_shows_what_keeps_a_deal_clean(opportunity, as_user, now):
    owner = opportunity.owner
    services.update(
        opportunity,
        owner,
        amount=Decimal("12000"),
        next_step={"action": "Send the SOC 2 report to Lee", "due_date": date(2026, 3, 6)},
    )
    now.shift(timedelta(days=3))

    row = _row(as_user(owner.username).get("/workspace/ae/").content.decode(), opportunity)

    assert "Stage 1 — Discovery" in row
    assert "3 d of 21" in row
    assert "Send the SOC 2 report to Lee" in row
    assert "due Fri 6 Mar" in row
    assert "1 Jun 2026" in row  # opened with a 90-day forecast
    assert "12,000" in row
    assert "of 10,000 (+20.0%)" in row
    assert "clean" in row


def test_a_deal_past_its_stage_limit_without_a_next_step_is_flagged(opportunity, as_user, now):
    now.shift(timedelta(days=25))

    row = _row(
        as_user(opportunity.owner.username).get("/workspace/ae/").content.decode(), opportunity
    )

    assert '<span data-testid="stage-age" class="bad">25 d of 21</span>' in row
    assert "over the 21-day stage limit" in row
    assert "no next step" in row


def test_the_board_puts_it_in_its_stage_column(opportunity, as_user):
    page = as_user(opportunity.owner.username).get("/workspace/ae/?view=board").content.decode()

    board = page.split('data-testid="board"')[1]
    discovery = board.split('aria-label="Stage 1 — Discovery"')[1].split("</section>")[0]
    assert f'id="opportunity-{opportunity.pk}"' in discovery
    assert opportunity.name in discovery


def test_another_aes_opportunity_is_not_listed(opportunity, as_user):
    other = "ae2" if opportunity.owner.username == "ae1" else "ae1"

    page = as_user(other).get("/workspace/ae/").content.decode()

    assert f'id="opportunity-{opportunity.pk}"' not in page
