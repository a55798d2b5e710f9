"""The SDR queue's CSV: every lead the queue lists, in its order, with its filters, past the
first page; a header row; plain values, the due time in ISO 8601 in the viewer's zone."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from escalations.models import Clock
from leads.models import Lead
from tests.exports.conftest import copies, listed_on_every_page, rows_of

QUEUE = "/workspace/sdr/"


def emails(rows) -> list[str]:
    return [row["E-mail"] for row in rows]


def shown(client, query: str) -> list[str]:
    """The e-mails of the leads the queue lists, page after page."""
    ids = listed_on_every_page(client, f"{QUEUE}?{query}")
    by_id = dict(Lead.objects.filter(pk__in=ids).values_list("pk", "email"))
    return [by_id[pk] for pk in ids]


def test_the_csv_has_every_lead_of_the_queue_in_its_order(mql, org, client, now):
    copies(mql, 30, tier=2)
    client.force_login(org["sdr1"])

    rows = rows_of(client.get(f"{QUEUE}?_export=sdr-queue"))

    assert len(rows) == 31  # past the first page of 25
    assert emails(rows) == shown(client, "")
    assert emails(rows)[0] == "dana@acme.example"  # the one with a running clock comes first


def test_the_csv_keeps_the_pages_filters(mql, org, client, now):
    copies(mql, 3, tier=2, last_name="Filtered")
    copies(mql, 2, "tier-one", tier=1, last_name="Filtered")
    copies(mql, 2, "accepted", tier=2, state=Lead.State.SAL, last_name="Filtered")
    client.force_login(org["sdr1"])
    query = "state=mql&tier=2&q=filtered"

    rows = rows_of(client.get(f"{QUEUE}?{query}&_export=sdr-queue"))

    assert sorted(emails(rows)) == [
        "copy0@acme.example",
        "copy1@acme.example",
        "copy2@acme.example",
    ]
    assert emails(rows) == shown(client, query)


def test_the_header_and_values_read_as_the_page_does(mql, org, client, now):
    sdr = org["sdr1"]
    sdr.time_zone = "Europe/Berlin"
    sdr.save()
    clock = Clock.objects.get(subject_type="lead", subject_id=mql.pk, code__startswith="sdr_")
    client.force_login(sdr)

    response = client.get(f"{QUEUE}?_export=sdr-queue")
    (row,) = rows_of(response)

    assert list(row) == [
        "Lead",
        "Tier",
        "Score",
        "State",
        "Due",
        "Cadence",
        "E-mail",
        "Account",
        "Next touch due",
    ]
    berlin = timezone.localtime(clock.target_at, ZoneInfo("Europe/Berlin"))
    assert row["Due"] == berlin.isoformat()
    assert row["Due"].endswith("+01:00")
    assert row == {
        "Lead": "Dana Reyes",
        "Tier": "1",
        "Score": str(mql.score),
        "State": "MQL",
        "Due": berlin.isoformat(),
        "Cadence": "touch 0 of 8",
        "E-mail": "dana@acme.example",
        "Account": "Acme",
        "Next touch due": row["Next touch due"],
    }
    assert timezone.datetime.fromisoformat(row["Next touch due"]).utcoffset() == timedelta(hours=1)
    assert "sdr-queue-2026-03-03.csv" in response["Content-Disposition"]


@pytest.mark.parametrize(
    ("query", "link"),
    [
        ("", "?_export=sdr-queue"),
        ("tier=2", "?tier=2&amp;_export=sdr-queue"),  # the filters go along
        ("page=2", "?_export=sdr-queue"),  # every page's link downloads every row
    ],
)
def test_the_page_links_the_csv_of_what_it_lists(mql, org, client, now, query, link):
    copies(mql, 30, tier=2)
    client.force_login(org["sdr1"])

    page = client.get(f"{QUEUE}?{query}").content.decode()

    assert f'<a href="{link}" download data-testid="csv"' in page
