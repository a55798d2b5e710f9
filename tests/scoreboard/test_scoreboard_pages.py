"""The scoreboard's pages on the hand-counted day: every person with a role reads them, each
number opens the rows behind it (as many as it counts), and a list costs the same queries for
a few rows as for many."""

import re

import pytest

TUESDAY = "from=2026-03-03&to=2026-03-03"
PAGES = [
    "/scoreboard/",
    "/scoreboard/commitments/",
    "/scoreboard/framework/",
    "/scoreboard/diagnostics/",
    "/scoreboard/revenue-sync/",
    "/scoreboard/pipeline-review/",
    "/scoreboard/leaderboard/",
    "/scoreboard/calibration/",
]


@pytest.fixture
def revops(client, org, measured):
    client.force_login(org["revops"])
    return client


@pytest.mark.parametrize("path", PAGES)
def test_every_page_draws_for_the_whole_team(client, org, measured, path):
    for username in ("sdr1", "aemgr", "vpmarketing", "cro"):
        client.force_login(org[username])
        assert client.get(f"{path}?{TUESDAY}").status_code == 200, (username, path)


def test_a_person_without_a_role_is_refused(client, make_user, measured):
    client.force_login(make_user(username="visitor"))

    assert client.get("/scoreboard/").status_code == 403


def test_each_metric_shows_its_value_colour_and_definition(revops):
    page = revops.get(f"/scoreboard/?{TUESDAY}").content.decode()
    row = re.search(r'<tr id="metric-mql_response_t1".*?</tr>', page, re.S).group(0)

    assert 'class="status-amber"' in row
    assert "66.7 %" in row
    assert "Definition" in row
    assert "cancelled" in row
    assert "&gt; 80 % / &lt; 60 %" in row  # green / red, as the seeds write them


def _rows_count(client, url) -> tuple[int, str]:
    page = client.get(url).content.decode()
    totals = [int(n) for n in re.findall(r'data-testid="total">(\d+)<', page)]
    return sum(totals), page


@pytest.mark.parametrize(
    "code",
    [
        "mql_response_t1",
        "mql_to_sal_rate",
        "sql_acceptance_rate",
        "sla_breach_rate",
        "activity_logging_timeliness",
        "tal_coverage",
    ],
)
def test_the_rows_behind_a_number_are_as_many_as_it_counts(revops, code):
    board = revops.get(f"/scoreboard/?{TUESDAY}").content.decode()
    row = re.search(rf'<tr id="metric-{code}".*?</tr>', board, re.S).group(0)
    numerator = re.search(r'href="([^"]+)" data-testid="numerator">(\d+)<', row)
    denominator = re.search(r'href="([^"]+)" data-testid="denominator">(\d+)<', row)

    for link, count in (numerator.groups(), denominator.groups()):
        shown, page = _rows_count(revops, link.replace("&amp;", "&"))
        assert shown == int(count), (code, link)
        assert 'data-testid="unseen"' not in page


def test_an_sdr_sees_the_number_and_only_their_own_rows(client, org, measured, day):
    client.force_login(org["sdr1"])
    shown, page = _rows_count(client, f"/scoreboard/metrics/mql_to_sal_rate/?{TUESDAY}")

    assert shown == 6  # the number is everyone's
    assert "3 of them are yours to see" in page
    assert day["a"].email in page
    assert day["b"].email not in page


def test_the_rows_download_as_csv(revops, day):
    response = revops.get(
        f"/scoreboard/metrics/mql_to_sal_rate/?{TUESDAY}&part=numerator&_export=leads"
    )
    lines = b"".join(response.streaming_content).decode().splitlines()

    assert lines[0].startswith("Lead,SDR,AE")
    assert sorted(line.split(",")[0] for line in lines[1:]) == sorted(
        day[name].email for name in "abcd"
    )


def test_an_unknown_metric_is_404(revops):
    assert revops.get("/scoreboard/metrics/no_such_metric/").status_code == 404


def test_bad_dates_are_named_and_the_default_week_shown(revops):
    page = revops.get("/scoreboard/?from=2026-03-09&to=2026-03-03").content.decode()

    assert "from: Not after “To”." in page
    assert "Scoreboard <small>" in page


def test_the_packs_download_their_lists(revops):
    sync = revops.get(f"/scoreboard/revenue-sync/?{TUESDAY}&_export=metrics")
    review = revops.get(f"/scoreboard/pipeline-review/?{TUESDAY}&_export=opportunities")

    assert b"".join(sync.streaming_content).decode().count("\n") == 1 + 23
    assert b"".join(review.streaming_content).decode().count("\n") == 1 + 2
