"""Only RevOps and Marketing Ops (and superusers) import leads: they see "Import" on the lead
list and may upload; any other staff member who reads the list sees no button and gets 403 on
the import's URLs; people who may not open the admin at all are sent to its login."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from leads.models import Lead
from tests.imports.conftest import CONFIRM, IMPORT, csv_file, lead_row

LEADS = reverse("admin:leads_lead_changelist")
IMPORT_LINK = f"<a href='{IMPORT}' class=\"import_link\">"


@pytest.mark.parametrize("importer", ["revops", "mops"])
def test_revops_and_marketing_ops_see_import_and_import(client, org, now, importer, upload):
    client.force_login(org[importer])

    assert IMPORT_LINK in client.get(LEADS).content.decode()
    assert client.get(IMPORT).status_code == 200
    assert upload(csv_file([lead_row()])).context["confirm_form"]


def test_a_superuser_imports(client, org, now, make_user):
    client.force_login(make_user(is_superuser=True, is_staff=True))

    assert IMPORT_LINK in client.get(LEADS).content.decode()
    assert client.get(IMPORT).status_code == 200


@pytest.mark.parametrize("person", ["sdrmgr", "aemgr", "vpsales", "vpmarketing"])
def test_other_staff_get_no_button_and_403(client, org, now, person):
    reader = org[person]
    reader.user_permissions.add(Permission.objects.get(codename="view_lead"))
    client.force_login(reader)

    listing = client.get(LEADS)
    assert listing.status_code == 200
    assert "import_link" not in listing.content.decode()
    assert client.get(IMPORT).status_code == 403
    assert (
        client.post(IMPORT, {"import_file": csv_file([lead_row()]), "format": "0"}).status_code
        == 403
    )
    assert client.post(CONFIRM, {"import_file_name": "x", "format": "0"}).status_code == 403
    assert not Lead.objects.exists()


@pytest.mark.parametrize("person", ["sdr1", "ae1"])
def test_people_without_the_admin_are_sent_to_its_login(client, org, person):
    client.force_login(org[person])

    response = client.get(IMPORT)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
