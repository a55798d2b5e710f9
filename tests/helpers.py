"""Running the portal's own commands as separate processes, the way an operator would."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def portal_env(**overrides: str) -> dict[str, str]:
    """The real (not test) settings, configured only by `overrides` on a clean environment."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DEBUG", "SECRET_KEY", "HTTPS"}
    }
    env["DJANGO_SETTINGS_MODULE"] = "slaportal.settings"
    env.update(overrides)
    return env


def manage(*args: str, env: dict[str, str], check: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=check,
    )
