"""The demo org (`seed_demo --leads 0`) for tests, seeded once per instant and restored from a
snapshot after that: loading and validating the charter is most of a test's set-up otherwise.

A snapshot is taken and restored only inside a test's transaction, into a database with no
people yet; a test that made its own users first, or a transactional one, gets a real
`seed_demo` instead."""

from datetime import UTC, datetime
from io import StringIO
from itertools import groupby

import time_machine
from django.apps import apps
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

from slaportal.org.models import User

# Monday 2 March 2026, 07:00 in New York: before business hours, the week's leads to come.
DEMO_DAY = datetime(2026, 3, 2, 12, tzinfo=UTC)
_PROJECT_PACKAGES = ("slaportal", "leads", "pipeline", "escalations")
_snapshots: dict[tuple, str] = {}


def _project_models() -> list:
    return [
        model
        for model in apps.get_models()
        if model.__module__.split(".")[0] in _PROJECT_PACKAGES and not model._meta.proxy
    ]


def _snapshot() -> str:
    return serializers.serialize(
        "json", (row for model in _project_models() for row in model._base_manager.order_by("pk"))
    )


@transaction.atomic  # references are checked at commit, once every row is back
def _restore(snapshot: str) -> None:
    # The rows as seed_demo wrote them, audit trail included: an INSERT a model (the snapshot
    # is written model by model), and one for each of its many-to-many fields.
    rows = serializers.deserialize("json", snapshot)
    for model, group in groupby(rows, key=lambda row: type(row.object)):
        group = list(group)
        model._base_manager.bulk_create([row.object for row in group])
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            source = through._meta.get_field(field.m2m_field_name()).attname
            target = through._meta.get_field(field.m2m_reverse_field_name()).attname
            through._base_manager.bulk_create(
                through(**{source: row.object.pk, target: pk})
                for row in group
                for pk in row.m2m_data.get(field.name, ())
            )
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), _project_models()):
            cursor.execute(statement)


def seed_demo_org(at: datetime = DEMO_DAY) -> None:
    """The demo org, its calendar and charter v1 as `seed_demo` makes them at `at`."""
    # Roles are groups made by migrate; a transactional test's flush makes them anew.
    key = (at, tuple(Group.objects.order_by("pk").values_list("pk", flat=True)))
    reusable = connection.in_atomic_block and not User.objects.exists()
    with time_machine.travel(at, tick=False):
        if reusable and key in _snapshots:
            _restore(_snapshots[key])
            return
        call_command("seed_demo", leads=0, stdout=StringIO())
    if reusable:
        _snapshots[key] = _snapshot()
