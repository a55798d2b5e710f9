"""The SDR manager's workspace lists the breaches of their team, oldest first, each with its
status, owner, policy, tier and date in the manager's zone; a breach of the AE team's is
aemgr's, not theirs."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from escalations.models import Breach
from tests.escalations.conftest import sweep

pytestmark = pytest.mark.django_db

COLUMNS = ("select", "breach", "status", "owner", "policy", "tier", "breached", "step")


def shown_rows(page: str) -> dict[int, dict[str, str]]:
    """Each breach row of the list by id, in order: its cells' text by column."""
    rows = re.findall(r'<tr\s+id="breach-(\d+)".*?</tr>', page, re.S)
    bodies = re.findall(r'<tr\s+id="breach-\d+".*?</tr>', page, re.S)
    return {
        int(pk): dict(
            zip(
                COLUMNS,
                (strip_tags(cell).strip() for cell in re.findall(r"<td.*?</td>", body, re.S)),
                strict=False,
            )
        )
        for pk, body in zip(rows, bodies, strict=True)
    }


def test_the_team_breaches_oldest_first_with_their_details(client, org, unanswered):
    first, second = unanswered(2)
    org["sdrmgr"].time_zone = "Europe/Paris"
    org["sdrmgr"].save()
    client.force_login(org["sdrmgr"])

    rows = shown_rows(client.get(reverse("workspace", args=["sdr_manager"])).content.decode())

    assert list(rows) == [first.pk, second.pk]
    assert {column: rows[first.pk][column] for column in COLUMNS[2:]} == {
        "status": "Open",
        "owner": first.owner.username,
        "policy": "sdr_first_touch_t1",
        "tier": "1",
        # Two business hours after 10:01 in New York: 12:01 there, 18:01 in Paris.
        "breached": "Tue 3 Mar 2026, 18:01",
        "step": "1",
    }
    assert {first.owner.username, second.owner.username} == {"sdr1", "sdr2"}


def test_another_teams_breach_is_not_shown(client, org, sql, now):
    now.shift(timedelta(hours=9))  # past the AE's acceptance breach (4 business hours)
    sweep()
    ae_breach = Breach.objects.get(code="ae_sql_acceptance")
    assert ae_breach.owner == org["ae1"]

    client.force_login(org["sdrmgr"])
    sdr_side = shown_rows(client.get(reverse("workspace", args=["sdr_manager"])).content.decode())
    client.force_login(org["aemgr"])
    ae_side = shown_rows(client.get(reverse("workspace", args=["ae_manager"])).content.decode())

    assert ae_breach.pk not in sdr_side
    assert sdr_side  # the SDR's own breach on that lead (the three-way intro) is theirs
    assert ae_breach.pk in ae_side
