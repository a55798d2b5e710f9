"""Concurrent requests on PostgreSQL: one accept wins; the round-robin stays fair."""

import threading
from collections import Counter

import pytest
from django.db import connection
from django.test import Client

from leads.models import Lead, LeadTransition
from tests.leads.conftest import lead_payload

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def concurrently(*calls):
    """Run the calls at the same moment, each on its own connection; their results in order."""
    results = [None] * len(calls)
    start = threading.Barrier(len(calls))

    def run(index, call):
        try:
            start.wait()
            results[index] = call()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_concurrent_accepts_one_wins_one_is_refused(post, org, now):
    # `now`: in business hours, so the lead goes to sdr1 by the round-robin, not on call.
    assert connection.vendor == "postgresql"
    post()
    lead = Lead.objects.get()

    def accept():
        client = Client()
        client.force_login(org["sdr1"])
        return client.post(
            f"/api/v1/leads/{lead.pk}/transitions/accept", content_type="application/json"
        ).status_code

    statuses = concurrently(accept, accept)

    assert sorted(statuses) == [200, 409]
    assert Lead.objects.get().state == "sal"
    assert LeadTransition.objects.filter(name="accept").count() == 1


def test_concurrent_intake_keeps_the_round_robin_fair(integration, now):
    # `now`: in business hours; outside them every lead would go to the on-call SDR.
    def post_batch(batch):
        def run():
            client = Client()
            return [
                client.post(
                    "/api/v1/leads",
                    lead_payload(
                        email=f"b{batch}-{n}@acme.example",
                        external_id=f"{batch}-{n}",
                        occurred_at=None,
                    ),
                    content_type="application/json",
                    **integration,
                ).json()["owner"]
                for n in range(5)
            ]

        return run

    owners = [owner for batch in concurrently(*map(post_batch, range(4))) for owner in batch]

    assert Counter(owners) == {"sdr1": 10, "sdr2": 10}


def test_the_same_new_person_posted_twice_at_once_is_one_lead(integration):
    def post_same(external_id):
        def run():
            return (
                Client()
                .post(
                    "/api/v1/leads",
                    lead_payload(external_id=external_id, occurred_at=None),
                    content_type="application/json",
                    **integration,
                )
                .status_code
            )

        return run

    statuses = concurrently(post_same("form-1"), post_same("form-2"))

    assert sorted(statuses) == [200, 201]
    assert Lead.objects.count() == 1
