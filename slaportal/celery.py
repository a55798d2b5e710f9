"""The Celery application: one per process, configured from Django settings (CELERY_*)."""

import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "slaportal.settings")

app = Celery("slaportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _create_filesystem_broker_folders() -> None:
    # The filesystem transport expects its folders to exist; web, worker and beat all call this.
    for folder in (app.conf.broker_transport_options or {}).values():
        if isinstance(folder, str):
            Path(folder).mkdir(parents=True, exist_ok=True)


if app.conf.broker_url.startswith("filesystem://"):
    _create_filesystem_broker_folders()
