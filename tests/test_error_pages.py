"""A refusal or a wrong address gets a page that says what happened and how to go on, in the
portal's layout; a refusal is one log line, not a traceback."""

import logging

import pytest
from django.urls import reverse

from slaportal.org.roles import Role

pytestmark = pytest.mark.django_db


def test_a_refusal_says_why_and_leads_home(client, sdr):
    client.force_login(sdr)

    response = client.get(reverse("workspace", args=[Role.AE]))

    page = response.content.decode()
    assert response.status_code == 403
    assert 'href="/static/css/portal.css"' in page
    assert "This is the AE workspace." in page
    assert f'href="{reverse("home")}"' in page
    assert "ask RevOps for the right role" in page


def test_a_missing_page_reveals_nothing_and_leads_home(client, sdr):
    client.force_login(sdr)

    response = client.get("/workspace/nonsense/")

    page = response.content.decode()
    assert response.status_code == 404
    assert "There is nothing here" in page
    assert "No such workspace" not in page  # the exception's text stays in the log
    assert f'href="{reverse("home")}"' in page


def test_a_refusal_is_logged_on_one_line(client, sdr, caplog):
    client.force_login(sdr)

    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get(reverse("workspace", args=[Role.AE]))

    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.getMessage() == "Forbidden (Permission denied): /workspace/ae/"
    assert record.exc_info is None
    assert "Traceback" not in caplog.text


def test_a_server_error_page_stands_alone():
    """The 500 page renders without a context or the base layout that may have failed."""
    from django.template.loader import get_template

    template = get_template("500.html")

    assert "Something went wrong on our side" in template.render({})
    assert "{% extends" not in template.template.source


def test_the_favicon_is_served_without_a_login(client):
    response = client.get("/favicon.ico", follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith("/img/favicon.svg")
