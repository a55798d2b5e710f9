"""Who may do what through the API: every role and token scope × every operation → the status,
and a refusal changes nothing.

The world: sdr1 works the MQL `lead` and the SQL `sql` (assigned to ae1); sdr2 is sdr1's peer
on the same SDR team (sdrmgr); ae1 owns the account `acme` and the opportunity `opportunity`;
ae2 is ae1's peer on the AE team (aemgr). Each request runs in a savepoint rolled back after it,
so every caller meets the same world.
"""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from escalations.models import Breach, Notification
from escalations.sweep import sweep
from leads.models import Account, Lead
from leads.services import lifecycle, touches
from pipeline import services as pipeline_services
from slaportal.api.models import ApiToken, Scope
from tests.api.test_bad_input_is_refused import snapshot
from tests.leads.conftest import lead_payload, qualified_body
from tests.pipeline.conftest import *  # noqa: F403  (org, now, post…)

pytestmark = pytest.mark.django_db

PEOPLE = (
    "revops",
    "mops",
    "sdr1",
    "sdr2",
    "sdrmgr",
    "ae1",
    "ae2",
    "aemgr",
    "vpsales",
    "vpmarketing",
    "admin",
)
ACCEPTS_SQLS = "leads:write+opportunities:write"
TOKENS = (*Scope.values, ACCEPTS_SQLS)
EVERYONE = dict.fromkeys(PEOPLE)
# Who sees what: everything for RevOps, Marketing Ops, the VPs and the superuser; sdr1 and
# their manager the leads; ae1 and their manager the SQL and the opportunity.
SEE_ALL = ("revops", "mops", "vpsales", "vpmarketing", "admin")
SEE_OPPORTUNITY = ("revops", "vpsales", "admin", "ae1", "aemgr")
LEAD_SEEN_BY = ("sdr1", "sdrmgr", *SEE_ALL)


def people(default: int, **statuses: int) -> dict[str, int]:
    return {person: statuses.get(person, default) for person in PEOPLE}


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    body: dict | None
    people: dict[str, int]
    tokens: dict[str, int] = field(default_factory=dict)  # others: 403

    def expected(self) -> dict[str, int]:
        return {
            "anonymous": 401,
            "bad token": 401,
            **self.people,
            **{f"token {scope}": self.tokens.get(scope, 403) for scope in TOKENS},
        }


def lead_move(name, body, ok):
    """An SDR transition on sdr1's MQL: sdr1, their manager, RevOps; seen-only is 403."""
    return Operation(
        "post",
        f"/api/v1/leads/{{lead}}/transitions/{name}",
        body,
        people(
            404,
            **dict.fromkeys(("mops", "vpsales", "vpmarketing"), 403),
            **dict.fromkeys(("sdr1", "sdrmgr", "revops", "admin"), ok),
        ),
        {"leads:write": ok, ACCEPTS_SQLS: ok},
    )


def lead_touch(path, body, scope, ok):
    return Operation(
        "post",
        f"/api/v1/leads/{{lead}}{path}",
        body,
        people(
            404,
            **dict.fromkeys(("mops", "vpsales", "vpmarketing"), 403),
            **dict.fromkeys(("sdr1", "sdrmgr", "revops", "admin"), ok),
        ),
        {scope: ok},
    )


def rep_named_by(path, body):
    """A touch naming its rep: a dialer's (activities:write); from a person who may see the
    lead or opportunity, a 422 (a person's touch is their own)."""
    sees = SEE_OPPORTUNITY if path.startswith("/api/v1/opportunities") else LEAD_SEEN_BY
    return Operation(
        "post",
        path,
        {**body, "rep": "sdr1"},
        people(404, **dict.fromkeys(sees, 422)),
        {"activities:write": 201},
    )


def opportunity_touch(path, body, scope, ok):
    return Operation(
        "post",
        f"/api/v1/opportunities/{{opportunity}}{path}",
        body,
        people(404, **dict.fromkeys(SEE_OPPORTUNITY, ok)),
        {scope: ok},
    )


def opportunity_write(method, path, body, ok):
    return Operation(
        method,
        f"/api/v1/opportunities/{{opportunity}}{path}",
        body,
        people(403, ae2=404, **dict.fromkeys(SEE_OPPORTUNITY, ok)),
        {"opportunities:write": ok, ACCEPTS_SQLS: ok},
    )


# The AE acceptance breach on the SQL: ae1's, escalated to aemgr (ae1's manager).
BREACH_SEEN_BY = ("ae1", "aemgr", "revops", "vpsales", "vpmarketing", "admin")


def breach_handling(path, body):
    """Acknowledge or resolve: whom it was escalated to, the overseers; the owner sees it but
    does not close their own breach."""
    return Operation(
        "post",
        f"/api/v1/breaches/{{breach}}{path}",
        body,
        people(404, ae1=403, **dict.fromkeys(BREACH_SEEN_BY[1:], 200)),
        {"breaches:write": 200},
    )


