import os

from django.core.management.base import BaseCommand, CommandError

from escalations.models import Breach
from escalations.sweep import sweep
from leads.models import Lead
from pipeline.models import Opportunity
from slaportal.charter.services import ensure_default_calendar, ensure_default_charter
from slaportal.demo.leads import history_start, seed_leads, travel_to
from slaportal.demo.people import DEMO_PEOPLE, DEMO_SUPERUSER, seed_people
from slaportal.demo.territories import seed_territories


class Command(BaseCommand):
    help = (
        "Load the demo org (one user per role, teams, territories), the default charter v1 and "
        "demo leads. Idempotent: running it again leaves the same data. Passwords come from "
        "DEMO_PASSWORD (default 'demo')."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--leads", type=int, default=300, help="How many demo leads (default 300)."
        )

    def handle(self, *args, **options):
        if options["leads"] < 0:
            raise CommandError("--leads must be 0 or more.")
        password = os.environ.get("DEMO_PASSWORD") or "demo"
        people = seed_people(password)
        calendar = ensure_default_calendar()
        seed_territories(people)
        with travel_to(history_start()):  # in force before the first demo lead arrives
            charter = ensure_default_charter(
                people["revops"], [people["vpmarketing"], people["sdrmgr"], people["vpsales"]]
            )
        self.stdout.write("Demo logins (password from DEMO_PASSWORD, default 'demo'):")
        for person in DEMO_PEOPLE:
            self.stdout.write(f"  {person.username:<12} {person.role.label}")
        self.stdout.write(f"  {DEMO_SUPERUSER:<12} superuser")
        self.stdout.write(f"Business calendar: {calendar.name}")
        self.stdout.write(
            f"Charter in force: v{charter.number}, {charter.policies.count()} policies"
        )
        states = seed_leads(options["leads"])
        by_state = ", ".join(
            f"{states[state]} {label}" for state, label in Lead.State.choices if states[state]
        )
        opportunities = Opportunity.objects.filter(lead__external_id__startswith="demo-").count()
        self.stdout.write(
            f"Demo leads: {states.total()}"
            + (f": {by_state}" if by_state else "")
            + f"; {opportunities} opportunities"
        )
        # What the history left overdue is found now, as beat's first sweep would.
        sweep()
        self.stdout.write(f"SLA breaches open: {Breach.objects.unresolved().count()}")
