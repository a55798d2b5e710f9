"""Every role against every page and every in-page action: 200 where the portal says so,
403 for another role's page, 404 for what the viewer may not see, and a refusal changes
nothing. The expectations are written out in full: a change of access shows up here."""

from datetime import timedelta

import pytest
from django.utils import timezone

from escalations.models import Breach, Clock
from leads.models import Activity, Lead
from pipeline.models import OpportunityActivity
from slaportal.charter.models import CharterVersion
from slaportal.demo.people import DEMO_PEOPLE
from slaportal.org.roles import Role
from tests.escalations.conftest import sweep
from tests.leads.conftest import lead_payload

ROLE_OF = {person.username: person.role for person in DEMO_PEOPLE}
PEOPLE = tuple(ROLE_OF)
_ALL = set(PEOPLE)
# Who gets 200 on each page; everyone else the status given.
PAGES = {
    "own workspace": (_ALL, None),
    "another role's workspace": (set(), 403),
    "the MQL of sdr2": (
        {"revops", "mops", "sdr2", "sdrmgr", "vpsales", "vpmarketing", "cro"},
        404,
    ),
    "the opportunity of ae1": ({"revops", "ae1", "aemgr", "vpsales", "cro"}, 404),
    "scoreboard": (_ALL, None),
    "notifications": (_ALL, None),
    "due-next board": ({"revops", "sdrmgr", "aemgr", "vpsales", "vpmarketing"}, 403),
    "review band": ({"revops", "sdrmgr", "vpmarketing"}, 403),
    "open-SAL review": ({"revops", "sdrmgr", "vpsales", "vpmarketing"}, 403),
    "arbitration": ({"revops"}, 403),
    "charter sign-off list": ({"sdrmgr", "aemgr", "vpsales", "vpmarketing"}, 403),
    "charter v1 sign-off page": ({"sdrmgr", "aemgr", "vpsales", "vpmarketing"}, 403),
}


@pytest.fixture
def world(opportunity, post, org, now):
    """sdr2's MQL with a breach escalated to sdrmgr, and ae1's opportunity."""
    post(
        **lead_payload(
            email="kim@globex.example",
            external_id="map-kim",
            company={
                "name": "Globex",
                "domain": "globex.example",
                "country": "US",
                "region": "NY",
                "industry": "software",
                "employees": 900,
            },
        )
    )
    mql = Lead.objects.get(email="kim@globex.example")
    assert (mql.owner.username, opportunity.owner.username) == ("sdr2", "ae1")  # round-robin
    first_touch = Clock.objects.get(subject_id=mql.pk, code="sdr_first_touch_t1")
    now.move_to(first_touch.breach_at + timedelta(minutes=1))
    sweep(timezone.now())
    return {"mql": mql, "opportunity": opportunity, "breach": Breach.objects.get(subject_id=mql.pk)}


def url_of(page: str, person: str, world) -> str:
    other_role = Role.SDR if ROLE_OF[person] != Role.SDR else Role.AE
    return {
        "own workspace": f"/workspace/{ROLE_OF[person]}/",
        "another role's workspace": f"/workspace/{other_role}/",
        "the MQL of sdr2": f"/leads/{world['mql'].pk}/",
        "the opportunity of ae1": f"/opportunities/{world['opportunity'].pk}/",
        "notifications": "/notifications/",
        "scoreboard": "/scoreboard/",
        "due-next board": "/manager/due-next/",
        "review band": "/manager/review/",
        "open-SAL review": "/manager/sal-review/",
        "arbitration": "/manager/arbitration/",
        "charter sign-off list": "/charter/sign-off/",
        "charter v1 sign-off page": f"/charter/{CharterVersion.objects.get(number=1).pk}/sign-off/",
    }[page]


@pytest.mark.parametrize("person", PEOPLE)
def test_every_page_answers_each_role_as_the_portal_says(person, world, client, org):
    client.force_login(org[person])

    answers = {page: client.get(url_of(page, person, world)).status_code for page in PAGES}

    expected = {
        page: 200 if person in allowed else refused for page, (allowed, refused) in PAGES.items()
    }
    assert answers == expected


# Each in-page action, who may do it, and what it changes (read back after the attempt).
ACTIONS = {
    "log a touch from the SDR queue": (
        {"revops", "sdr2", "sdrmgr"},
        lambda w: f"/workspace/sdr/queue/{w['mql'].pk}/touch/",
        {"channel": "call", "outcome": "no_answer"},
        lambda w: Activity.objects.filter(lead=w["mql"]).count(),
    ),
    "accept from the lead page": (
        {"revops", "sdr2", "sdrmgr"},
        lambda w: f"/leads/{w['mql'].pk}/accept/",
        {},
        lambda w: Lead.objects.get(pk=w["mql"].pk).state,
    ),
    "log a touch on the opportunity": (
        {"revops", "ae1", "aemgr", "vpsales"},
        lambda w: f"/opportunities/{w['opportunity'].pk}/touch/",
        {"channel": "email", "outcome": "sent"},
        lambda w: OpportunityActivity.objects.filter(opportunity=w["opportunity"]).count(),
    ),
    "acknowledge the breach": (
        {"revops", "sdrmgr", "vpsales", "vpmarketing"},
        lambda w: f"/manager/breaches/{w['breach'].pk}/acknowledge/",
        {},
        lambda w: Breach.objects.get(pk=w["breach"].pk).status,
    ),
}


@pytest.mark.parametrize("person", PEOPLE)
def test_every_action_is_done_only_by_those_who_may(person, world, client, org):
    client.force_login(org[person])
    before = {name: read(world) for name, (_, _, _, read) in ACTIONS.items()}

    answers = {
        name: client.post(url(world), data, HTTP_HX_REQUEST="true").status_code
        for name, (_, url, data, _) in ACTIONS.items()
    }

    changed = {name: read(world) != before[name] for name, (_, _, _, read) in ACTIONS.items()}
    for name, (allowed, _, _, _) in ACTIONS.items():
        if person in allowed:
            # htmx rows answer with the redrawn list, page forms with a redirect back.
            assert answers[name] in (200, 302), name
            assert changed[name], name
        else:
            assert answers[name] in (403, 404), name
            assert not changed[name], name