MEETING = {"starts_at": "2026-03-05T10:00:00-05:00", "meeting_url": "https://meet.example/x"}
NEW_LEAD = lead_payload(email="new@acme.example", external_id="map-new")

OPERATIONS = {
    "GET charter": Operation("get", "/api/v1/charter", None, people(200), {"charter:read": 200}),
    "POST lead": Operation(
        "post",
        "/api/v1/leads",
        NEW_LEAD,
        people(403, revops=201, mops=201, admin=201),
        {"leads:intake": 201},
    ),
    "POST lead that exists": Operation(
        "post",
        "/api/v1/leads",
        lead_payload(action="unsubscribe"),
        people(403, revops=200, mops=200, admin=200),
        {"leads:intake": 200},
    ),
    "GET leads": Operation("get", "/api/v1/leads", None, people(200), {"leads:read": 200}),
    "GET lead": Operation(
        "get",
        "/api/v1/leads/{lead}",
        None,
        people(404, **dict.fromkeys(LEAD_SEEN_BY, 200)),
        {"leads:read": 200},
    ),
    "accept": lead_move("accept", None, 200),
    "reject": lead_move("reject", {"reason_code": "REJ-01"}, 200),
    "qualify (gate refuses)": lead_move("qualify", qualified_body(), 409),
    "recycle": lead_move("recycle", {"reason_code": "RCY-01"}, 200),
    "disqualify": lead_move("disqualify", {"reason_code": "DQ-01"}, 200),
    "ae_reject": Operation(
        "post",
        "/api/v1/leads/{sql}/transitions/ae_reject",
        {"reason_code": "AE-REJ-01"},
        people(
            404,
            **dict.fromkeys(("sdr1", "sdrmgr", "mops", "vpsales", "vpmarketing"), 403),
            **dict.fromkeys(("ae1", "aemgr", "revops", "admin"), 200),
        ),
        {"leads:write": 200, ACCEPTS_SQLS: 200},
    ),
    "ae_accept": Operation(
        "post",
        "/api/v1/leads/{sql}/transitions/ae_accept",
        {"briefing_read": True},
        people(403, ae2=404, **dict.fromkeys(("ae1", "aemgr", "revops", "admin"), 200)),
        {ACCEPTS_SQLS: 200},
    ),
    "lead activity": lead_touch(
        "/activities", {"channel": "call", "outcome": "connected"}, "activities:write", 201
    ),
    "lead activity by a rep": rep_named_by(
        "/api/v1/leads/{lead}/activities", {"channel": "call", "outcome": "connected"}
    ),
    "three-way intro": Operation(
        "post",
        "/api/v1/leads/{sql}/activities",
        {"channel": "email", "outcome": "sent", "purpose": "intro"},
        people(
            404,
            **dict.fromkeys(("mops", "vpsales", "vpmarketing"), 403),
            **dict.fromkeys(("sdr1", "sdrmgr", "ae1", "aemgr", "revops", "admin"), 201),
        ),
        {"activities:write": 201},
    ),
    "sequence": lead_touch("/sequence", {"sequence": "Tier 1 inbound"}, "activities:write", 201),
    "disposition": lead_touch(
        "/disposition", {"code": "DISP-CALLBACK", "notes": "Thursday 3 pm"}, "activities:write", 201
    ),
    "lead meeting": lead_touch("/meetings", MEETING, "meetings:write", 201),
    "lead meeting held": lead_touch("/meetings/{lead_meeting}/held", None, "meetings:write", 200),
    "POST opportunity": Operation(
        "post",
        "/api/v1/opportunities",
        {"account_id": "{acme}"},
        people(403, ae2=404, **dict.fromkeys(SEE_OPPORTUNITY, 201)),
        {"opportunities:write": 201, ACCEPTS_SQLS: 201},
    ),
    "GET opportunity": Operation(
        "get",
        "/api/v1/opportunities/{opportunity}",
        None,
        people(404, **dict.fromkeys(SEE_OPPORTUNITY, 200)),
        {"opportunities:read": 200},
    ),
    "PATCH opportunity": opportunity_write("patch", "", {"amount": 12000}, 200),
    "advance (gate refuses)": opportunity_write("post", "/transitions/advance", None, 409),
    "win": opportunity_write("post", "/transitions/win", None, 200),
    "lose": opportunity_write(
        "post", "/transitions/lose", {"reason_code": "WL-BUDGET", "feedback": "No budget"}, 200
    ),
    "opportunity activity": opportunity_touch(
        "/activities", {"channel": "email", "outcome": "sent"}, "activities:write", 201
    ),
    "opportunity activity by a rep": rep_named_by(
        "/api/v1/opportunities/{opportunity}/activities", {"channel": "email", "outcome": "sent"}
    ),
    "opportunity meeting": opportunity_touch(
        "/meetings", {**MEETING, "kind": "demo"}, "meetings:write", 201
    ),
    "opportunity meeting held": opportunity_touch(
        "/meetings/{opportunity_meeting}/held", None, "meetings:write", 200
    ),
    "GET breaches": Operation("get", "/api/v1/breaches", None, people(200), {"breaches:read": 200}),
    "GET breach": Operation(
        "get",
        "/api/v1/breaches/{breach}",
        None,
        people(404, **dict.fromkeys(BREACH_SEEN_BY, 200)),
        {"breaches:read": 200},
    ),
    "acknowledge": breach_handling("/acknowledge", None),
    "resolve": breach_handling("/resolve", {"root_cause": "The AE was on leave; no cover set"}),
    "GET notifications": Operation("get", "/api/v1/notifications", None, people(200)),
    "read a notification": Operation(
        "post", "/api/v1/notifications/{notification}/read", None, people(404, aemgr=200)
    ),
    "account signal": Operation(
        "post",
        "/api/v1/accounts/{acme}/signals",
        {"kind": "intent_spike", "external_id": "bombora-1", "detail": "Topic: lead routing"},
        people(403, revops=201, mops=201, admin=201),
        {"signals:write": 201},
    ),
}


