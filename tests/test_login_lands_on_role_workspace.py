import pytest
from django.urls import reverse

from slaportal.demo.people import DEMO_PEOPLE, seed_people
from slaportal.org.roles import Role
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_org():
    return seed_people(TEST_PASSWORD)


@pytest.mark.parametrize("person", DEMO_PEOPLE, ids=lambda person: person.username)
def test_each_demo_login_lands_on_its_role_workspace(client, demo_org, person):
    response = client.post(
        reverse("login"), {"username": person.username, "password": TEST_PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("workspace", args=[person.role])
    assert response.status_code == 200
    page = response.content.decode()
    assert f"{person.role.label} workspace" in page
    assert f'data-testid="role">{person.role.label}<' in page
    team = demo_org[person.username].team
    if team:
        assert f'data-testid="team">{team.name}<' in page


def test_team_members_see_their_team_and_manager(client, demo_org):
    client.force_login(demo_org["sdr2"])

    page = client.get(reverse("workspace", args=[Role.SDR])).content.decode()

    assert "SDR Team North America" in page
    assert "Dana Whitfield" in page  # the manager
    assert "(sdr1)" in page
    assert "(sdr2)" in page


@pytest.mark.parametrize("path", ["/", "/workspace/sdr/", "/workspace/revops/"])
def test_anonymous_visitor_is_sent_to_login(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={path}"


def test_wrong_password_keeps_you_on_the_login_page(client, demo_org):
    response = client.post(reverse("login"), {"username": "sdr1", "password": "nope"})

    assert response.status_code == 200
    assert "didn't match" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_another_roles_workspace_is_forbidden(client, sdr):
    client.force_login(sdr)

    assert client.get(reverse("workspace", args=[Role.AE])).status_code == 403
    assert client.get("/workspace/nonsense/").status_code == 404


def test_superuser_may_open_every_workspace(client, make_user):
    client.force_login(make_user(is_superuser=True, is_staff=True))

    for role in Role:
        assert client.get(reverse("workspace", args=[role])).status_code == 200


def test_the_superuser_lands_in_the_admin(client, make_user):
    client.force_login(make_user(is_superuser=True, is_staff=True))

    response = client.get("/", follow=True)

    assert response.redirect_chain[-1][0] == reverse("admin:index")
    assert "Ask RevOps" not in response.content.decode()


def test_user_without_a_role_is_told_to_ask_revops(client, make_user):
    client.force_login(make_user())

    response = client.get("/")

    assert response.status_code == 200
    assert "Ask RevOps to assign you one" in response.content.decode()


def test_navigation_follows_the_role(client, sdr, revops):
    client.force_login(sdr)
    sdr_page = client.get(reverse("workspace", args=[Role.SDR])).content.decode()
    client.force_login(revops)
    revops_page = client.get(reverse("workspace", args=[Role.REVOPS])).content.decode()

    assert ">SDR workspace</a>" in sdr_page
    assert reverse("admin:index") not in sdr_page
    assert reverse("health") not in sdr_page
    assert ">RevOps workspace</a>" in revops_page
    assert f'href="{reverse("admin:index")}"' in revops_page
    assert f'href="{reverse("health")}"' in revops_page


def test_logout_ends_the_session(client, sdr):
    client.force_login(sdr)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("username", ["mops", "cro"])
def test_marketing_ops_and_the_cro_land_on_the_scoreboard(client, demo_org, username):
    # Its query count against its rows is asserted in tests/scoreboard.
    client.force_login(demo_org[username])

    page = client.get("/", follow=True).content.decode()

    assert "<h1>Scoreboard <small>" in page


@pytest.mark.parametrize(
    ("username", "signs"),
    [("sdrmgr", True), ("aemgr", True), ("vpsales", True), ("vpmarketing", True), ("sdr1", False)],
)
def test_the_leaders_who_sign_the_charter_find_their_sign_off_page(
    client, demo_org, username, signs
):
    client.force_login(demo_org[username])

    page = client.get("/", follow=True).content.decode()

    assert (f'href="{reverse("charter-sign-off-list")}"' in page) is signs
