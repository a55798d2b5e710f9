"""The SDR's queue: their MQLs and SALs, the most urgent first, each with its countdown and
cadence; nobody else's leads."""

from datetime import timedelta

import pytest
from django.utils import timezone

from escalations.models import Clock
from leads.models import Lead
from leads.services import touches
from tests.leads.conftest import lead_payload

QUEUE = "/workspace/sdr/"


@pytest.fixture
def post_lead(client, integration):
    def post(name: str, **overrides):
        payload = lead_payload(
            email=f"{name}@{name}.example",
            first_name=name.title(),
            external_id=f"map-{name}",
            occurred_at=timezone.now().isoformat(),
            company={
                "name": f"{name.title()} Inc",
                "domain": f"{name}.example",
                "country": "US",
                "region": "NY",
                "industry": "software",
                "employees": 800,
            },
            **overrides,
        )
        response = client.post(
            "/api/v1/leads", payload, content_type="application/json", **integration
        )
        assert response.status_code == 201, response.content
        return Lead.objects.get(email=payload["email"])

    return post


def queue_order(page: str, leads) -> list[str]:
    shown = [lead for lead in leads if f'id="lead-{lead.pk}"' in page]
    return [
        lead.first_name for lead in sorted(shown, key=lambda row: page.index(f'id="lead-{row.pk}"'))
    ]


def test_the_most_urgent_lead_is_on_top_and_others_leads_are_not_shown(post_lead, now, org, client):
    first = post_lead("avery")  # round-robin: sdr1
    other = post_lead("blake")  # sdr2
    now.shift(timedelta(minutes=2))
    later = post_lead("casey")  # sdr1, its first-touch target two minutes after the first's
    assert (first.owner, other.owner, later.owner) == (org["sdr1"], org["sdr2"], org["sdr1"])

    client.force_login(org["sdr1"])
    page = client.get(QUEUE).content.decode()

    assert queue_order(page, [first, other, later]) == ["Avery", "Casey"]
    assert "Blake" not in page


def test_a_lead_whose_first_touch_is_made_makes_way_for_the_next(post_lead, now, org, client):
    first = post_lead("avery")
    post_lead("blake")
    now.shift(timedelta(minutes=2))
    later = post_lead("casey")
    touches.log_activity(first, org["sdr1"], channel="call", outcome="connected", occurred_at=None)

    client.force_login(org["sdr1"])
    page = client.get(QUEUE).content.decode()

    assert queue_order(page, [first, later]) == ["Casey", "Avery"]


def test_each_row_counts_down_to_its_clock_and_shows_its_cadence(post_lead, now, org, client):
    lead = post_lead("avery")
    clock = Clock.objects.get(subject_type="lead", subject_id=lead.pk, code__startswith="sdr_")
    client.force_login(org["sdr1"])

    page = client.get(QUEUE).content.decode()

    assert f'datetime="{clock.target_at.isoformat()}"' in page
    assert "5m 0s left" in page
    assert 'class="countdown on-time"' in page
    assert "touch 0 of 8" in page
    # New York is the company's zone and the viewer chose none: times read in it.
    breach = timezone.localtime(clock.breach_at, timezone=lead_zone())
    assert f"breach {breach:%a} {breach.day} {breach:%b, %H:%M}" in page


def lead_zone():
    from zoneinfo import ZoneInfo

    return ZoneInfo("America/New_York")


def test_a_missed_target_turns_red_with_its_breach_time(post_lead, now, org, client):
    lead = post_lead("avery")
    clock = Clock.objects.get(subject_type="lead", subject_id=lead.pk, code__startswith="sdr_")
    now.move_to(clock.target_at + timedelta(minutes=3))
    client.force_login(org["sdr1"])

    page = client.get(QUEUE).content.decode()

    assert 'class="countdown missed"' in page
    assert "overdue 3m 0s" in page
    assert 'class="breach-at"' in page


def test_times_are_shown_in_the_viewers_own_zone(post_lead, now, org, client):
    lead = post_lead("avery")
    clock = Clock.objects.get(subject_type="lead", subject_id=lead.pk, code__startswith="sdr_")
    sdr = org["sdr1"]
    sdr.time_zone = "Europe/Berlin"
    sdr.save()
    client.force_login(sdr)

    page = client.get(QUEUE).content.decode()

    from zoneinfo import ZoneInfo

    breach = timezone.localtime(clock.breach_at, timezone=ZoneInfo("Europe/Berlin"))
    assert f"breach {breach:%a} {breach.day} {breach:%b, %H:%M}" in page


def test_the_filters_narrow_the_queue(post_lead, now, org, client):
    avery = post_lead("avery")
    post_lead("blake")
    casey = post_lead("casey")
    from leads.services import lifecycle

    lifecycle.transition(casey, "accept", org["sdr1"])
    client.force_login(org["sdr1"])

    sals = client.get(QUEUE, {"state": "sal"}).content.decode()
    searched = client.get(QUEUE, {"q": "avery inc"}).content.decode()

    assert queue_order(sals, [avery, casey]) == ["Casey"]
    assert queue_order(searched, [avery, casey]) == ["Avery"]


def test_a_bad_filter_is_refused_in_words_not_an_error(mql, org, client):
    client.force_login(org["sdr1"])

    response = client.get(QUEUE, {"tier": "9", "q": "x" * 500})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_each_row_offers_its_own_actions_with_the_codes_in_force(post_lead, now, org, client):
    lead = post_lead("avery")
    client.force_login(org["sdr1"])

    page = client.get(QUEUE, {"tier": "1"}).content.decode()

    row = page[page.index(f'id="lead-{lead.pk}"') :].split("</tr>")[0]
    assert f'hx-post="/workspace/sdr/queue/{lead.pk}/accept/?tier=1"' in row
    assert f'action="/workspace/sdr/queue/{lead.pk}/touch/?tier=1"' in row
    assert '<option value="REJ-01">REJ-01 — ' in row
    assert '<option value="voicemail">Voicemail</option>' in row
