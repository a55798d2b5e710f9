"""The charter draft's admin page, as RevOps opens it (`make bench`): bytes of HTML, form fields,
queries and server time, with the default charter v1 copied into a draft.

Runs the real settings (DEBUG off, static files collected into a temporary folder) on a
throwaway SQLite database (`BENCH_CHARTER_DB`, default /tmp/charterbench.sqlite3: created,
migrated and seeded here with `seed_demo --leads 0`, removed afterwards). A draft v2 is
started from v1 through `charter.services.start_draft`; each page is fetched in-process through
Django's full stack as RevOps. The figure is the median wall time of repeated requests; bytes,
form fields (named input, select and textarea elements), the widest table row (in cells) and
queries are those of one request. Widths in pixels need a browser, which the bench does not
have: the widest row in cells stands in for them.

On the machine this was written on (2 cores, shared), before and after the version page became
one compact read-only table per kind of row (each row edited on its own page) instead of an
inline formset per kind of row:

    before  draft v2 page: 755,074 bytes, 1,917 form fields, widest row 10 cells, 26 queries,
            median 1,709 ms (1,709–1,821 ms over three runs)
            published v1 page: 376,982 bytes, 421 form fields, 26 queries, median 560–675 ms
    after   draft v2 page: 93,081 bytes, 9 form fields, widest row 7 cells, 27 queries,
            median 83–131 ms (load-dependent)
            published v1 page: 75,716 bytes, 5 form fields, 25 queries, median 80–122 ms
"""

import os
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
BEFORE = {
    "bytes": 755_074,
    "form fields": 1_917,
    "widest table": 10,
    "queries": 26,
    "median ms": 1_709,
}


class PageShape(HTMLParser):
    """The named form fields of a page (what a browser lays out and submits) and the widest
    row of any of its tables, in cells."""

    def __init__(self):
        super().__init__()
        self.count = 0
        self.widest = 0
        self._cells: list[int] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("input", "select", "textarea") and dict(attrs).get("name"):
            self.count += 1
        if tag == "tr":
            self._cells.append(0)
        elif tag in ("td", "th") and self._cells:
            self._cells[-1] += 1
            self.widest = max(self.widest, self._cells[-1])

    def handle_endtag(self, tag):
        if tag == "tr" and self._cells:
            self._cells.pop()


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
    shape = PageShape()
    shape.feed(response.content.decode())
    return {
        "bytes": len(response.content),
        "form fields": shape.count,
        "widest table": shape.widest,
        "queries": counted[0],
        "median ms": statistics.median(timings),
    }


def report(name: str, figures: dict) -> None:
    print(
        f"{name}: {figures['bytes']:,} bytes of HTML, {figures['form fields']:,} form fields, "
        f"widest table {figures['widest table']} cells, {figures['queries']} queries, "
        f"median {figures['median ms']:,.0f} ms"
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
    print(f"median of {REPEATS} requests each")
    report(f"before (every row an inline form): draft v{draft.number} page", BEFORE)
    report(f"draft v{draft.number} page", measure(client, reverse(change, args=[draft.pk])))
    report("published v1 page", measure(client, reverse(change, args=[v1.pk])))
    policy = draft.policies.order_by("code").first()
    report(
        f"a policy of v{draft.number} ({policy.code})",
        measure(client, reverse("admin:charter_policy_change", args=[policy.pk])),
    )


if __name__ == "__main__":
    main()
