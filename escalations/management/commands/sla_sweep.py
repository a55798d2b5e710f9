from datetime import datetime

from django.core.management.base import BaseCommand, CommandError

from escalations.sweep import sweep


class Command(BaseCommand):
    help = (
        "One sweep of the SLA engine: record every warning, missed target, breach and "
        "escalation step due by now (or by --now, an ISO 8601 instant with its offset, for "
        "simulation and tests), then relay the notifications still to deliver."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", help="e.g. 2026-03-03T10:05:00-05:00")

    def handle(self, *args, **options):
        now = None
        if options["now"]:
            try:
                now = datetime.fromisoformat(options["now"])
            except ValueError as error:
                raise CommandError(f"--now: not an ISO 8601 instant ({error})") from error
            if now.tzinfo is None:
                raise CommandError("--now needs an offset or Z, e.g. 2026-03-03T15:05:00Z")
        self.stdout.write(str(sweep(now)))
