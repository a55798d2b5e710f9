"""The charter draft's admin page, as RevOps opens it (`make bench`): bytes of HTML, form fields,
queries and server time, with the default charter v1 copied into a draft.

Runs the real settings (DEBUG off, static files collected into a temporary folder) on a
throwaway SQLite database (`BENCH_CHARTER_DB`, default /tmp/charterbench.sqlite3: created,
migrated and seeded here with `seed_demo --leads 0`, removed afterwards). A draft v2 is
started from v1 through `charter.services.start_draft`; each page is fetched in-process through
Django's full stack as RevOps. The figure is the median wall time of repeated requests; bytes,
form fields (named input, select and textarea elements) and queries are those of one request.

Before the version page became summary tables (every kind of row was an inline formset on the
draft's page), the same measurement gave, on the machine this was written on:

    draft v2 page: 755,074 bytes of HTML, 1,917 form fields, 26 queries, median 1,709 ms
    published v1 page: 376,973 bytes of HTML, 421 form fields, 26 queries, median 560 ms
"""

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

REPEATS = int(os.environ.get("BENCH_CHARTER_REPEATS", "15"))
DATABASE = Path(os.environ.get("BENCH_CHARTER_DB", "/tmp/charterbench.sqlite3"))
# What the draft page weighed when each kind of row was an inline formset on it.
BEFORE = {"bytes": 755_074, "form fields": 1_917, "queries": 26, "median ms": 1_709}


class FormFields(HTMLParser):
    """Counts the named form fields of a page (what a browser would submit or lay out)."""

    def __init__(self):
        super().__init__()
        self.count = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("input", "select", "textarea") and dict(attrs).get("name"):
            self.count += 1


def use(static_root: str) -> None:
    os.environ.update(
        DATABASE_URL=f"sqlite:///{DATABASE}",
        DJANGO_SETTINGS_MODULE="slaportal.settings",
        ALLOWED_HOSTS="testserver",
        HTTPS="0",
        DEBUG="0",
        LOG_LEVEL="WARNING",
        SECRET_KEY="bench-" + "x" * 60,
        STATIC_ROOT=static_root,
    )


def recreate() -> None:
    """A fresh SQLite database with the demo org and charter v1 (no demo leads)."""
    drop()
    manage = [sys.executable, "manage.py"]
    quiet = {"check": True, "stdout": subprocess.DEVNULL}
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], **quiet)
    subprocess.run([*manage, "seed_demo", "--leads", "0"], **quiet)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], **quiet)


def drop() -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{DATABASE}{suffix}").unlink(missing_ok=True)


def measure(client, url: str) -> dict:
    from django.db import connection

    counted = [0]

    def count(execute, sql, params, many, context):
        counted[0] += 1
        return execute(sql, params, many, context)

    client.get(url)  # warm: templates compiled, caches filled
    timings = []
    for _ in range(REPEATS):
        counted[0] = 0
        with connection.execute_wrapper(count):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
    assert response.status_code == 200, (url, response.status_code)
    fields = FormFields()
    fields.feed(response.content.decode())
    return {
        "bytes": len(response.content),
        "form fields": fields.count,
        "queries": counted[0],
        "median ms": statistics.median(timings),
        "tables": len(re.findall(rb"<table", response.content)),
    }


def report(name: str, figures: dict) -> None:
    print(
        f"{name}: {figures['bytes']:,} bytes of HTML, {figures['form fields']:,} form fields, "
        f"{figures['tables']} tables, {figures['queries']} queries, "
        f"median {figures['median ms']:.0f} ms of {REPEATS}"
    )


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="charterbench-static-") as static_root:
        use(static_root)
        recreate()
        import django

        django.setup()
        try:
            run()
        finally:
            from django.db import connection

            connection.close()
            drop()


def run() -> None:
    from django.test import Client
    from django.urls import reverse

    from slaportal.charter.models import CharterVersion
    from slaportal.charter.services import start_draft
    from slaportal.org.models import User

    revops = User.objects.get(username="revops")
    v1 = CharterVersion.objects.get(number=1)
    draft = start_draft(revops, based_on=v1, change_notes="Bench: v1 copied into a draft")
    client = Client()
    client.force_login(revops)

    change = "admin:charter_charterversion_change"
    report(
        f"before (inlines on the page): draft v{draft.number} page",
        {**BEFORE, "tables": "?"},
    )
    report(f"draft v{draft.number} page", measure(client, reverse(change, args=[draft.pk])))
    report("published v1 page", measure(client, reverse(change, args=[v1.pk])))
    policy = draft.policies.order_by("code").first()
    report(
        f"a policy of v{draft.number} ({policy.code})",
        measure(client, reverse("admin:charter_policy_change", args=[policy.pk])),
    )


if __name__ == "__main__":
    main()
