"""`GET /api/v1/scoreboard` (contract: scoreboard): the charter's metrics over a period, for the
marketing platform and BI tools, as the scoreboard page shows them."""

from datetime import date, timedelta
from typing import Annotated, Literal

from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError
from pydantic import AfterValidator, BeforeValidator

from slaportal import company
from slaportal.api.auth import require
from slaportal.api.fields import text
from slaportal.api.models import Scope
from slaportal.api.responses import AUTH, PARAMS, answers
from slaportal.org.models import Team, User

from . import board
from .measures import MEASURES

router = Router(tags=["scoreboard"])


def _iso_date(value):
    if not isinstance(value, str):
        raise ValueError("an ISO 8601 date, e.g. 2026-03-02")
    return value


def _in_range(day: date) -> date:
    if not board.FIRST_DAY <= day <= board.LAST_DAY:
        raise ValueError(f"must be between {board.FIRST_DAY} and {board.LAST_DAY}")
    return day


Day = Annotated[date, BeforeValidator(_iso_date), AfterValidator(_in_range)]


class ScoreboardQuery(Schema):
    from_: Day | None = Field(
        None, alias="from", description="First business date (company zone); default 6 days ago."
    )
    to: Day | None = Field(
        None,
        description="Last business date; default today (or `from`, if later). Not before "
        f"`from`, and at most {board.MAX_DAYS} days after it.",
    )
    team: (
        text(
            100,
            description="A team's name: its members' rows only (a name no team has: none).",
            json_schema_extra={"format": "team-name"},
        )
        | None
    ) = None
    owner: (
        text(
            150,
            description="A person's username: their rows only (a username nobody has: none).",
            json_schema_extra={"format": "username"},
        )
        | None
    ) = None
    tier: int | None = Field(None, ge=1, le=3, description="Lead tier (1, 2, 3).")
    source: text(40) | None = Field(None, description="The intake action leads became MQLs on.")


class DefinitionOut(Schema):
    numerator: str
    denominator: str
    excluded: str
    business_hours: bool


class MetricOut(Schema):
    code: str
    name: str
    value: float | None = Field(description="A percentage to one decimal; null with no data.")
    numerator: int
    denominator: int
    status: Literal["green", "amber", "red", "none"]
    green: float = Field(description="Green beyond this percentage.")
    red: float = Field(description="Red beyond this percentage, the other way.")
    direction: Literal["higher", "lower"]
    cadence: str
    team: Literal["marketing", "sales", "shared"] = Field(description="Whose commitment it is.")
    counts: str = Field(description="What the numerator and denominator count.")
    definition: DefinitionOut


class ScoreboardOut(Schema):
    from_: date = Field(alias="from")
    to: date
    metrics: list[MetricOut]


@router.get(
    "",
    response=answers({200: ScoreboardOut}, AUTH, PARAMS),
    by_alias=True,
    summary="The charter's scoreboard metrics over a period",
)
def scoreboard(request, query: Query[ScoreboardQuery]):
    require(request, Scope.SCOREBOARD_READ)
    # A period asked for from a day on, without its end, runs to today (or is that one day).
    last = query.to or max(company.today(), query.from_ or company.today())
    first = query.from_ or last - timedelta(days=6)
    if problems := board.period_problems(first, last):
        raise ValidationError([_problem(field, message) for field, message in problems.items()])
    # A team or person nobody has owns no rows: counted as such, as /breaches?owner= is.
    people = None
    if query.team:
        team = Team.objects.filter(name=query.team).first()
        people = board.people_of(team=team) if team else frozenset()
    if query.owner:
        person = User.objects.filter(username=query.owner).first()
        people = frozenset({person.pk}) if person else frozenset()
    scope = board.scope_of(
        first,
        last,
        people=people,
        tier=query.tier,
        source=query.source or None,
    )
    return {
        "from": first,
        "to": last,
        "metrics": [
            _metric_out(score) for score in board.scores(board.metrics_of_period(scope), scope)
        ],
    }


def _problem(field: str, message: str) -> dict:
    return {"loc": ["query", field], "msg": message, "type": "value_error"}


def _metric_out(score: board.Score) -> dict:
    metric, definition = score.metric, score.definition
    return {
        "code": metric.code,
        "name": metric.name,
        "value": None if score.value is None else float(score.value),
        "numerator": score.numerator,
        "denominator": score.denominator,
        "status": score.status,
        "green": float(metric.green_from),
        "red": float(metric.red_from),
        "direction": metric.direction,
        "cadence": metric.cadence,
        "team": metric.owner,
        "counts": MEASURES[metric.measure].unit,
        "definition": vars(definition),
    }
