"""Bearer tokens (hashed, scoped, revocable) and sessions; 401, 403 as the contract says."""

import pytest
from django.urls import reverse

from slaportal.api.models import ApiToken, Scope
from tests.demo_org import seed_demo_org

pytestmark = pytest.mark.django_db

CHARTER = "/api/v1/charter"


@pytest.fixture(autouse=True)
def charter():
    seed_demo_org()


def test_no_credentials_is_401(client):
    response = client.get(CHARTER)

    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_an_unknown_or_revoked_token_is_401(client, issue_token):
    headers = issue_token(Scope.CHARTER_READ)
    assert client.get(CHARTER, **headers).status_code == 200

    ApiToken.objects.update(revoked_at="2026-01-01T00:00:00Z")

    assert client.get(CHARTER, **headers).status_code == 401
    assert client.get(CHARTER, HTTP_AUTHORIZATION="Bearer not-a-key").status_code == 401


def test_a_token_without_the_scope_is_403(client, issue_token):
    response = client.get(CHARTER, **issue_token(Scope.LEADS_WRITE))

    assert response.status_code == 403
    assert response.json() == {"detail": "This needs the “charter:read” right."}


def test_keys_are_stored_as_digests_and_use_is_recorded(client, issue_token):
    headers = issue_token(Scope.CHARTER_READ)
    key = headers["HTTP_AUTHORIZATION"].removeprefix("Bearer ")

    client.get(CHARTER, **headers)

    token = ApiToken.objects.get()
    assert key not in str(ApiToken.objects.values().get())
    assert token.prefix == key[:8]
    assert token.last_used_at is not None


def test_a_signed_in_person_uses_their_session(client, django_user_model):
    client.force_login(django_user_model.objects.get(username="sdr1"))

    assert client.get(CHARTER).status_code == 200


def test_revops_issues_a_token_in_the_admin_and_sees_its_key_once(client):
    client.force_login(
        ApiToken._meta.get_field("created_by").related_model.objects.get(username="revops")
    )

    response = client.post(
        reverse("admin:api_apitoken_add"),
        {"name": "Dialer", "scopes": ["activities:write", "leads:read"]},
        follow=True,
    )

    token = ApiToken.objects.get(name="Dialer")
    shown = next(str(m) for m in response.context["messages"] if "copy it now" in str(m))
    key = shown.split(" is ", 1)[1].split(" ")[0]
    assert token.scopes == ["activities:write", "leads:read"]
    assert token.created_by.username == "revops"
    assert ApiToken.objects.authenticate(key) == token


def test_the_openapi_document_is_served(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert "/api/v1/charter" in document["paths"]
    assert "TokenAuth" in document["components"]["securitySchemes"]


def test_the_api_docs_page_loads_nothing_from_a_cdn(client, django_user_model):
    client.force_login(django_user_model.objects.get(username="revops"))

    page = client.get("/api/v1/docs").content.decode()

    assert "cdn." not in page
    assert "/static/ninja/" in page


def test_revops_revokes_a_token_in_the_admin(client, issue_token):
    headers = issue_token(Scope.CHARTER_READ)
    client.force_login(ApiToken.objects.get().created_by)

    client.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [ApiToken.objects.get().pk]},
    )
    client.logout()

    assert ApiToken.objects.get().revoked_at is not None
    assert client.get(CHARTER, **headers).status_code == 401


@pytest.mark.parametrize("credential", [{}, {"HTTP_AUTHORIZATION": "Bearer not-a-key"}])
def test_a_write_without_a_valid_credential_is_401_not_a_csrf_failure(client, credential):
    response = client.post(
        "/api/v1/leads",
        {"email": "dana@acme.example"},
        content_type="application/json",
        **credential,
    )

    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_a_signed_in_persons_write_is_csrf_checked(django_user_model):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(django_user_model.objects.get(username="mops"))

    response = browser.post(
        "/api/v1/leads", {"email": "dana@acme.example"}, content_type="application/json"
    )

    assert response.status_code == 403
    assert response.json() == {"detail": "CSRF check Failed"}
