"""The due-next board: the open leads of the manager's team, soonest deadline first; an SDR
manager's board holds the SDRs' MQLs and SALs, an AE manager's the AEs' SQLs. The overseers
choose the team."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from leads.models import Lead
from leads.services import touches
from slaportal.org.models import Team

pytestmark = pytest.mark.django_db


def board(client, **query) -> list[int]:
    response = client.get(reverse("manager-board"), query)
    assert response.status_code == 200
    return [int(pk) for pk in re.findall(r'<tr\s+id="lead-(\d+)"', response.content.decode())]


def test_the_teams_leads_soonest_deadline_first(client, org, now, sql, post):
    leads = []
    for n in range(3):
        now.shift(timedelta(minutes=1))
        post(email=f"lead{n}@acme.example", external_id=f"map-{n}")
        leads.append(Lead.objects.get(email=f"lead{n}@acme.example"))
    first, second, third = leads
    # A call stops the first lead's five-minute clock: its next deadline is hours away.
    touches.log_activity(first, first.owner, occurred_at=None, channel="call", outcome="voicemail")
    client.force_login(org["sdrmgr"])

    assert board(client) == [second.pk, third.pk, first.pk]

    client.force_login(org["aemgr"])
    assert board(client) == [sql.pk]  # the SQL is the AE team's


def test_an_overseer_chooses_the_team(client, org, sql):
    client.force_login(org["vpsales"])
    ae_team = Team.objects.get(kind=Team.Kind.AE)

    assert board(client, team=ae_team.pk) == [sql.pk]
