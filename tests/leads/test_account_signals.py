"""What Marketing's systems see an account do (an intent spike, an event attended, a gift
accepted, a product usage surge) is recorded once, dated by the system that saw it, and starts
the account's ABX clock of its kind through its event."""

import pytest
from django.core.exceptions import ValidationError

from leads.models import Account, AccountSignal
from slaportal.api.models import ApiToken, Scope
from slaportal.events import Event
from slaportal.events.models import EventRecord
from tests.leads.conftest import TUESDAY_10AM_NY

pytestmark = pytest.mark.django_db

SEEN_AT = "2026-03-03T09:59:00-05:00"
EVENTS = {
    "intent_spike": Event.ACCOUNT_INTENT_SPIKE,
    "event_attended": Event.ACCOUNT_EVENT_ATTENDED,
    "gift_accepted": Event.ACCOUNT_GIFT_ACCEPTED,
    "usage_surge": Event.ACCOUNT_USAGE_SURGE,
}


@pytest.fixture
def intent_provider(org):
    _, key = ApiToken.issue(name="Intent", scopes=[Scope.SIGNALS_WRITE], created_by=org["revops"])
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def acme(mql):
    return mql.account


def post_signal(client, account, body, headers=None):
    return client.post(
        f"/api/v1/accounts/{account.pk}/signals",
        body,
        content_type="application/json",
        **(headers or {}),
    )


def signal_events():
    return list(
        EventRecord.objects.filter(subject_type="account").exclude(name=Event.ACCOUNT_ENGAGED)
    )


@pytest.mark.parametrize("kind", EVENTS)
def test_each_signal_publishes_its_event_about_the_account(client, acme, intent_provider, kind):
    body = {"kind": kind, "occurred_at": SEEN_AT, "detail": "Topic: lead routing (surge 3x)"}

    response = post_signal(client, acme, body, intent_provider)

    assert response.status_code == 201, response.content
    signal = AccountSignal.objects.get()
    assert response.json() == {
        "id": signal.pk,
        "account_id": acme.pk,
        "kind": kind,
        "occurred_at": SEEN_AT,
        "received_at": "2026-03-03T15:00:00Z",
        "external_id": None,
        "detail": "Topic: lead routing (surge 3x)",
    }
    (record,) = signal_events()
    assert (record.name, record.subject_id) == (EVENTS[kind], acme.pk)
    assert record.occurred_at == signal.occurred_at
    assert record.data["signal"] == signal.pk


def test_a_reposted_signal_changes_nothing(client, acme, intent_provider):
    body = {"kind": "intent_spike", "occurred_at": SEEN_AT, "external_id": "bombora-77"}

    first = post_signal(client, acme, body, intent_provider)
    again = post_signal(client, acme, {**body, "detail": "resent"}, intent_provider)

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["detail"] == ""
    assert AccountSignal.objects.count() == 1
    assert len(signal_events()) == 1


def test_signals_without_an_external_id_are_each_new(client, acme, intent_provider):
    body = {"kind": "event_attended", "occurred_at": SEEN_AT}

    statuses = [post_signal(client, acme, body, intent_provider).status_code for _ in range(2)]

    assert statuses == [201, 201]
    assert AccountSignal.objects.count() == 2
    assert len(signal_events()) == 2


def test_an_external_id_of_another_accounts_signal_is_refused(client, acme, intent_provider):
    globex = Account.objects.create(name="Globex", domain="globex.example")
    body = {"kind": "gift_accepted", "external_id": "sendoso-1"}
    post_signal(client, acme, body, intent_provider)

    response = post_signal(client, globex, body, intent_provider)

    assert response.status_code == 409
    assert response.json()["detail"] == "That external id names a signal of another account."
    assert list(AccountSignal.objects.values_list("account", flat=True)) == [acme.pk]
    assert len(signal_events()) == 1


def test_marketing_ops_posting_a_signal_is_dated_by_the_server(client, acme, org):
    client.force_login(org["mops"])

    response = post_signal(client, acme, {"kind": "event_attended", "occurred_at": SEEN_AT})

    assert response.status_code == 201
    signal = AccountSignal.objects.get()
    assert (signal.occurred_at, signal.actor) == (TUESDAY_10AM_NY, org["mops"])
    assert signal_events()[0].actor == org["mops"]


def test_a_signal_is_never_changed_or_deleted(client, acme, intent_provider):
    post_signal(client, acme, {"kind": "usage_surge"}, intent_provider)
    signal = AccountSignal.objects.get()

    signal.detail = "edited"
    with pytest.raises(ValidationError, match="cannot be changed"):
        signal.save()
    with pytest.raises(ValidationError, match="cannot be deleted"):
        signal.delete()


def test_the_lead_names_its_account_for_the_signals(client, mql, integration):
    lead = client.get(f"/api/v1/leads/{mql.pk}", **integration).json()
    listed = client.get("/api/v1/leads", **integration).json()["items"]

    assert lead["account_id"] == listed[0]["account_id"] == mql.account_id


def test_revops_reads_the_signals_on_the_accounts_admin_page(client, acme, org, intent_provider):
    post_signal(client, acme, {"kind": "intent_spike", "external_id": "bombora-9"}, intent_provider)
    client.force_login(org["revops"])

    page = client.get(f"/admin/leads/account/{acme.pk}/change/")

    assert page.status_code == 200
    assert "bombora-9" in page.content.decode()
