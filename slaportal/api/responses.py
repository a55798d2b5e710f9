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


# 401 no or a bad credential; 403 a credential without the right; 404 not there or not yours
# to see; 422 a malformed query or path; 503 no charter version in force.
LIST_ERRORS = {401: Problem, 403: Problem, 422: InvalidInput, 503: Problem}
READ_ERRORS = {**LIST_ERRORS, 404: Problem}
# Writes add 400 (a body that is not JSON), 409 (a gate or state refuses), 413 (a body over
# the size limit).
WRITE_ERRORS = {**READ_ERRORS, 400: Problem, 409: Refusal, 413: Problem}


def answers(success: dict[int, type], errors: dict[int, type]) -> dict[int, type]:
    return {**success, **errors}
