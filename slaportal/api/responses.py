"""What the API answers when it refuses, documented once for every operation.

Each operation lists its success bodies with `answers(...)` and the refusals it can give, so the
OpenAPI document names every status the portal returns.
"""

from ninja import Schema
from pydantic import ConfigDict


class Problem(Schema):
    detail: str


class Refusal(Schema):
    """A lifecycle change refused (409): the sentence, and what is missing."""

    detail: str
    unmet: list[str]


class FieldProblem(Schema):
    model_config = ConfigDict(extra="allow")

    loc: list[str | int]
    msg: str
    type: str


class InvalidInput(Schema):
    """422: each offending field, by where it is (`loc`) and what is wrong (`msg`)."""

    detail: list[FieldProblem]


# The refusals, grouped by what an operation does; each operation lists the groups it can give.
# 401 no or a bad credential; 403 a credential without the right.
AUTH = {401: Problem, 403: Problem}
# 422 a malformed query or path parameter, each named.
PARAMS = {422: InvalidInput}
# 404 no such object, or one the caller may not see.
FOUND = {404: Problem}
# 400 a body that is not JSON; 413 a body over the size limit; 422 each bad field, named.
BODY = {400: Problem, 413: Problem, 422: InvalidInput}
# 409 a gate or the state refuses, saying what is missing.
REFUSED = {409: Refusal}
# 503 no charter version is in force (its rules are needed to answer).
CHARTER = {503: Problem}


def answers(success: dict[int, type], *refusals: dict[int, type]) -> dict[int, type]:
    return {status: schema for group in (success, *refusals) for status, schema in group.items()}
