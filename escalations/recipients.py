"""Who an escalation step's roles are, for one clock: the owner, the owner's manager, or
everyone holding the role (VP Sales, RevOps…). Nobody to tell means RevOps is told."""

from slaportal.org.models import User
from slaportal.org.roles import Role

_MANAGERS = (Role.SDR_MANAGER, Role.AE_MANAGER)


def people_for(roles, owner: User | None) -> list[User]:
    """The people `roles` name for a clock owned by `owner`, each once, in ladder order."""
    people: list[User] = []
    for role in roles:
        people += _holders(Role(role), owner)
    if not people:
        people = list(User.objects.with_role(Role.REVOPS).filter(is_active=True))
    unique = {person.pk: person for person in people}
    return list(unique.values())


def _holders(role: Role, owner: User | None) -> list[User]:
    if owner is not None and owner.role == role:
        return [owner]
    if owner is not None and role in _MANAGERS:
        team = owner.team
        if team is not None and team.manager is not None and team.manager.role == role:
            return [team.manager]
    return list(User.objects.with_role(role).filter(is_active=True).order_by("username"))
