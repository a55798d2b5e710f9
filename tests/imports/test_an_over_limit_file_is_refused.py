"""A file is bounded: too many rows or too many bytes, the wrong columns or no charter in
force, and it is refused at upload in words, before any row is read into a lead."""

from datetime import UTC, datetime

import pytest

from leads.models import Lead
from leads.services import imports
from slaportal.charter.models import CharterVersion
from tests.imports.conftest import csv_file, lead_row

BEFORE_THE_CHARTER = datetime(2026, 1, 6, 15, tzinfo=UTC)


def _rows(count: int) -> list[dict]:
    return [lead_row(email=f"lead{n}@acme.example", external_id=f"map-{n}") for n in range(count)]


def _refusal(page) -> list[str]:
    assert "result" not in page.context  # nothing was run
    return page.context["form"].errors["import_file"]


def test_more_rows_than_the_limit_are_refused(client, org, now, upload, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    client.force_login(org["revops"])

    assert _refusal(upload(csv_file(_rows(4)))) == [
        "The file has 4 leads: at most 3 are imported at once. Split it."
    ]
    assert not Lead.objects.exists()


def test_a_file_over_the_size_limit_is_refused(client, org, now, upload, monkeypatch):
    monkeypatch.setattr(imports, "MAX_FILE_BYTES", 1000)
    client.force_login(org["revops"])
    file = csv_file(_rows(6))
    assert file.size > 1000

    (refusal,) = _refusal(upload(file))

    assert refusal.startswith(f"The file is {file.size:,} bytes: at most 1,000 bytes")
    assert not Lead.objects.exists()


@pytest.mark.parametrize(
    ("columns", "said"),
    [
        (("email", "action", "company"), "unknown columns: company"),
        (("first_name", "action"), "missing columns: email"),
    ],
)
def test_a_file_without_the_payloads_columns_is_refused(client, org, now, upload, columns, said):
    client.force_login(org["revops"])
    rows = [{column: lead_row().get(column, "Acme") for column in columns}]

    (refusal,) = _refusal(upload(csv_file(rows, columns=columns)))

    assert said in refusal
    assert "The columns are: email, first_name" in refusal


def test_nothing_is_imported_while_no_charter_is_in_force(client, org, now, upload):
    assert CharterVersion.objects.get(number=1).effective_from > BEFORE_THE_CHARTER
    now.move_to(BEFORE_THE_CHARTER)
    client.force_login(org["revops"])

    assert _refusal(upload(csv_file(_rows(1)))) == [
        "No charter is in force: RevOps must publish one before leads are imported."
    ]
