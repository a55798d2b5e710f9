"""The scoreboard and the rows behind a number cost the same queries for the six leads of the
hand-counted day as with two hundred more."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leads.models import Account, Lead
from scoreboard.models import LeadFunnel
from tests.scoreboard.conftest import DAY

TUESDAY = "from=2026-03-03&to=2026-03-03"
PAGES = [
    f"/scoreboard/?{TUESDAY}",
    f"/scoreboard/metrics/mql_to_sal_rate/?{TUESDAY}",
    f"/scoreboard/metrics/mql_response_t1/?{TUESDAY}&part=numerator",
    f"/scoreboard/metrics/sla_breach_rate/?{TUESDAY}",
    f"/scoreboard/framework/?{TUESDAY}",
    f"/scoreboard/revenue-sync/?{TUESDAY}",
    f"/scoreboard/calibration/?{TUESDAY}",
]


def _two_hundred_more_mqls(org):
    account = Account.objects.create(name="Bulk", domain="bulk.example")
    leads = Lead.objects.bulk_create(
        Lead(email=f"bulk{n}@bulk.example", account=account, timezone="America/New_York")
        for n in range(200)
    )
    LeadFunnel.objects.bulk_create(
        LeadFunnel(
            lead=lead,
            account=account,
            sdr=org["sdr1" if n % 2 else "sdr2"],
            tier=1,
            source="demo_request",
            quality=True,
            enriched=False,
            mql_at=DAY + timedelta(minutes=n),
            accepted_at=DAY + timedelta(minutes=n + 5) if n % 3 else None,
        )
        for n, lead in enumerate(leads)
    )


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", PAGES)
def test_the_same_queries_for_six_leads_as_for_two_hundred_more(client, org, measured, path):
    client.force_login(org["revops"])
    client.get(path)  # the process's memories (charter in force, company zone) filled
    few = _queries(client, path)
    _two_hundred_more_mqls(org)

    assert _queries(client, path) == few
