from datetime import timedelta

import pytest
from django.utils import timezone

from leads import services as lead_services
from leads.models import Lead
from tests.leads.conftest import *  # noqa: F403  (the lead fixtures: org, now, post, mql…)
from tests.leads.conftest import qualified_body


@pytest.fixture
def sql(mql, org):
    lead_services.transition(mql, "accept", org["sdr1"])
    lead_services.book_meeting(
        mql,
        org["sdr1"],
        starts_at=timezone.now() + timedelta(days=1),
        meeting_url="https://meet.example/acme",
    )
    lead_services.transition(mql, "qualify", org["sdr1"], **qualified_body())
    return Lead.objects.get()


@pytest.fixture
def as_user(client, org):
    def login(username):
        client.force_login(org[username])
        return client

    return login
