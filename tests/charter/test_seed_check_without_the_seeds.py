"""In a clone without ../shared/seeds, the seed check says so in the summary: skipped with
that reason, never failed and never passed as if it had compared anything."""

import os
import subprocess
import sys

from tests.helpers import REPO

SEED_CHECK = "tests/charter/test_default_charter_covers_the_seeds.py"


def test_without_the_seeds_the_check_is_skipped_with_its_reason(tmp_path):
    missing = tmp_path / "no-seeds-here"

    run = subprocess.run(
        [sys.executable, "-m", "pytest", SEED_CHECK, "-q", "-rs", "-p", "no:cacheprovider"],
        cwd=REPO,
        # On SQLite in memory: the outer run may hold the PostgreSQL test database.
        env={
            **{key: value for key, value in os.environ.items() if key != "DATABASE_URL"},
            "SLAPORTAL_SEEDS": str(missing),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert run.returncode == 0, run.stdout
    skipped = [line for line in run.stdout.splitlines() if line.startswith("SKIPPED")]
    assert len(skipped) == 5
    assert all(f"no seed articles at {missing}" in line for line in skipped)
    assert "failed" not in run.stdout
