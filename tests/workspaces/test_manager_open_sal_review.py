"""The open-SAL review: the SDR manager sees their team's SALs still open on their check-in
day (12 business days after acceptance in charter v1), oldest acceptance first."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from leads.models import Lead
from leads.services import lifecycle

pytestmark = pytest.mark.django_db

# Twelve business days after Tuesday 3 March 2026, 10:00 in New York.
DAY_12 = datetime(2026, 3, 19, 10, 0, tzinfo=ZoneInfo("America/New_York"))


def test_an_sal_open_on_its_check_in_day_is_listed(client, org, now, mql, post):
    lifecycle.transition(mql, "accept", mql.owner)
    post(email="lee@acme.example", external_id="map-2")  # an MQL, never accepted

    now.move_to(DAY_12)
    client.force_login(org["sdrmgr"])
    page = client.get(reverse("manager-sal-review")).content.decode()

    assert re.findall(r'<tr\s+id="lead-(\d+)"', page) == [str(mql.pk)]
    assert "day 12" in page
    assert Lead.objects.get(pk=mql.pk).state == "sal"


def test_the_ae_manager_has_no_sal_review(client, org):
    client.force_login(org["aemgr"])

    assert client.get(reverse("manager-sal-review")).status_code == 403
