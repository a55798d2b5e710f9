"""Who an escalation step's roles are, for one clock: the owner, the owner's manager, or
everyone holding the role (VP Sales, RevOps…). Nobody to tell means RevOps is told.

Who holds a role and manages a team changes seldom; a sweep asks for the same people again
and again (every breach of the same SDR), so the answer is remembered for `MEMORY`."""

import time

from slaportal.org.models import User
from slaportal.org.roles import Role

MEMORY_SECONDS = 30.0
_MANAGERS = (Role.SDR_MANAGER, Role.AE_MANAGER)
_remembered: dict[tuple, tuple[float, list[User]]] = {}


def forget() -> None:
    _remembered.clear()


def _remember(key, find):
    remembered = _remembered.get(key)
    if remembered and time.monotonic() - remembered[0] < MEMORY_SECONDS:
        return remembered[1]
    found = find()
    _remembered[key] = (time.monotonic(), found)
    return found


def people_for(roles, owner_id: int | None) -> list[User]:
    """The people `roles` name for a clock owned by `owner_id`, each once, in ladder order."""

    def find():
        owner = User.objects.filter(pk=owner_id).first() if owner_id else None
        people: list[User] = []
        for role in roles:
            people += _holders(Role(role), owner)
        if not people:
            people = list(User.objects.with_role(Role.REVOPS).filter(is_active=True))
        return list({person.pk: person for person in people}.values())

    return _remember(("people", tuple(roles), owner_id), find)


def team_of(owner_id: int | None):
    """The owner's team (its Slack channel is told of the owner's escalations)."""
    if owner_id is None:
        return None
    return _remember(("team", owner_id), lambda: User.objects.get(pk=owner_id).team)


def _holders(role: Role, owner: User | None) -> list[User]:
    if owner is not None and owner.role == role:
        return [owner]
    if owner is not None and role in _MANAGERS:
        team = owner.team
        if team is not None and team.manager is not None and team.manager.role == role:
            return [team.manager]
    return list(User.objects.with_role(role).filter(is_active=True).order_by("username"))
