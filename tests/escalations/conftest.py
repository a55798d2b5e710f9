from django.core.management import call_command

from escalations import outbox
from escalations.models import Notification
from tests.pipeline.conftest import *  # noqa: F403  (lead and opportunity fixtures: org, now, post…)


def sweep(instant=None):
    """`manage.py sla_sweep` as of `instant` (default: the frozen now); what it printed."""
    from io import StringIO

    out = StringIO()
    args = ["--now", instant.isoformat()] if instant else []
    call_command("sla_sweep", *args, stdout=out)
    return out.getvalue()


def deliver_all():
    """What a worker does with the tasks enqueued at commit: every pending delivery."""
    for pk in Notification.objects.filter(status=Notification.Status.PENDING).values_list(
        "pk", flat=True
    ):
        outbox.deliver(pk)
