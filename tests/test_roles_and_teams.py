import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from slaportal.org.models import Team, TeamMembership, User
from slaportal.org.roles import ROLE_PERMISSIONS, Role
from slaportal.org.services import assign_role, set_team
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


def test_every_role_is_a_group_with_exactly_its_permissions():
    for role, spec in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role.label)
        held = {
            f"{app}.{codename}"
            for app, codename in group.permissions.values_list(
                "content_type__app_label", "codename"
            )
        }
        assert held == set(spec.permissions), role


def test_every_permission_named_by_a_role_exists():
    existing = {
        f"{app}.{codename}"
        for app, codename in Permission.objects.values_list("content_type__app_label", "codename")
    }
    named = {perm for spec in ROLE_PERMISSIONS.values() for perm in spec.permissions}

    assert named - existing == set()


def test_assigning_a_role_replaces_the_previous_one_and_sets_staff(make_user):
    user = make_user(Role.SDR)
    assert not user.is_staff

    assign_role(user, Role.REVOPS)

    user = User.objects.get(pk=user.pk)
    assert user.role == Role.REVOPS
    assert list(user.groups.values_list("name", flat=True)) == ["RevOps"]
    assert user.is_staff
    assert user.has_perm("org.change_team")


def test_users_are_found_by_role(make_user):
    sdr = make_user(Role.SDR)
    make_user(Role.AE)

    assert list(User.objects.with_role(Role.SDR)) == [sdr]


def test_team_manager_must_hold_the_teams_manager_role(make_user):
    team = TeamFactory(kind=Team.Kind.SDR)

    with pytest.raises(ValidationError) as refused:
        set_team(team, make_user(Role.AE_MANAGER), [])

    assert "must have the SDR Manager role" in str(refused.value)


def test_team_members_must_hold_the_teams_member_role(make_user):
    team = TeamFactory(kind=Team.Kind.AE)

    with pytest.raises(ValidationError) as refused:
        set_team(team, make_user(Role.AE_MANAGER), [make_user(Role.SDR)])

    assert "must have the AE role" in str(refused.value)
    assert not TeamMembership.objects.exists()


def test_set_team_moves_members_and_drops_the_rest(make_user):
    manager = make_user(Role.SDR_MANAGER)
    first, second = make_user(Role.SDR), make_user(Role.SDR)
    east, west = TeamFactory(name="East"), TeamFactory(name="West")
    set_team(east, manager, [first, second])

    set_team(west, manager, [second])

    assert User.objects.get(pk=second.pk).team == west
    assert list(east.memberships.values_list("user", flat=True)) == [first.pk]


def test_a_person_belongs_to_one_team_at_most(make_user):
    user = make_user(Role.SDR)
    TeamMembership.objects.create(team=TeamFactory(), user=user)

    with pytest.raises(IntegrityError):
        TeamMembership.objects.create(team=TeamFactory(), user=user)


def test_a_manager_s_team_is_the_team_they_lead(make_user):
    manager = make_user(Role.SDR_MANAGER)
    team = set_team(TeamFactory(), manager, [])

    assert User.objects.get(pk=manager.pk).team == team
