"""Rejecting an SQL from the queue takes an AE-REJ code and applies its consequence."""

import pytest

from leads.models import Lead
from pipeline.models import Opportunity

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "state"),
    [
        ("AE-REJ-01", Lead.State.SAL),  # no genuine pain: back to the SDR
        ("AE-REJ-02", Lead.State.RECYCLED),  # beyond 12 months: long-term nurture
        ("AE-REJ-05", Lead.State.ARBITRATION),  # territory conflict: RevOps arbitrates
    ],
)
def test_reject_with_an_ae_rej_code_applies_it(sql, as_user, code, state):
    client = as_user(sql.ae.username)

    response = client.post(f"/workspace/ae/sqls/{sql.pk}/ae_reject/", {"reason_code": code})

    assert response.status_code == 302
    assert response["Location"].startswith("/workspace/ae/")
    lead = Lead.objects.get()
    assert lead.state == state
    assert lead.transitions.order_by("-at").first().reason_code == code
    assert not Opportunity.objects.exists()
    assert "sent back" in client.get(response["Location"]).content.decode()


def test_reject_with_an_sdr_code_is_refused(sql, as_user):
    client = as_user(sql.ae.username)

    page = client.post(
        f"/workspace/ae/sqls/{sql.pk}/ae_reject/", {"reason_code": "REJ-01"}, follow=True
    ).content.decode()

    assert "Nothing was changed" in page
    assert Lead.objects.get().state == Lead.State.SQL
