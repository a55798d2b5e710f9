"""Every list of the workspaces links its CSV, and the CSV holds the rows the list shows on all
its pages, in its order, under the page's own column headers (less its controls)."""

import re

import pytest

from escalations.models import Breach, Notification
from leads.models import Lead
from pipeline.models import Opportunity
from tests.exports.conftest import listed_on_every_page, rows_of
from tests.workspaces import test_review_lists_and_inbox_query_count as filled

CONTROLS = {"Select", "Actions", "Decision", "Accept or reject"}


def _thirty(request, make) -> None:
    """Thirty leads in the state a list wants (past its first page), as its query-count test
    makes them, like the demo intake's first MQL."""
    make(request.getfixturevalue("mql"), request.getfixturevalue("org"), range(30))


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
    _thirty(request, filled.review_band)
    return "revops", "/manager/review/", "review-band", "E-mail", _emails


def open_sals(request):
    _thirty(request, filled.open_sals)
    return "revops", "/manager/sal-review/", "open-sal-review", "E-mail", _emails


def arbitration(request):
    _thirty(request, filled.in_arbitration)
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
