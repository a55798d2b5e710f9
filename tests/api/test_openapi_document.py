"""The OpenAPI document describes the API a client meets: one name per schema, every refusal
an operation can give, bounds written in JSON Schema, the charter's action codes, an index."""

from collections import defaultdict
from enum import Enum
from typing import get_args

import pytest
from ninja import Schema

from leads.rules import rules_in_force
from slaportal.api.api import api
from slaportal.charter.models import Taxonomy
from tests.demo_org import seed_demo_org

pytestmark = pytest.mark.django_db
METHODS = ("get", "post", "patch", "put", "delete")


@pytest.fixture
def document(client):
    seed_demo_org()
    return client.get("/api/v1/openapi.json").json()


def operations(document):
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                yield f"{method.upper()} {path}", item[method]


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_schema_of_ours_has_a_name_of_its_own():
    """OpenAPI components are named after the class: two classes of one name would share one
    entry, and one of them would be documented with the other's fields."""
    by_name = defaultdict(set)
    for schema in _subclasses(Schema):
        if schema.__module__.split(".")[0] in ("leads", "pipeline", "escalations", "slaportal"):
            by_name[schema.__name__].add(f"{schema.__module__}.{schema.__qualname__}")

    assert {name: places for name, places in by_name.items() if len(places) > 1} == {}


def _enums(annotation):
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        yield annotation
    for argument in get_args(annotation):
        yield from _enums(argument)


def test_every_enum_of_ours_has_a_name_of_its_own():
    """Enums are components too, named after their class: an opportunity meeting's `Kind` and
    an account signal's would be one entry, listing one of them with the other's values."""
    by_name = defaultdict(set)
    for schema in _subclasses(Schema):
        if schema.__module__.split(".")[0] in ("leads", "pipeline", "escalations", "slaportal"):
            for field in schema.model_fields.values():
                for enum in _enums(field.annotation):
                    by_name[enum.__name__].add(f"{enum.__module__}.{enum.__qualname__}")

    assert {name: places for name, places in by_name.items() if len(places) > 1} == {}


def test_the_lead_transitions_document_their_own_bodies(document):
    def body_of(name):
        operation = document["paths"][f"/api/v1/leads/{{lead_id}}/transitions/{name}"]["post"]
        body = operation["requestBody"]["content"]["application/json"]["schema"]
        reference = body.get("$ref") or body["allOf"][0]["$ref"]  # allOf: the body is optional
        return document["components"]["schemas"][reference.rsplit("/", 1)[1]]

    assert (
        "requestBody" not in document["paths"]["/api/v1/leads/{lead_id}/transitions/accept"]["post"]
    )
    assert set(body_of("reject")["properties"]) == {"reason_code"}
    assert "pain" in body_of("qualify")["properties"]
    assert set(body_of("ae_accept")["properties"]) == {"briefing_read", "amount", "close_date"}


def test_every_operation_documents_its_refusals(document):
    missing = {}
    for label, operation in operations(document):
        if label == "GET /api/v1/":
            continue  # the index: public, takes nothing
        documented = set(operation["responses"])
        expected = {"401", "403"}
        if operation.get("parameters"):
            expected.add("422")
        if "{" in label:
            expected.add("404")
        if "requestBody" in operation:
            expected |= {"400", "413", "422"}
        if documented < expected:
            missing[label] = sorted(expected - documented)

    assert missing == {}


def test_bounds_are_json_schema_keywords(document):
    """Pydantic writes a constraint it could not place as a raw key (`ge`, `le`), which no
    client understands; every bound must be `minimum`, `maximum`, `maxLength`, `pattern`…"""
    raw = []

    def walk(node, where):
        if isinstance(node, dict):
            raw.extend(
                f"{where}.{key}"
                for key in ("ge", "le", "gt", "lt", "max_digits", "decimal_places")
                if key in node
            )
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}[{index}]")

    walk(document, "")

    assert raw == []


def test_strings_in_bodies_have_a_bound(document):
    def strings(spec):
        for option in spec.get("anyOf", [spec]):
            if "anyOf" in option:
                yield from strings(option)
            elif option.get("type") == "string":
                yield option

    unbounded = [
        f"{name}.{field}"
        for name, schema in document["components"]["schemas"].items()
        if name.endswith("In")
        for field, spec in schema.get("properties", {}).items()
        for text in strings(spec)
        if not {"maxLength", "enum", "format"} & set(text)
    ]

    assert unbounded == []


def test_a_wall_clock_time_is_not_documented_as_an_rfc_3339_time(document):
    after_hours_by = document["components"]["schemas"]["PolicyOut"]["properties"]["after_hours_by"]
    text = next(option for option in after_hours_by["anyOf"] if option.get("type") == "string")

    assert "format" not in text
    assert "without a UTC offset" in text["description"]


def test_the_intake_lists_the_action_codes_of_the_charter_in_force(document):
    action = document["components"]["schemas"]["LeadIntakeIn"]["properties"]["action"]

    assert action["enum"] == sorted(rules_in_force().actions)
    assert {"demo_request", "webinar_live", "unsubscribe"} <= set(action["enum"])


def test_an_intro_is_documented_as_an_email(document):
    activity = document["components"]["schemas"]["LeadActivityIn"]

    assert activity["if"] == {
        "properties": {"purpose": {"const": "intro"}},
        "required": ["purpose"],
    }
    assert activity["then"] == {"properties": {"channel": {"const": "email"}}}
    assert activity["additionalProperties"] is False


def test_a_disposition_takes_a_code_of_the_charter_in_force(document):
    code = document["components"]["schemas"]["DispositionIn"]["properties"]["code"]

    assert code["enum"] == sorted(rules_in_force().reason_codes[Taxonomy.DISPOSITION])
    assert {"DISP-CONNECTED", "DISP-CALLBACK"} <= set(code["enum"])


def test_the_api_root_says_where_it_is_described(client):
    index = client.get("/api/v1/")

    assert index.status_code == 200
    assert index.json() == {
        "title": api.title,
        "openapi": "/api/v1/openapi.json",
        "docs": "/api/v1/docs",
    }
    assert client.get(index.json()["openapi"]).status_code == 200
