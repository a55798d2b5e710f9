"""Writes to people, roles and teams. Views, admin, commands and tests all call these."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from .models import Team, TeamMembership, User
from .roles import ROLE_PERMISSIONS, Role


def sync_role_groups(using: str = "default") -> None:
    """Create a group per role holding exactly its permissions (those that exist yet)."""
    for role, spec in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=role.label)
        wanted = Q(pk__in=[])
        for dotted in spec.permissions:
            app_label, codename = dotted.split(".")
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.using(using).filter(wanted))


@transaction.atomic
def assign_role(user: User, role: Role) -> None:
    """Make `role` the user's only role; staff access follows the role."""
    role_groups = Group.objects.filter(name__in=Role.labels)
    user.groups.remove(*role_groups)
    user.groups.add(Group.objects.get(name=role.label))
    user.is_staff = ROLE_PERMISSIONS[role].staff or user.is_superuser
    user.save(update_fields=["is_staff"])
    user.__dict__.pop("role", None)


@transaction.atomic
def set_team(team: Team, manager: User, members: list[User]) -> Team:
    """Give the team its manager and exactly these members, checking their roles."""
    team.manager = manager
    team.full_clean()
    team.save()
    TeamMembership.objects.filter(team=team).exclude(user__in=members).delete()
    for member in members:
        membership = TeamMembership.objects.filter(user=member).first() or TeamMembership(
            user=member
        )
        membership.team = team
        membership.full_clean(validate_unique=False)
        membership.save()
    return team
