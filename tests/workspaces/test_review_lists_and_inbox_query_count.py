"""The other lists cost the same number of queries for 10 rows as for 200: the review band,
the open-SAL review, RevOps' arbitration list and the bell's inbox."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from escalations.models import Notification
from leads.models import Lead, LeadTransition


def _copies(like: Lead, numbers: range, **fields) -> list[Lead]:
    return Lead.objects.bulk_create(
        Lead(
            email=f"copy{n}@bulk.example",
            first_name=f"Copy {n}",
            timezone=like.timezone,
            account=like.account,
            tier=1,
            **fields,
        )
        for n in numbers
    )


def review_band(lead, org, numbers):
    _copies(lead, numbers, state=Lead.State.INQUIRY, score=50, needs_review=True)


def open_sals(lead, org, numbers):
    sals = _copies(lead, numbers, state=Lead.State.SAL, owner=lead.owner)
    LeadTransition.objects.bulk_create(
        LeadTransition(
            lead=sal,
            name="accept",
            from_state="mql",
            to_state="sal",
            actor=sal.owner,
            at=timezone.now() - timedelta(days=40),
        )
        for sal in sals
    )


def in_arbitration(lead, org, numbers):
    _copies(lead, numbers, state=Lead.State.ARBITRATION, owner=org["sdr1"], ae=org["ae1"])


def inbox(lead, org, numbers):
    told = Notification.objects.filter(channel="in_app").first()
    Notification.objects.bulk_create(
        Notification(
            escalation=told.escalation,
            channel=Notification.Channel.IN_APP,
            address=f"copy:{n}",
            recipient=org["revops"],
            subject=f"Breach {n}",
            body="A breach",
        )
        for n in numbers
    )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("url", "add"),
    [
        ("/manager/review/", review_band),
        ("/manager/sal-review/", open_sals),
        ("/manager/arbitration/", in_arbitration),
        ("/notifications/", inbox),
    ],
    ids=["review band", "open-SAL review", "arbitration", "inbox"],
)
def test_ten_rows_or_two_hundred_cost_the_same(
    unanswered, org, client, url, add, django_assert_max_num_queries
):
    (breach,) = unanswered(1)  # told in the portal too
    lead = Lead.objects.get(pk=breach.subject_id)
    client.force_login(org["revops"])
    add(lead, org, range(10))
    at_ten = _queries(client, url)

    add(lead, org, range(10, 200))

    with django_assert_max_num_queries(at_ten):
        page = client.get(url).content.decode()
    assert page.count("Copy ") + page.count("<strong>Breach ") >= 25  # a full page of them
