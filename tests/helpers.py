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


def admin_form_data(response, **changes) -> dict:
    """The POST a browser would send back from an admin change page, with `changes` applied:
    the main form and every inline formset, each field at its current value."""
    from django.forms import MultiWidget

    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name, field in form.fields.items():
            key, value = form.add_prefix(name), form[name].value()
            if isinstance(field.widget, MultiWidget):
                parts = value if isinstance(value, list) else field.widget.decompress(value)
                data.update(
                    {f"{key}_{i}": part for i, part in enumerate(parts) if part is not None}
                )
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif value is not None:
                data[key] = value
    data.update(changes)
    return data
