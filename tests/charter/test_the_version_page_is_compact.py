"""The version page lists every row of the charter as compact read-only tables, one per kind of
row, each row linking to its own page: a handful of form fields whatever the charter holds,
tables narrow enough for a 1366 px screen, and a query count that does not grow with the rows.

The widths themselves are measured in a browser:
tests/browser/test_charter_pages_fit_a_laptop_screen.py."""

from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
import time_machine
from django.urls import reverse

from slaportal.charter.admin.versions import SUMMARY_MODELS
from slaportal.charter.models import CharterVersion, Policy
from slaportal.charter.services import start_draft
from slaportal.org.models import User
from tests.charter.conftest import add_policy
from tests.demo_org import seed_demo_org

pytestmark = pytest.mark.django_db

# Tuesday 3 March 2026, 10:00 in New York.
NOW = datetime(2026, 3, 3, 15, tzinfo=UTC)
MAX_COLUMNS = 7  # the widest summary: policies, six columns and the delete link
MAX_FORM_FIELDS = 15  # notes, effective-from, the save buttons and the lifecycle buttons
MAX_QUERIES = 30


class VersionPage(HTMLParser):
    """What the page holds: its form fields, and per row table its columns, rows and links."""

    def __init__(self, html: str):
        super().__init__()
        self.fields = 0
        self.fields_in_rows = 0
        self.tables: dict[str, dict] = {}
        self._section = None
        self._rows_depth = None
        self._depth = 0
        self._cells = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in ("input", "img", "br", "meta", "link"):
            self._depth += 1
        if tag == "div" and "charter-rows" in (attrs.get("class") or ""):
            self._rows_depth = self._depth
        in_rows = self._rows_depth is not None
        if tag in ("input", "select", "textarea", "button") and attrs.get("name"):
            self.fields += 1
            self.fields_in_rows += in_rows
        if tag in ("input", "select", "textarea", "form") and in_rows:
            self.fields_in_rows += 1
        if tag == "details" and in_rows:
            self._section = self.tables.setdefault(
                attrs["id"], {"columns": 0, "widest_row": 0, "rows": 0, "links": []}
            )
        section = self._section
        if section is None:
            return
        if tag == "th":
            section["columns"] += 1
        elif tag == "tr":
            self._cells = 0
        elif tag == "td":
            self._cells += 1
            section["widest_row"] = max(section["widest_row"], self._cells)
        elif tag == "a":
            section["links"].append(attrs.get("href"))

    def handle_endtag(self, tag):
        if tag == "tr" and self._section is not None and self._cells:
            self._section["rows"] += 1
        if tag == "details":
            self._section = None
        if tag == "div" and self._depth == self._rows_depth:
            self._rows_depth = None
        self._depth -= 1


@pytest.fixture
def v1():
    seed_demo_org(NOW)
    return CharterVersion.objects.get(number=1)


@pytest.fixture
def revops(v1):
    """The demo org's RevOps (seed_demo sets its password, so not the suite's own)."""
    return User.objects.get(username="revops")


@pytest.fixture
def draft(v1, revops):
    with time_machine.travel(NOW, tick=False):
        return start_draft(revops, based_on=v1, change_notes="v1 copied")


def open_page(client, version):
    response = client.get(reverse("admin:charter_charterversion_change", args=[version.pk]))
    assert response.status_code == 200
    return response.content, VersionPage(response.content.decode())


def test_the_draft_page_has_a_handful_of_fields_and_narrow_tables(client, revops, draft):
    client.force_login(revops)

    html, page = open_page(client, draft)

    assert page.fields <= MAX_FORM_FIELDS
    assert page.fields_in_rows == 0
    assert len(html) < 150_000  # was 755,074 bytes with every row an inline form
    assert set(page.tables) == {f"rows-{m._meta.model_name}" for m in SUMMARY_MODELS}
    for anchor, table in page.tables.items():
        assert table["columns"] <= MAX_COLUMNS, anchor
        assert table["widest_row"] <= MAX_COLUMNS, anchor
    assert b"overflow-wrap: anywhere" in html  # long codes and labels wrap inside the page


def test_every_row_links_to_its_own_page_with_add_and_delete_links(client, revops, draft):
    client.force_login(revops)

    _, page = open_page(client, draft)

    for model in SUMMARY_MODELS:
        name = model._meta.model_name
        table = page.tables[f"rows-{name}"]
        rows = model.objects.filter(version=draft)
        assert table["rows"] == rows.count(), name
        for row in rows:
            assert reverse(f"admin:charter_{name}_change", args=[row.pk]) in table["links"]
            assert reverse(f"admin:charter_{name}_delete", args=[row.pk]) in table["links"]
        add = reverse(f"admin:charter_{name}_add") + f"?version={draft.pk}"
        assert (add in table["links"]) == (model._meta.model_name != "scoringmodel"), name


def test_a_published_version_lists_its_rows_without_add_or_delete(client, revops, v1):
    client.force_login(revops)

    _, page = open_page(client, v1)

    policies = page.tables["rows-policy"]
    assert policies["rows"] == v1.policies.count()
    assert not [link for link in policies["links"] if "/delete/" in link or "/add/" in link]
    assert page.fields_in_rows == 0


def test_the_query_count_does_not_grow_with_the_rows(
    client, revops, draft, django_assert_max_num_queries, django_assert_num_queries
):
    client.force_login(revops)
    open_page(client, draft)  # warm: the session, the content types

    with django_assert_max_num_queries(MAX_QUERIES) as before:
        open_page(client, draft)
    for n in range(20):
        add_policy(draft, code=f"extra_{n}", name=f"Extra policy {n}")
    assert Policy.objects.filter(version=draft).count() > 50

    with django_assert_num_queries(len(before.captured_queries)):
        open_page(client, draft)
