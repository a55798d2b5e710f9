"""The admin is where RevOps works: its pages open for the right roles and its forms save."""

import pytest
from django.contrib import admin
from django.urls import reverse

from slaportal.org.models import Team, User
from slaportal.org.roles import Role
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def admin_url(model, page: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda model: model.__name__)
def test_superuser_opens_every_changelist(client, make_user, model):
    client.force_login(make_user(is_superuser=True, is_staff=True))

    assert client.get(admin_url(model, "changelist")).status_code == 200


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda model: model.__name__)
def test_every_admin_name_is_english(model):
    """Django adds an "s": "Territorys", "Cadence touchs", "Api tokens" are not words."""
    singular, plural = model._meta.verbose_name, str(model._meta.verbose_name_plural)
    naive = plural == f"{singular}s"

    assert not (naive and singular[-1] == "y" and singular[-2] not in "aeiou"), plural
    assert not (naive and singular.endswith(("s", "x", "ch", "sh"))), plural
    assert not any(word in plural.split() for word in ("Api", "api", "Sla", "sla", "Mql")), plural


def test_superuser_creates_a_user_through_the_admin(client, make_user):
    client.force_login(make_user(is_superuser=True, is_staff=True))

    response = client.post(
        admin_url(User, "add"),
        {
            "username": "newsdr",
            "password1": TEST_PASSWORD,
            "password2": TEST_PASSWORD,
            "usable_password": "true",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(username="newsdr").check_password(TEST_PASSWORD)


def test_revops_builds_a_team_in_the_admin(client, revops, make_user):
    manager, member = make_user(Role.SDR_MANAGER), make_user(Role.SDR)
    client.force_login(revops)

    response = client.post(
        admin_url(Team, "add"),
        {
            "name": "SDR EMEA",
            "kind": "sdr",
            "manager": manager.pk,
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-user": member.pk,
        },
    )

    assert response.status_code == 302
    team = Team.objects.get(name="SDR EMEA")
    assert list(team.memberships.values_list("user", flat=True)) == [member.pk]


def test_admin_refuses_a_team_member_with_the_wrong_role(client, revops, make_user):
    client.force_login(revops)

    response = client.post(
        admin_url(Team, "add"),
        {
            "name": "Mixed",
            "kind": "ae",
            "manager": make_user(Role.AE_MANAGER).pk,
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-user": make_user(Role.SDR).pk,
        },
    )

    assert response.status_code == 200
    assert "Members of an AE team must have the AE role." in response.content.decode()
    assert not Team.objects.filter(name="Mixed").exists()


def test_revops_may_view_people_but_not_create_them(client, revops):
    client.force_login(revops)

    assert client.get(admin_url(User, "changelist")).status_code == 200
    assert client.get(admin_url(User, "add")).status_code == 403


def test_non_staff_roles_are_kept_out_of_the_admin(client, sdr):
    client.force_login(sdr)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_user_changelist_query_count_is_constant(client, make_user, django_assert_max_num_queries):
    client.force_login(make_user(is_superuser=True, is_staff=True))
    for _ in range(30):
        make_user(Role.SDR)

    with django_assert_max_num_queries(10):
        assert client.get(admin_url(User, "changelist")).status_code == 200


def test_revops_reads_the_sla_records_without_counting_whole_tables(client, make_user):
    """Clocks, breaches, notifications and the event log grow by the million: their lists
    count at most COUNT_CAP rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from escalations.models import Breach, Clock, Notification
    from slaportal.events.models import EventRecord

    client.force_login(make_user(Role.REVOPS))
    for model in (Clock, Breach, Notification, EventRecord):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(admin_url(model, "changelist")).status_code == 200
        counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
        assert counts
        assert all("LIMIT 10001" in sql for sql in counts), counts
