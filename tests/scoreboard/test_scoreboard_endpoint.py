"""`GET /api/v1/scoreboard` as the contract has it, on the hand-counted day of `conftest`."""

import pytest

from slaportal.api.models import ApiToken, Scope

URL = "/api/v1/scoreboard"
TUESDAY = {"from": "2026-03-03", "to": "2026-03-03"}


@pytest.fixture
def bi_tool(org):
    _, key = ApiToken.issue(name="BI", scopes=[Scope.SCOREBOARD_READ], created_by=org["revops"])
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _by_code(response):
    assert response.status_code == 200, response.json()
    return {metric["code"]: metric for metric in response.json()["metrics"]}


def test_a_bi_tool_reads_each_metric_with_its_thresholds(client, bi_tool, measured):
    response = client.get(URL, TUESDAY, **bi_tool)
    body = response.json()
    t1 = _by_code(response)["mql_response_t1"]

    assert (body["from"], body["to"]) == ("2026-03-03", "2026-03-03")
    assert {k: t1[k] for k in ("value", "numerator", "denominator", "status")} == {
        "value": 66.7,
        "numerator": 4,
        "denominator": 6,
        "status": "amber",
    }
    assert (t1["green"], t1["red"], t1["cadence"], t1["direction"]) == (80, 60, "daily", "higher")
    assert t1["definition"]["business_hours"] is True
    assert "cancelled" in t1["definition"]["excluded"]


def test_no_data_is_a_null_value_without_a_colour(client, bi_tool, measured):
    t2 = _by_code(client.get(URL, TUESDAY, **bi_tool))["mql_response_t2"]

    assert (t2["value"], t2["denominator"], t2["status"]) == (None, 0, "none")


def test_one_persons_rows(client, bi_tool, measured, day):
    assert {day[name].owner.username for name in "ace"} == {"sdr1"}  # the round-robin's turns

    sal = _by_code(client.get(URL, {**TUESDAY, "owner": "sdr1"}, **bi_tool))["mql_to_sal_rate"]

    assert (sal["numerator"], sal["denominator"]) == (2, 3)  # a and c of a, c, e


def test_a_teams_rows(client, bi_tool, measured):
    metrics = _by_code(client.get(URL, {**TUESDAY, "team": "AE Team North America"}, **bi_tool))

    assert metrics["sql_to_opportunity_rate"]["denominator"] == 2
    assert metrics["sql_acceptance_rate"]["numerator"] == 1


def test_a_tier_without_leads_counts_none(client, bi_tool, measured):
    metrics = _by_code(client.get(URL, {**TUESDAY, "tier": 2}, **bi_tool))

    assert metrics["mql_to_sal_rate"]["denominator"] == 0
    assert metrics["mql_response_t1"]["denominator"] == 0


def test_the_default_period_is_the_last_seven_days(client, bi_tool, measured):
    body = client.get(URL, **bi_tool).json()

    assert (body["from"], body["to"]) == ("2026-02-25", "2026-03-03")
    assert _by_code(client.get(URL, **bi_tool))["mql_to_sal_rate"]["denominator"] == 6


def test_every_signed_in_person_reads_the_same_numbers(client, org, measured):
    seen = set()
    for username in ("sdr1", "ae2", "mops", "vpmarketing"):
        client.force_login(org[username])
        seen.add(str(client.get(URL, TUESDAY).json()))

    assert len(seen) == 1


def test_without_credentials_401_and_without_the_right_403(client, org, integration):
    assert client.get(URL).status_code == 401
    assert client.get(URL, **integration).status_code == 403


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": "2026-03-04", "to": "2026-03-03"}, "from"),
        ({"from": "2024-01-01", "to": "2026-03-03"}, "to"),
        ({"from": "03/03/2026"}, "from"),
        ({"to": "1999-12-31"}, "to"),
        ({"tier": 4}, "tier"),
        ({"source": "x" * 41}, "source"),
    ],
)
def test_bad_input_names_the_field(client, bi_tool, query, field):
    response = client.get(URL, query, **bi_tool)

    assert response.status_code == 422
    assert [problem["loc"][-1] for problem in response.json()["detail"]] == [field]


@pytest.mark.parametrize("query", [{"team": "Nobody's team"}, {"owner": "nobody"}])
def test_a_team_or_person_nobody_has_counts_nothing(client, bi_tool, measured, query):
    metrics = _by_code(client.get(URL, {**TUESDAY, **query}, **bi_tool))

    assert metrics["mql_to_sal_rate"]["denominator"] == 0
    assert metrics["mql_to_sal_rate"]["status"] == "none"
