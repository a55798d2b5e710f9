"""The SDR's queue reads the same number of queries for 10 leads as for 200: the page's
clocks and cadence are read once for all its rows."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from escalations.models import Clock
from leads.models import Activity, Lead

QUEUE = "/workspace/sdr/"


def _add_leads(like: Lead, clock: Clock, start: int, count: int) -> None:
    """Copies of a routed MQL, each with its running first-touch clock and a touch."""
    leads = Lead.objects.bulk_create(
        Lead(
            email=f"buyer{n}@bulk.example",
            first_name=f"Buyer {n}",
            timezone=like.timezone,
            account=like.account,
            state=Lead.State.MQL if n % 2 else Lead.State.SAL,
            tier=1,
            score=80,
            owner=like.owner,
            routed_at=like.routed_at,
            mql_at=like.mql_at,
        )
        for n in range(start, start + count)
    )
    fields = {
        field.name: getattr(clock, field.name)
        for field in Clock._meta.concrete_fields
        if field.name not in ("id", "subject_id")
    }
    Clock.objects.bulk_create(
        Clock(**{**fields, "target_at": clock.target_at + timedelta(minutes=n)}, subject_id=lead.pk)
        for n, lead in enumerate(leads)
    )
    Activity.objects.bulk_create(
        Activity(
            lead=lead,
            channel="call",
            outcome="no_answer",
            occurred_at=timezone.now(),
            actor=like.owner,
        )
        for lead in leads
    )


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", [QUEUE, f"{QUEUE}?state=sal&q=buyer"])
def test_the_same_queries_for_10_and_200_leads(
    mql, org, client, django_assert_max_num_queries, path
):
    clock = Clock.objects.get(subject_id=mql.pk, code="sdr_first_touch_t1")
    client.force_login(org["sdr1"])
    _add_leads(mql, clock, 0, 10)
    with_few = _queries(client, path)

    _add_leads(mql, clock, 10, 190)

    with django_assert_max_num_queries(with_few):
        page = client.get(path).content.decode()
    assert page.count('data-testid="countdown"') == 25  # a full page (25 rows) of 100 or more
    assert page.count('data-testid="cadence"') == 25
    with django_assert_max_num_queries(with_few):
        assert client.get(path, {"page": 3}).status_code == 200
