"""Production settings come from the environment and pass Django's deployment checklist."""

import secrets

import pytest

from tests.helpers import manage, portal_env

PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "sla.example.com",
}


def setting(name: str, env: dict[str, str]) -> str:
    result = manage(
        "shell", "-c", f"from django.conf import settings; print(settings.{name})", env=env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = portal_env(**PRODUCTION, SLAPORTAL_VAR_DIR=str(tmp_path))

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_refuses_the_development_secret_key(tmp_path):
    env = portal_env(ALLOWED_HOSTS="sla.example.com", SLAPORTAL_VAR_DIR=str(tmp_path))

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    assert "security.W009" in result.stderr


def test_debug_is_off_unless_asked_for(tmp_path):
    var = {"SLAPORTAL_VAR_DIR": str(tmp_path)}

    assert setting("DEBUG", portal_env(**var)) == "False"
    assert setting("DEBUG", portal_env(**var, DEBUG="")) == "False"
    assert setting("DEBUG", portal_env(**var, DEBUG="1")) == "True"


def test_without_debug_cookies_are_secure_and_https_is_enforced(tmp_path):
    env = portal_env(**PRODUCTION, SLAPORTAL_VAR_DIR=str(tmp_path))

    for name in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT"):
        assert setting(name, env) == "True", name
    assert int(setting("SECURE_HSTS_SECONDS", env)) >= 31_536_000


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_a_malformed_boolean_stops_the_portal_with_its_name(tmp_path, value):
    result = manage("check", env=portal_env(DEBUG=value, SLAPORTAL_VAR_DIR=str(tmp_path)))

    assert result.returncode != 0
    assert f"DEBUG={value!r} is not a boolean" in result.stderr


def test_database_and_broker_come_from_the_environment(tmp_path):
    env = portal_env(
        SLAPORTAL_VAR_DIR=str(tmp_path),
        DATABASE_URL="postgres://portal:pw@db.internal:5432/slaportal",
        CELERY_BROKER_URL="redis://cache.internal:6379/0",
    )

    assert setting("DATABASES['default']['HOST']", env) == "db.internal"
    assert setting("CELERY_BROKER_URL", env) == "redis://cache.internal:6379/0"


def test_the_default_needs_no_server(tmp_path):
    env = portal_env(SLAPORTAL_VAR_DIR=str(tmp_path))

    assert setting("DATABASES['default']['ENGINE']", env) == "django.db.backends.sqlite3"
    assert setting("CELERY_BROKER_URL", env) == "filesystem://"
