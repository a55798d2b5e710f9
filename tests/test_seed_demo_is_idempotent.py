import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.core.management import call_command

from leads.models import IntentAction, Lead, LeadTransition, TerritoryMember
from slaportal.charter.models import (
    CONTENT_MODELS,
    BusinessCalendar,
    CharterEdit,
    CharterVersion,
    SignOff,
    WeeklyHours,
)
from slaportal.demo.people import DEMO_PEOPLE
from slaportal.org.models import Team, TeamMembership, User

pytestmark = pytest.mark.django_db


def snapshot():
    """Everything seed_demo writes, in a comparable form."""
    return {
        "users": list(
            User.objects.order_by("username").values_list(
                "id",
                "username",
                "password",
                "first_name",
                "last_name",
                "email",
                "is_staff",
                "is_superuser",
                "is_active",
            )
        ),
        "roles": sorted(User.groups.through.objects.values_list("user_id", "group_id")),
        "groups": list(Group.objects.order_by("name").values_list("id", "name")),
        "group_permissions": sorted(
            Group.permissions.through.objects.values_list("group_id", "permission_id")
        ),
        "teams": list(Team.objects.order_by("name").values_list("id", "name", "kind", "manager")),
        "memberships": sorted(TeamMembership.objects.values_list("id", "team_id", "user_id")),
        "calendars": list(BusinessCalendar.objects.values_list("id", "name", "changed_at")),
        "weekly_hours": sorted(WeeklyHours.objects.values_list("id", "weekday", "opens", "closes")),
        "charter": list(
            CharterVersion.objects.values_list("id", "number", "state", "effective_from")
        ),
        "sign_offs": sorted(SignOff.objects.values_list("id", "function", "signer")),
        "charter_rows": {model.__name__: model.objects.count() for model in CONTENT_MODELS},
        "charter_edits": CharterEdit.objects.count(),
        "leads": sorted(Lead.objects.values_list("id", "email", "state", "owner", "score")),
        "actions": IntentAction.objects.count(),
        "transitions": LeadTransition.objects.count(),
        "territories": sorted(
            TerritoryMember.objects.values_list("id", "territory", "sdr", "assigned_count")
        ),
    }


def test_running_seed_demo_twice_leaves_the_same_data_as_once():
    call_command("seed_demo", leads=25, stdout=None)
    once = snapshot()
    call_command("seed_demo", leads=25)

    assert snapshot() == once
    assert len(once["users"]) == len(DEMO_PEOPLE) + 1  # and the superuser
    assert len(once["teams"]) == 2
    assert len(once["calendars"]) == 1
    assert len(once["weekly_hours"]) == 5
    assert once["charter"][0][1:3] == (1, "published")
    assert len(once["sign_offs"]) == 3
    assert len(once["leads"]) == 25
    assert {row[2] for row in once["leads"]} >= {"mql", "sal"}  # states


def test_seed_demo_repairs_a_changed_demo_user():
    call_command("seed_demo", leads=0)
    once = snapshot()
    sdr1 = User.objects.get(username="sdr1")
    sdr1.groups.clear()
    sdr1.set_password("changed")
    sdr1.save()

    call_command("seed_demo", leads=0)

    assert snapshot()["roles"] == once["roles"]
    assert authenticate(username="sdr1", password="demo")


def test_demo_password_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "s3cret-demo")

    call_command("seed_demo", leads=0)

    assert authenticate(username="vpsales", password="s3cret-demo")
    assert not authenticate(username="vpsales", password="demo")


def test_seed_demo_prints_the_logins(capsys):
    call_command("seed_demo", leads=0)

    printed = capsys.readouterr().out
    for person in DEMO_PEOPLE:
        assert person.username in printed


def test_a_negative_lead_count_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--leads must be 0 or more"):
        call_command("seed_demo", leads=-1)
