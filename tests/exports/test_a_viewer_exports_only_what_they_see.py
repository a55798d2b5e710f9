"""A viewer cannot export what they cannot see: the CSV comes through the page's own access
check (403 for another role's list) and the viewer's visibility (`visible_to`)."""

import pytest

from escalations.models import Notification
from leads.models import Lead
from tests.exports.conftest import rows_of


def test_another_sdrs_leads_never_appear(unanswered, client, org, now):
    unanswered(4)  # round-robin: two each for sdr1 and sdr2
    theirs = list(Lead.objects.filter(owner=org["sdr2"]).values_list("email", flat=True))
    assert len(theirs) == 2
    client.force_login(org["sdr1"])

    everything = rows_of(client.get("/workspace/sdr/", {"_export": "sdr-queue"}))
    searched = rows_of(client.get("/workspace/sdr/", {"_export": "sdr-queue", "q": theirs[0]}))

    assert {row["E-mail"] for row in everything} == set(
        Lead.objects.filter(owner=org["sdr1"]).values_list("email", flat=True)
    )
    assert not {row["E-mail"] for row in everything} & set(theirs)
    assert searched == []


def test_a_manager_exports_only_the_breaches_they_see(unanswered, client, org, now):
    breaches = unanswered(2)  # sdrmgr's team
    exported = {}
    for manager, workspace in (("sdrmgr", "sdr_manager"), ("aemgr", "ae_manager")):
        client.force_login(org[manager])
        response = client.get(f"/workspace/{workspace}/", {"_export": "breaches"})
        exported[manager] = [row["Subject"] for row in rows_of(response)]

    assert exported == {
        "sdrmgr": [f"lead {breach.subject_id}" for breach in breaches],
        "aemgr": [],
    }


def test_nobody_downloads_anothers_inbox(unanswered, client, org, now):
    unanswered(1)
    told = Notification.objects.filter(channel=Notification.Channel.IN_APP).first().recipient
    someone_else = org["ae1"]
    assert not Notification.objects.inbox(someone_else).exists()
    client.force_login(someone_else)

    assert rows_of(client.get("/notifications/", {"_export": "notifications"})) == []
    client.force_login(told)
    assert rows_of(client.get("/notifications/", {"_export": "notifications"}))


@pytest.mark.parametrize(
    ("person", "url", "name"),
    [
        ("ae1", "/workspace/sdr/", "sdr-queue"),
        ("sdr1", "/workspace/ae/", "opportunities"),
        ("sdr1", "/workspace/sdr_manager/", "breaches"),
        ("sdr1", "/manager/due-next/", "due-next"),
        ("aemgr", "/manager/review/", "review-band"),
        ("aemgr", "/manager/sal-review/", "open-sal-review"),
        ("sdrmgr", "/manager/arbitration/", "arbitration"),
    ],
)
def test_another_roles_list_is_403_as_its_page_is(client, org, person, url, name):
    client.force_login(org[person])

    assert client.get(url).status_code == 403
    assert client.get(url, {"_export": name}).status_code == 403
