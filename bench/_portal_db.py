"""A throwaway PostgreSQL database with the demo org and charter, for the benches.

`use(name)` points this process's settings at it (the real settings, not the test ones);
`recreate(name)` drops, creates, migrates and seeds it; `drop(name)` removes it afterwards.
"""

import os
import subprocess
import sys

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
