import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from leads.services.imports import COLUMNS, COMPANY_COLUMNS
from tests.leads.conftest import *  # noqa: F403  (org, now, post, integration…)
from tests.leads.conftest import lead_payload

IMPORT = reverse("admin:leads_lead_import")
CONFIRM = reverse("admin:leads_lead_process_import")


def lead_row(**overrides) -> dict:
    """The API's demo payload (tests.leads.conftest.lead_payload) as a file's row: its company
    flattened into columns, every cell text."""
    payload = lead_payload()
    company = payload.pop("company")
    row = {column: str(company.get(field, "")) for column, field in COMPANY_COLUMNS.items()}
    return {**payload, **row, "icp_fit": "", **overrides}


def csv_file(rows: list[dict], columns=COLUMNS) -> SimpleUploadedFile:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile("leads.csv", text.getvalue().encode(), content_type="text/csv")


@pytest.fixture
def upload(client):
    """Upload a file for its dry run, as the signed-in person: the import page's response."""

    def upload(file):
        return client.post(IMPORT, {"import_file": file, "format": "0"})

    return upload


@pytest.fixture
def confirm(client):
    """Confirm the import a dry run offered (its response)."""

    def confirm(dry_run):
        form = dry_run.context["confirm_form"]
        return client.post(CONFIRM, form.initial)

    return confirm
