"""Accepting an SQL needs "I read the briefing" ticked: without it nothing changes."""

import pytest

from leads.models import Lead
from pipeline.models import Opportunity

pytestmark = pytest.mark.django_db


def test_accept_without_the_briefing_read_is_refused_with_the_reason(sql, as_user):
    client = as_user(sql.ae.username)

    response = client.post(f"/workspace/ae/sqls/{sql.pk}/ae_accept/", follow=True)

    assert response.redirect_chain[-1][0].startswith("/workspace/ae/")
    assert "Nothing was changed" in response.content.decode()
    assert "I read the briefing: This field is required." in response.content.decode()
    assert Lead.objects.get().state == Lead.State.SQL
    assert not Opportunity.objects.exists()
