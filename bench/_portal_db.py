"""A throwaway PostgreSQL database with the demo org and charter, for the benches, and what
they share: bulk INSERT … SELECT of model rows (clocks among them), the nearest-rank
percentile, EXPLAIN ANALYZE.

`use(name)` points this process's settings at it (the real settings, not the test ones);
`recreate(name)` drops, creates, migrates and seeds it; `drop(name)` removes it afterwards.
"""

import math
import os
import subprocess
import sys
import tempfile
from contextlib import contextmanager

ADMIN_URL = os.environ.get("BENCH_POSTGRES_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")


def use(database: str) -> None:
    os.environ.update(
        DATABASE_URL=ADMIN_URL.rsplit("/", 1)[0] + f"/{database}",
        DJANGO_SETTINGS_MODULE="slaportal.settings",
        ALLOWED_HOSTS="testserver",
        HTTPS="0",
        LOG_LEVEL="WARNING",
        SECRET_KEY="bench-" + "x" * 60,
    )


def recreate(database: str) -> None:
    """A fresh database with the demo org and charter v1 (no demo leads)."""
    use(database)
    drop(database)
    _admin(f'CREATE DATABASE "{database}"')
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], check=True)
    subprocess.run([*manage, "seed_demo", "--leads", "0"], check=True, stdout=subprocess.DEVNULL)


def drop(database: str) -> None:
    _admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _admin(statement: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(statement)


def insert_select(model, values: dict[str, str], source: str, params: dict) -> int:
    """INSERT INTO the model's table SELECT … `source`: `values` gives SQL for some columns,
    every other column gets its field's default (a required column without one is an error,
    so a field added to the model later is not silently left out)."""
    from django.db import connection
    from django.db.models import NOT_PROVIDED

    values, params = dict(values), dict(params)
    columns, expressions = [], []
    for field in model._meta.concrete_fields:
        if field.column in values:
            expression = values.pop(field.column)
        elif field.primary_key or field.db_default is not NOT_PROVIDED:
            continue
        else:
            default = field.get_default()
            if default is None and not field.null:
                raise ValueError(f"{model.__name__}.{field.name}: no value and no default")
            params[f"default_{field.column}"] = field.get_db_prep_save(default, connection)
            expression = f"%(default_{field.column})s"
        columns.append(connection.ops.quote_name(field.column))
        expressions.append(expression)
    if values:
        raise ValueError(f"{model.__name__} has no columns {sorted(values)}")
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({', '.join(columns)}) "
        f"SELECT {', '.join(expressions)} {source}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: the smallest value with at least `share` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def explain(sql: str) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return [row[0] for row in cursor.fetchall()]


def policies() -> tuple[dict, int]:
    """The lead policies of the charter in force by code, and a calendar snapshot."""
    from slaportal.charter.models import BusinessCalendar, CharterVersion, Policy

    version = CharterVersion.objects.active()
    by_code = {p.code: p for p in Policy.objects.filter(version=version)}
    calendar_id = by_code["sal_resolution"].calendar_id
    return by_code, BusinessCalendar.objects.get(pk=calendar_id).snapshot().pk


def clock_values(policy, status: str, started, target, warn, breach, stopped, done, due) -> dict:
    return {
        "version_id": str(policy.version_id),
        "watch_key": f"'policy:{policy.pk}'",
        "code": f"'{policy.code}'",
        "name": "%(name_" + policy.code + ")s",
        "policy_id": str(policy.pk),
        "subject_type": "'lead'",
        "subject_id": "l.id",
        "owner_id": "l.owner_id",
        "calendar_id": "%(snapshot)s",
        "timezone": "l.timezone",
        "status": f"'{status}'",
        "started_at": started,
        "target_at": target,
        "warn_at": warn,
        "breach_at": breach,
        "stopped_at": stopped,
        "done": done,
        "next_due_at": due,
        "created_at": started,
    }


@contextmanager
def static_files():
    """The real settings with DEBUG off, as in production: the pages' static files collected
    into a directory of their own for the run."""
    with tempfile.TemporaryDirectory(prefix="bench-static-") as static_root:
        os.environ.update(DEBUG="0", STATIC_ROOT=static_root)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        yield


def people(sdrs: int, aes: int) -> dict:
    """sdr1 … sdrN in the demo SDR team (managed by sdrmgr) and ae1 … aeN in the AE team."""
    from slaportal.org.models import Team, User
    from slaportal.org.roles import Role
    from slaportal.org.services import assign_role, set_team

    def person(username: str, role: Role) -> User:
        user, _ = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@bench.example"}
        )
        assign_role(user, role)
        return user

    sdrs = [person(f"sdr{n}", Role.SDR) for n in range(1, sdrs + 1)]
    aes = [person(f"ae{n}", Role.AE) for n in range(1, aes + 1)]
    manager = User.objects.get(username="sdrmgr")
    set_team(Team.objects.get(kind=Team.Kind.SDR, manager=manager), manager, sdrs)
    set_team(Team.objects.get(kind=Team.Kind.AE), User.objects.get(username="aemgr"), aes)
    return {"sdrs": [u.pk for u in sdrs], "aes": [u.pk for u in aes], "manager": manager.pk}
