"""One bad row and nothing is imported: the dry run names the row, its column and the API's
message, and offers no confirmation; an import that fails at confirmation (the file changed
in between) is rolled back whole."""

import os
import tempfile

from django.urls import reverse

from leads.models import Lead
from slaportal.events.models import EventRecord
from tests.imports.conftest import csv_file, lead_row

GOOD, ALSO_GOOD = lead_row(), lead_row(email="lee@globex.example", external_id="map-2")
BAD = lead_row(email="kim@initech.example", external_id="map-3", employees="many")


def test_the_dry_run_reports_the_bad_row_and_keeps_nothing(client, org, now, upload):
    client.force_login(org["revops"])

    page = upload(csv_file([GOOD, BAD, ALSO_GOOD]))

    result = page.context["result"]
    (invalid,) = result.invalid_rows
    assert invalid.number == 2
    assert invalid.field_specific_errors == {"employees": ["Input should be a valid integer"]}
    html = page.content.decode()
    assert "Some rows failed to validate" in html
    assert '<span class="validation-error-field-label">employees</span>' in html
    assert "confirm_form" not in page.context or page.context["confirm_form"] is None
    assert not Lead.objects.exists()
    assert not EventRecord.objects.exists()


def test_every_bad_column_of_a_row_is_named(client, org, now, upload):
    client.force_login(org["revops"])
    bad = lead_row(
        email="not an address", action="fax_received", occurred_at="yesterday", icp_fit="101"
    )

    (invalid,) = upload(csv_file([bad])).context["result"].invalid_rows

    assert sorted(invalid.field_specific_errors) == ["action", "email", "icp_fit", "occurred_at"]
    assert "unknown action" in invalid.field_specific_errors["action"][0]
    assert "less than or equal to 100" in invalid.field_specific_errors["icp_fit"][0]


def test_a_row_failing_at_confirmation_rolls_the_whole_import_back(
    client, org, now, upload, confirm
):
    client.force_login(org["revops"])
    dry_run = upload(csv_file([GOOD, ALSO_GOOD]))
    # The file the confirmation reads is changed under it: its second row is now bad.
    stored = os.path.join(
        tempfile.gettempdir(), dry_run.context["confirm_form"].initial["import_file_name"]
    )
    with open(stored, "wb") as file:
        file.write(csv_file([GOOD, BAD]).read())

    done = confirm(dry_run)

    assert done.status_code == 302
    assert done["Location"] == reverse("admin:leads_lead_import")
    assert not Lead.objects.exists()  # the good first row too
    assert not EventRecord.objects.filter(subject_type="lead").exists()
    messages = [str(m) for m in client.get(reverse("admin:leads_lead_import")).context["messages"]]
    assert messages == ["Nothing was imported: the file no longer passes. Upload it again."]
