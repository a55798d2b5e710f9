"""Every list of the workspaces links its CSV, and the CSV holds the rows the list shows on all
its pages, in its order, under the page's own column headers (less its controls)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from escalations.models import Breach, Notification
from leads.models import Lead, LeadTransition
from pipeline.models import Opportunity
from tests.exports.conftest import listed_on_every_page, rows_of

CONTROLS = {"Select", "Actions", "Decision", "Accept or reject"}


def _copies(request, count: int, **fields) -> None:
    """Leads in the state a list wants, like the demo intake's first MQL."""
    like = request.getfixturevalue("mql")
    made = Lead.objects.bulk_create(
        Lead(
            email=f"copy{n}@acme.example",
            first_name=f"Copy{n}",
            timezone=like.timezone,
            account=like.account,
            tier=1,
            **fields,
        )
        for n in range(count)
    )
    if fields.get("state") == Lead.State.SAL:  # accepted long ago: past their check-in day
        LeadTransition.objects.bulk_create(
            LeadTransition(
                lead=sal,
                name="accept",
                from_state="mql",
                to_state="sal",
                actor=sal.owner,
                at=timezone.now() - timedelta(days=40),
            )
            for sal in made
        )


def _emails(ids):
    by_id = dict(Lead.objects.filter(pk__in=ids).values_list("pk", "email"))
    return [by_id[pk] for pk in ids]


def _subjects(ids):
    by_id = {
        breach.pk: f"{breach.subject_type} {breach.subject_id}" for breach in Breach.objects.all()
    }
    return [by_id[pk] for pk in ids]


def _names(ids):
    by_id = dict(Opportunity.objects.values_list("pk", "name"))
    return [by_id[pk] for pk in ids]


def sdr_queue(request):
    request.getfixturevalue("unanswered")(3)
    return "sdr1", "/workspace/sdr/", "sdr-queue", "E-mail", _emails


def ae_sqls(request):
    sql = request.getfixturevalue("sql")
    return sql.ae.username, "/workspace/ae/", "sqls", "E-mail", _emails


def opportunities(request):
    opportunity = request.getfixturevalue("opportunity")
    return opportunity.owner.username, "/workspace/ae/", "opportunities", "Opportunity", _names


def breaches(request):
    request.getfixturevalue("unanswered")(3)
    return "sdrmgr", "/workspace/sdr_manager/", "breaches", "Subject", _subjects


def due_next(request):
    request.getfixturevalue("unanswered")(3)
    return "sdrmgr", "/manager/due-next/", "due-next", "E-mail", _emails


def review_band(request):
    _copies(request, 30, state=Lead.State.INQUIRY, score=50, needs_review=True)
    return "revops", "/manager/review/", "review-band", "E-mail", _emails


def open_sals(request):
    _copies(request, 30, state=Lead.State.SAL, owner=request.getfixturevalue("org")["sdr1"])
    return "revops", "/manager/sal-review/", "open-sal-review", "E-mail", _emails


def arbitration(request):
    org = request.getfixturevalue("org")
    _copies(request, 30, state=Lead.State.ARBITRATION, owner=org["sdr1"], ae=org["ae1"])
    return "revops", "/manager/arbitration/", "arbitration", "E-mail", _emails


LISTS = [sdr_queue, ae_sqls, opportunities, breaches, due_next, review_band, open_sals, arbitration]


@pytest.mark.parametrize("make", LISTS, ids=[make.__name__ for make in LISTS])
def test_the_csv_is_the_list_on_all_its_pages(request, client, org, now, make):
    person, url, name, key, key_of = make(request)
    client.force_login(org[person])
    page = client.get(url).content.decode()
    assert f'href="?_export={name}" download data-testid="csv"' in page

    rows = rows_of(client.get(url, {"_export": name}))

    assert rows
    assert [row[key] for row in rows] == key_of(listed_on_every_page(client, url))
    table = page.split(f'href="?_export={name}"')[0].rsplit("<table", 1)[1]
    headers = [th for th in re.findall(r"<th[^>]*>\s*(.*?)\s*</th>", table) if th not in CONTROLS]
    assert list(rows[0])[: len(headers)] == headers


def test_the_inbox_csv_has_every_notification_the_bell_lists(unanswered, client, org, now):
    unanswered(3)
    told = Notification.objects.filter(channel=Notification.Channel.IN_APP).first().recipient
    client.force_login(told)
    page = client.get("/notifications/").content.decode()
    assert 'href="?_export=notifications" download data-testid="csv"' in page

    rows = rows_of(client.get("/notifications/", {"_export": "notifications"}))

    assert [row["Subject"] for row in rows] == re.findall(r"<strong>(.*?)</strong>", page)
    assert len(rows) == Notification.objects.inbox(told).count() > 0
    assert list(rows[0]) == ["Sent", "Subject", "Message", "Read"]