@pytest.fixture
def world(org, now, post):
    """The objects every operation is tried on (see the module's docstring)."""
    post()  # → sdr1
    post(email="filler@acme.example", external_id="map-filler")  # → sdr2
    post(email="sam@acme.example", external_id="map-sam")  # → sdr1
    acme = Account.objects.get(domain="acme.example")
    acme.owner_ae = org["ae1"]
    acme.save()
    lead = Lead.objects.get(email="dana@acme.example")
    sql = Lead.objects.get(email="sam@acme.example")
    lifecycle.transition(sql, "accept", org["sdr1"])
    starts = timezone.now() + timedelta(days=1)
    touches.book_meeting(sql, org["sdr1"], starts_at=starts, meeting_url="https://meet.example/s")
    lifecycle.transition(sql, "qualify", org["sdr1"], **qualified_body())
    opportunity = pipeline_services.open_opportunity(org["ae1"], account=acme, amount=10000)
    sweep(timezone.now() + timedelta(days=1))  # the SQL waited too long for its AE
    breach = Breach.objects.get(code="ae_sql_acceptance")
    return {
        "users": org,
        "tokens": {
            scope: ApiToken.issue(name=scope, scopes=scope.split("+"), created_by=org["revops"])[1]
            for scope in TOKENS
        },
        "ids": {
            "lead": lead.pk,
            "sql": sql.pk,
            "acme": acme.pk,
            "opportunity": opportunity.pk,
            "lead_meeting": touches.book_meeting(
                lead, org["sdr1"], starts_at=starts, meeting_url="https://meet.example/l"
            ).pk,
            "opportunity_meeting": pipeline_services.book_meeting(
                opportunity, org["ae1"], kind="demo", starts_at=starts
            ).pk,
            "breach": breach.pk,
            "notification": Notification.objects.get(
                escalation__breach=breach, recipient=org["aemgr"], channel="in_app"
            ).pk,
        },
    }


def _request(client, world, caller, operation: Operation):
    ids = world["ids"]
    path = operation.path.format(**ids)
    body = operation.body or {}
    if body.get("account_id") == "{acme}":
        body = {**body, "account_id": ids["acme"]}
    headers = {}
    if caller == "bad token":
        headers["HTTP_AUTHORIZATION"] = "Bearer not-a-key"
    elif caller.startswith("token "):
        headers["HTTP_AUTHORIZATION"] = f"Bearer {world['tokens'][caller.removeprefix('token ')]}"
    elif caller != "anonymous":
        client.force_login(world["users"][caller])
    return getattr(client, operation.method)(path, body, content_type="application/json", **headers)


@pytest.mark.parametrize("operation", OPERATIONS.values(), ids=OPERATIONS.keys())
def test_every_caller_gets_the_status_of_its_rights(client, world, operation):
    seen, changed_on_refusal = {}, []
    for caller in operation.expected():
        with transaction.atomic():
            before = snapshot()
            response = _request(client, world, caller, operation)
            seen[caller] = response.status_code
            if response.status_code >= 400 and snapshot() != before:
                changed_on_refusal.append(caller)
            client.logout()
            transaction.set_rollback(True)

    assert seen == operation.expected()
    assert changed_on_refusal == []


def test_a_refusal_reveals_nothing_about_other_peoples_leads(client, world):
    """ae2 posting sdr1's lead's address through intake, or reading it, learns nothing."""
    client.force_login(world["users"]["ae2"])

    posted = client.post("/api/v1/leads", lead_payload(), content_type="application/json")
    read = client.get(f"/api/v1/leads/{world['ids']['lead']}")
    missing = client.get(f"/api/v1/leads/{world['ids']['lead'] + 1000}")

    assert posted.status_code == 403
    assert "dana" not in posted.content.decode()
    assert (read.status_code, read.json()) == (missing.status_code, missing.json())
