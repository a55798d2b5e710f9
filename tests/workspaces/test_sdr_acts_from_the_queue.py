"""One click in a queue row does the work and redraws the queue in place (htmx); a refusal
says why and changes nothing; a lead the SDR does not work cannot be touched from here."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from leads.models import Activity, Lead, Meeting

HTMX = {"HTTP_HX_REQUEST": "true"}
NEW_YORK = ZoneInfo("America/New_York")


def act(client, lead, action, **data):
    return client.post(f"/workspace/sdr/queue/{lead.pk}/{action}/", data, **HTMX)


@pytest.fixture
def sdr1(client, org):
    client.force_login(org["sdr1"])
    return client


def test_accepting_answers_with_the_redrawn_queue_only(mql, sdr1):
    response = act(sdr1, mql, "accept")

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page  # the queue alone: the page is not reloaded
    assert 'id="queue"' in page
    assert "Dana Reyes accepted: now SAL." in page
    assert Lead.objects.get().state == Lead.State.SAL


def test_logging_a_call_moves_the_cadence_on(mql, sdr1):
    page = act(sdr1, mql, "touch", channel="call", outcome="voicemail").content.decode()

    assert "Call logged (Voicemail)." in page
    assert "touch 1 of 8" in page
    touch = Activity.objects.get()
    assert (touch.channel, touch.outcome, touch.actor.username) == ("call", "voicemail", "sdr1")


def test_rejecting_needs_a_code_of_the_taxonomy_in_force(mql, sdr1):
    refused = act(sdr1, mql, "reject").content.decode()
    unknown = act(sdr1, mql, "reject", reason_code="REJ-99").content.decode()

    assert "Nothing was changed" in refused
    assert "Reason code: This field is required." in refused
    assert "Select a valid choice" in unknown
    assert Lead.objects.get().state == Lead.State.MQL


def test_a_rejected_lead_leaves_the_queue(mql, sdr1):
    page = act(sdr1, mql, "reject", reason_code="REJ-01").content.decode()

    assert Lead.objects.get().state == Lead.State.REJECTED
    assert f'id="lead-{mql.pk}"' not in page


def test_booking_a_meeting_from_the_row(mql, sdr1):
    # The browser's datetime-local is read in the viewer's zone (the company's: New York).
    starts = timezone.localtime(timezone.now() + timedelta(days=1), NEW_YORK)

    page = act(
        sdr1,
        mql,
        "meeting",
        starts_at=starts.strftime("%Y-%m-%dT%H:%M"),
        meeting_url="https://meet.example/dana",
    ).content.decode()

    meeting = Meeting.objects.get()
    assert "Meeting booked for" in page
    assert meeting.starts_at == starts.replace(second=0, microsecond=0)
    assert meeting.booked_by.username == "sdr1"


def test_a_meeting_without_a_valid_link_is_not_booked(mql, sdr1):
    page = act(
        sdr1, mql, "meeting", starts_at="tomorrow", meeting_url="not a link"
    ).content.decode()

    assert "Nothing was changed" in page
    assert "Enter a valid date/time." in page
    assert not Meeting.objects.exists()


def test_another_sdrs_lead_cannot_be_worked_from_my_queue(mql, client, org):
    client.force_login(org["sdr2"])

    accepted = act(client, mql, "accept")
    touched = act(client, mql, "touch", channel="call", outcome="connected")

    assert (accepted.status_code, touched.status_code) == (404, 404)
    assert Lead.objects.get().state == Lead.State.MQL
    assert not Activity.objects.exists()


def test_without_htmx_the_row_falls_back_to_a_page_with_a_message(mql, sdr1):
    response = sdr1.post(f"/workspace/sdr/queue/{mql.pk}/accept/", follow=True)

    assert response.redirect_chain[-1][0].startswith("/workspace/sdr/")
    assert "Dana Reyes accepted: now SAL." in response.content.decode()
