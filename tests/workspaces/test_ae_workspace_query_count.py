"""The AE workspace reads a constant number of queries however many SQLs and opportunities
the AE has: the same for 10 rows as for 200."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from leads.models import Account, Lead
from pipeline.models import NextStep, Opportunity

pytestmark = pytest.mark.django_db


def _add_rows(ae, account, start: int, count: int) -> None:
    """SQLs and opportunities (each with a next step) written straight, as a bench would."""
    Lead.objects.bulk_create(
        Lead(
            email=f"buyer{n}@bulk.example",
            first_name=f"Buyer {n}",
            timezone="America/New_York",
            account=account,
            state=Lead.State.SQL,
            ae=ae,
            briefing=f"Briefing {n}",
        )
        for n in range(start, start + count)
    )
    opportunities = Opportunity.objects.bulk_create(
        Opportunity(
            account=account,
            owner=ae,
            name=f"Deal {n}",
            amount=Decimal(1000 + n),
            original_amount=Decimal(1000),
            close_date=date(2026, 5, 1),
            stage_entered_at=timezone.now() - timedelta(days=n % 30),
        )
        for n in range(start, start + count)
    )
    NextStep.objects.bulk_create(
        NextStep(opportunity=row, action="Send the pricing to the CFO", due_date=date(2026, 3, 9))
        for row in opportunities
    )


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", ["/workspace/ae/", "/workspace/ae/?view=board"])
def test_the_same_queries_for_10_and_200_rows(
    org, now, as_user, django_assert_max_num_queries, path
):
    ae = org["ae1"]
    account = Account.objects.create(name="Bulk", domain="bulk.example", owner_ae=ae)
    client = as_user("ae1")
    _add_rows(ae, account, 0, 10)
    client.get(path)  # the charter's cached rules are read once per process, not per page
    at_ten = _queries(client, path)

    _add_rows(ae, account, 10, 190)

    with django_assert_max_num_queries(at_ten):
        page = client.get(path).content.decode()
    assert "Later →" in page  # 200 rows: a page of them, and a next one
