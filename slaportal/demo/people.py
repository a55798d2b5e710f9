"""The demo revenue org: one login per role (the contract's usernames) and two teams."""

from dataclasses import dataclass

from django.db import transaction

from slaportal.org.models import Team, User
from slaportal.org.roles import Role
from slaportal.org.services import assign_role, set_team


@dataclass(frozen=True)
class DemoPerson:
    username: str
    first_name: str
    last_name: str
    role: Role


DEMO_PEOPLE = (
    DemoPerson("revops", "Riley", "Okafor", Role.REVOPS),
    DemoPerson("mops", "Morgan", "Lindqvist", Role.MARKETING_OPS),
    DemoPerson("sdr1", "Sam", "Delgado", Role.SDR),
    DemoPerson("sdr2", "Sasha", "Novak", Role.SDR),
    DemoPerson("sdrmgr", "Dana", "Whitfield", Role.SDR_MANAGER),
    DemoPerson("ae1", "Alex", "Moreau", Role.AE),
    DemoPerson("ae2", "Avery", "Chen", Role.AE),
    DemoPerson("aemgr", "Jordan", "Baptiste", Role.AE_MANAGER),
    DemoPerson("vpsales", "Casey", "Abernathy", Role.VP_SALES),
    DemoPerson("vpmarketing", "Quinn", "Haddad", Role.VP_MARKETING),
    DemoPerson("cro", "Robin", "Achebe", Role.CRO),
)

DEMO_TEAMS = (
    ("SDR Team North America", Team.Kind.SDR, "sdrmgr", ("sdr1", "sdr2")),
    ("AE Team North America", Team.Kind.AE, "aemgr", ("ae1", "ae2")),
)

DEMO_SUPERUSER = "admin"


def _ensure_user(username: str, password: str, **fields) -> User:
    user, created = User.objects.update_or_create(username=username, defaults=fields)
    # Re-hashing would change the stored hash on every run; only set a password that differs.
    if created or not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def seed_people(password: str) -> dict[str, User]:
    users = {}
    for person in DEMO_PEOPLE:
        user = _ensure_user(
            person.username,
            password,
            first_name=person.first_name,
            last_name=person.last_name,
            email=f"{person.username}@demo.example",
            is_active=True,
        )
        assign_role(user, person.role)
        users[person.username] = user
    for name, kind, manager, members in DEMO_TEAMS:
        team, _ = Team.objects.get_or_create(name=name, defaults={"kind": kind})
        set_team(team, users[manager], [users[member] for member in members])
    _ensure_user(
        DEMO_SUPERUSER,
        password,
        email="admin@demo.example",
        is_staff=True,
        is_superuser=True,
        is_active=True,
    )
    return users
