from datetime import timedelta

import pytest
from django.utils import timezone

from leads.models import Lead
from leads.services import lifecycle, touches
from tests.leads.conftest import *  # noqa: F403  (the lead fixtures: org, now, post, mql…)
from tests.leads.conftest import qualified_body


@pytest.fixture
def sql(mql, org):
    lifecycle.transition(mql, "accept", org["sdr1"])
    touches.book_meeting(
        mql,
        org["sdr1"],
        starts_at=timezone.now() + timedelta(days=1),
        meeting_url="https://meet.example/acme",
    )
    lifecycle.transition(mql, "qualify", org["sdr1"], **qualified_body())
    return Lead.objects.get()


@pytest.fixture
def as_user(client, org):
    def login(username):
        client.force_login(org[username])
        return client

    return login


@pytest.fixture
def opportunity(sql):
    from decimal import Decimal

    from pipeline import services

    _, opened = services.accept_sql(sql, sql.ae, briefing_read=True, amount=Decimal("10000"))
    return opened


@pytest.fixture
def owner_client(opportunity, as_user):
    return as_user(opportunity.owner.username)


def call(client, opportunity, method, path="", **body):
    url = f"/api/v1/opportunities/{opportunity.pk}{path}"
    return getattr(client, method)(url, body, content_type="application/json")
