"""A lead's or an opportunity's admin page shows its whole history (who did what) in the same
number of queries, however long the history is."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leads.services import touches
from pipeline import services
from slaportal import company

pytestmark = pytest.mark.django_db


def queries_to_open(client, url, *, showing: str) -> int:
    client.get(url)  # once to fill the process's caches (content types, the charter in force)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert showing in response.content.decode()  # RevOps sees the history, with its people
    return len(captured)


def log_touches(log, subject, people, count):
    for n in range(count):
        log(subject, people[n % len(people)], channel="call", outcome="no_answer", occurred_at=None)


def test_a_leads_history_costs_the_same_queries_at_any_length(client, opportunity, org):
    lead = opportunity.lead
    client.force_login(org["revops"])
    url = reverse("admin:leads_lead_change", args=[lead.pk])
    short = queries_to_open(client, url, showing="Lead transitions")

    log_touches(touches.log_activity, lead, [org["sdr1"], org["sdrmgr"], org["revops"]], 12)

    assert queries_to_open(client, url, showing="sdrmgr") == short


def test_an_opportunitys_history_costs_the_same_queries_at_any_length(client, opportunity, org):
    client.force_login(org["revops"])
    url = reverse("admin:pipeline_opportunity_change", args=[opportunity.pk])
    short = queries_to_open(client, url, showing="Stage entries")

    people = [org["ae1"], org["aemgr"], org["vpsales"]]
    log_touches(services.log_activity, opportunity, people, 12)
    for n, person in enumerate(people * 3):
        due = company.today() + timedelta(days=n + 1)
        services.log_next_step(opportunity, person, action=f"Send pricing to IT #{n}", due_date=due)

    assert queries_to_open(client, url, showing="aemgr") == short
