"""Accepting an SQL with the briefing read opens the opportunity and lands on its page."""

import pytest

from leads.models import Lead
from pipeline.models import Opportunity

pytestmark = pytest.mark.django_db


def test_accept_with_the_briefing_read_lands_on_the_new_opportunity(sql, as_user):
    client = as_user(sql.ae.username)

    response = client.post(f"/workspace/ae/sqls/{sql.pk}/ae_accept/", {"briefing_read": "on"})

    opportunity = Opportunity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/opportunities/{opportunity.pk}/"
    assert Lead.objects.get().state == Lead.State.CONVERTED
    page = client.get(response["Location"]).content.decode()
    assert "SQL accepted: opportunity" in page
    assert "Stage 1 — Discovery" in page
