"""RevOps' arbitration page: the SQLs an AE sent back for a territory or account ownership
conflict (AE-REJ-05), each settled from the page (reassigned to another AE, returned to the
SDR, recycled with a code); a refused decision says what is missing. Nobody else opens it."""

import re

import pytest
from django.urls import reverse

from leads.models import Lead
from leads.services import lifecycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def disputed(sql, org):
    lifecycle.transition(sql, "ae_reject", org["ae1"], reason_code="AE-REJ-05")
    return Lead.objects.get()


def arbitrate(client, lead, **body):
    return client.post(
        reverse("manager-arbitrate", args=[lead.pk]), body, headers={"HX-Request": "true"}
    )


def test_the_disputed_sql_is_listed_and_reassigned_from_the_page(client, org, disputed):
    client.force_login(org["revops"])
    page = client.get(reverse("manager-arbitration")).content.decode()
    assert re.findall(r'<tr\s+id="lead-(\d+)"', page) == [str(disputed.pk)]

    response = arbitrate(client, disputed, decision="reassign", ae=org["ae2"].pk, note="West")

    assert "arbitrated: now SQL." in response.content.decode()
    disputed.refresh_from_db()
    assert (disputed.state, disputed.ae) == ("sql", org["ae2"])


def test_returned_to_the_sdr(client, org, disputed):
    client.force_login(org["revops"])

    arbitrate(client, disputed, decision="return_to_sal")

    disputed.refresh_from_db()
    assert (disputed.state, disputed.ae) == ("sal", None)


def test_a_reassignment_without_an_ae_is_refused_and_says_so(client, org, disputed):
    client.force_login(org["revops"])

    page = arbitrate(client, disputed, decision="reassign").content.decode()

    assert "A reassigned SQL goes to an active AE." in page
    assert "Missing: an active AE to hand the SQL to." in page
    assert Lead.objects.get().state == "arbitration"


@pytest.mark.parametrize("username", ["sdrmgr", "aemgr", "vpsales"])
def test_only_revops_arbitrates(client, org, disputed, username):
    client.force_login(org[username])

    assert client.get(reverse("manager-arbitration")).status_code == 403
    assert arbitrate(client, disputed, decision="return_to_sal").status_code == 403
    assert Lead.objects.get().state == "arbitration"
