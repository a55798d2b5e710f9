import csv
import io
import re

import pytest

from leads.models import Lead
from tests.workspaces.conftest import *  # noqa: F403  (org, now, post, mql, sql, opportunity, unanswered…)

ROW_ID = re.compile(r'<tr[^>]*\sid="(?:lead|sql|breach|opportunity)-(\d+)"')


def copies(like: Lead, count: int, name: str = "copy", **fields) -> list[Lead]:
    """`count` more leads like `like` (its account and zone; an open Tier 1 MQL of its owner
    unless `fields` say otherwise), written at once, without clocks."""
    fields = {"owner": like.owner, "state": Lead.State.MQL, "tier": 1, **fields}
    return Lead.objects.bulk_create(
        Lead(
            email=f"{name}{n}@acme.example",
            first_name=f"{name.title()}{n}",
            timezone=like.timezone,
            account=like.account,
            **fields,
        )
        for n in range(count)
    )


def listed(page: str) -> list[int]:
    """The ids of the rows a list page shows, in its order."""
    return [int(pk) for pk in ROW_ID.findall(page)]


def listed_on_every_page(client, url: str) -> list[int]:
    """The ids of the rows a list shows, page after page ("Later →" to the next)."""
    ids, page = [], 1
    while True:
        html = client.get(f"{url}{'&' if '?' in url else '?'}page={page}").content.decode()
        ids += listed(html)
        if "Later →" not in html:
            return ids
        page += 1


def rows_of(response) -> list[dict]:
    """The downloaded CSV as one dict a row, keyed by its header row."""
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def header_of(response) -> list[str]:
    return next(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.fixture
def as_person(client, org):
    def login(username: str):
        client.force_login(org[username])
        return client

    return login
