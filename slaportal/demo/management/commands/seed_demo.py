import os

from django.core.management.base import BaseCommand

from slaportal.charter.services import ensure_default_calendar, ensure_default_charter
from slaportal.demo.people import DEMO_PEOPLE, DEMO_SUPERUSER, seed_people
from slaportal.demo.territories import seed_territories


class Command(BaseCommand):
    help = (
        "Load the demo org (one user per role, teams). Idempotent: running it again leaves the "
        "same data. Passwords come from DEMO_PASSWORD (default 'demo')."
    )

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD") or "demo"
        people = seed_people(password)
        calendar = ensure_default_calendar()
        seed_territories(people)
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
