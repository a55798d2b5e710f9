"""The managers' lists cost the same number of queries whatever their length: 10 breaches or
200, 10 open leads on the board or 200."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from escalations.models import Breach
from leads.models import Lead

pytestmark = pytest.mark.django_db


def breaches_like(lead, numbers: range) -> None:
    Breach.objects.bulk_create(
        Breach(
            code="sdr_first_touch_t1",
            name="SDR first touch — Tier 1",
            concern=f"speed-to-lead-{n}",
            subject_type="lead",
            subject_id=lead.pk,
            owner=lead.owner,
            breached_at=lead.created_at,
        )
        for n in numbers
    )


def leads_like(lead, numbers: range) -> None:
    fields = {f.attname: getattr(lead, f.attname) for f in Lead._meta.concrete_fields}
    Lead.objects.bulk_create(
        Lead(**fields | {"id": None, "email": f"copy{n}@acme.example", "external_id": None})
        for n in numbers
    )


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("url", "add"),
    [
        (reverse("workspace", args=["sdr_manager"]), breaches_like),
        (reverse("manager-board"), leads_like),
    ],
    ids=["breaches", "board"],
)
def test_ten_rows_or_two_hundred_cost_the_same(
    client, org, mql, url, add, django_assert_max_num_queries
):
    client.force_login(org["sdrmgr"])
    add(mql, range(10))
    at_ten = queries(client, url)

    add(mql, range(10, 200))

    with django_assert_max_num_queries(at_ten):
        client.get(url)
