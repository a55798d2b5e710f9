"""Who may see and change an opportunity; bad input names the field; one stage change wins."""

import threading

import pytest
from django.db import connection
from django.test import Client

from pipeline.models import Opportunity, StageEntry
from tests.pipeline.conftest import call

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("username", "read", "write"),
    [
        ("owner", 200, 200),
        ("other_ae", 404, 404),
        ("aemgr", 200, 200),
        ("vpsales", 200, 200),
        ("revops", 200, 200),
        ("sdr1", 404, 403),
    ],
)
def test_permissions(opportunity, as_user, username, read, write):
    if username == "owner":
        username = opportunity.owner.username
    elif username == "other_ae":
        username = "ae2" if opportunity.owner.username == "ae1" else "ae1"
    client = as_user(username)

    assert call(client, opportunity, "get").status_code == read
    assert call(client, opportunity, "patch", amount="11000").status_code == write


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"amount": "-5"}, "amount"),
        ({"amount": "lots"}, "amount"),
        ({"close_date": "2020-01-01"}, "close_date"),
        ({"close_date": "soon"}, "close_date"),
        ({"next_step": {"action": "Send the MSA"}}, "due_date"),
        ({"next_step": {"action": "Send the MSA", "due_date": "2020-01-01"}}, "due_date"),
        ({"stage": "won"}, "stage"),
    ],
)
def test_bad_input_is_refused_naming_the_field(owner_client, opportunity, body, field):
    response = owner_client.patch(
        f"/api/v1/opportunities/{opportunity.pk}", body, content_type="application/json"
    )

    assert response.status_code == 422
    assert any(field in error["loc"] for error in response.json()["detail"])
    assert Opportunity.objects.get().amount == opportunity.amount


def test_unknown_transition_is_404(owner_client, opportunity):
    assert call(owner_client, opportunity, "post", "/transitions/teleport").status_code == 404


def test_the_contract_shape(owner_client, opportunity):
    body = call(owner_client, opportunity, "get").json()

    assert {
        "id",
        "lead_id",
        "stage",
        "amount",
        "close_date",
        "owner",
        "next_step",
        "clocks",
    } <= set(body)
    assert body["stage_max_age_days"] == 21


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_stage_changes_one_wins(opportunity, org):
    assert connection.vendor == "postgresql"
    owner = opportunity.owner
    results = []
    start = threading.Barrier(2)

    def lose_or_win(name, body):
        client = Client()
        client.force_login(owner)
        start.wait()
        try:
            results.append(
                call(client, opportunity, "post", f"/transitions/{name}", **body).status_code
            )
        finally:
            connection.close()

    threads = [
        threading.Thread(target=lose_or_win, args=("win", {})),
        threading.Thread(
            target=lose_or_win,
            args=("lose", {"reason_code": "WL-TIMING", "feedback": "Budget moved to next year"}),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == [200, 409]
    closed = Opportunity.objects.get()
    assert closed.stage in ("won", "lost")
    assert StageEntry.objects.filter(stage__in=["won", "lost"]).count() == 1


def test_available_transitions_say_what_advancing_needs(owner_client, opportunity, as_user):
    body = call(owner_client, opportunity, "get").json()
    other_ae = "ae2" if opportunity.owner.username == "ae1" else "ae1"
    manager_view = call(as_user("vpsales"), opportunity, "get").json()

    transitions = {t["name"]: t for t in body["available_transitions"]}
    assert transitions["advance"]["allowed"] is False
    assert "an economic-buyer meeting on the calendar" in transitions["advance"]["unmet"]
    assert transitions["win"] == {"name": "win", "allowed": True, "unmet": []}
    assert transitions["lose"]["allowed"] is True  # code and feedback come with the request
    assert {t["name"] for t in manager_view["available_transitions"]} == {"advance", "win", "lose"}
    assert call(as_user(other_ae), opportunity, "get").status_code == 404
