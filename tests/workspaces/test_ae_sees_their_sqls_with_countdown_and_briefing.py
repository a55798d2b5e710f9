"""The AE's queue: the SQLs handed to them, with the 4-hour acceptance countdown and the
briefing the SDR wrote; another AE's SQL is not in it."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_ae_sees_their_sql_with_its_countdown_and_briefing(sql, as_user):
    page = as_user(sql.ae.username).get("/workspace/ae/").content.decode()

    assert f'id="sql-{sql.pk}"' in page
    assert "AE SQL acceptance" in page
    assert "4h 0m left" in page  # qualified a moment ago: 4 business hours to accept
    assert "evaluating two vendors; wants a pilot in April" in page
    assert "Three-way intro" not in page  # the SDR's clock on the same lead


def test_another_ae_does_not_see_it(sql, as_user, org):
    other = "ae2" if sql.ae.username == "ae1" else "ae1"

    page = as_user(other).get("/workspace/ae/").content.decode()

    assert f'id="sql-{sql.pk}"' not in page
    assert "No SQLs are waiting for your acceptance." in page


def test_an_sdr_is_refused_the_ae_workspace(sql, as_user):
    assert as_user("sdr1").get("/workspace/ae/").status_code == 403
