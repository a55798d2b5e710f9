"""The commitment pages: the week's grid and the requests waiting, and a miss's forms — the
team asked records root cause and corrective action, leadership its remediation; anyone else
is refused and nothing changes; a blank answer names its field."""

import pytest
import time_machine

from scoreboard.models import CommitmentMiss
from tests.scoreboard.conftest import MONDAY_6AM_NY


@pytest.fixture
def monday(week_1):
    with time_machine.travel(MONDAY_6AM_NY, tick=False) as traveller:
        yield traveller


def _answer(client, miss, **fields):
    return client.post(f"/scoreboard/commitments/{miss.pk}/root-cause/", fields)


def test_the_grid_shows_last_weeks_misses_and_what_waits(client, org, week_1, monday):
    client.force_login(org["vpmarketing"])
    page = client.get("/scoreboard/commitments/").content.decode()

    assert f'href="/scoreboard/commitments/{week_1["mql_response_t1"].pk}/"' in page
    assert page.count('class="chip amber"') >= 1
    assert "SQL Acceptance Rate" in page
    by_team = page[page.index('data-testid="by-team"') :].split("</table>")[0]
    # The week of 2 March: Marketing and Sales each had a red; the shared ones were amber.
    assert (by_team.count(">red<"), by_team.count(">amber<")) == (2, 1)


def test_the_team_asked_records_its_root_cause(client, org, week_1, monday):
    miss = week_1["mql_response_t1"]
    client.force_login(org["sdrmgr"])

    response = _answer(
        client,
        miss,
        root_cause="Tuesday's rota left Tier 1 uncovered.",
        corrective_action="On-call.",
    )

    assert response.status_code == 302
    miss.refresh_from_db()
    assert (miss.answered_by.username, miss.corrective_action) == ("sdrmgr", "On-call.")
    assert "Tuesday&#x27;s rota" in client.get(response.url).content.decode()


def test_someone_not_asked_is_refused_and_nothing_changes(client, org, week_1, monday):
    miss = week_1["mql_response_t1"]
    client.force_login(org["sdr1"])

    assert _answer(client, miss, root_cause="x", corrective_action="y").status_code == 403
    miss.refresh_from_db()
    assert miss.answered_at is None


def test_a_blank_answer_names_its_field(client, org, week_1, monday):
    miss = week_1["mql_response_t1"]
    client.force_login(org["sdrmgr"])

    response = _answer(client, miss, root_cause="", corrective_action="On-call.")

    assert response.status_code == 422
    assert "This field is required" in response.content.decode()
    assert CommitmentMiss.objects.get(pk=miss.pk).answered_at is None


def test_leadership_records_the_remediation(client, org, week_1, monday):
    red = week_1["sql_acceptance_rate"]
    client.force_login(org["vpsales"])

    response = client.post(
        f"/scoreboard/commitments/{red.pk}/remediation/",
        {"meeting_at": "2026-03-11T10:00", "remediation": "Two AEs on the acceptance rota."},
    )

    assert response.status_code == 302
    red.refresh_from_db()
    assert (red.remediated_by.username, red.remediation) == (
        "vpsales",
        "Two AEs on the acceptance rota.",
    )
