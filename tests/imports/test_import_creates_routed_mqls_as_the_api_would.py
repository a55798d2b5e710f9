"""RevOps imports leads from a CSV file through the real intake: the dry run previews what
each row becomes and keeps nothing; the confirmed import makes the same leads, scores, routing
and events as POST /api/v1/leads by the same person."""

from django.urls import reverse

from leads.models import IntentAction, Lead
from slaportal.events.models import EventRecord
from tests.imports.conftest import csv_file, lead_row
from tests.leads.conftest import lead_payload


def _made(lead: Lead) -> dict:
    """What a lead came out of the intake as, less what names it."""
    return {
        "state": lead.state,
        "tier": lead.tier,
        "score": lead.score,
        "persona": lead.persona,
        "icp_fit": lead.icp_fit,
        "mql_criteria": lead.mql_criteria,
        "timezone": lead.timezone,
        "actions": list(IntentAction.objects.filter(lead=lead).values_list("code", flat=True)),
        "events": list(
            EventRecord.objects.filter(subject_type="lead", subject_id=lead.pk)
            .order_by("id")
            .values_list("name", "actor")
        ),
    }


def test_a_file_of_leads_becomes_routed_mqls(client, org, now, upload, confirm):
    client.force_login(org["revops"])
    rows = [
        lead_row(),
        lead_row(
            email="lee@globex.example",
            first_name="Lee",
            external_id="map-8813",
            company_name="Globex",
            company_domain="globex.example",
        ),
    ]

    dry_run = upload(csv_file(rows))

    page = dry_run.content.decode()
    assert "Preview" in page
    assert "→ routed to" in page
    assert page.count("<td>MQL</td>") == 2
    assert "<td>sdr1</td>" in page
    assert "<td>sdr2</td>" in page
    assert not Lead.objects.exists()  # the dry run keeps nothing

    done = confirm(dry_run)

    assert done.status_code == 302
    assert done["Location"] == reverse("admin:leads_lead_changelist")
    dana, lee = Lead.objects.order_by("pk")
    assert (dana.email, dana.owner, lee.email, lee.owner) == (
        "dana@acme.example",
        org["sdr1"],
        "lee@globex.example",
        org["sdr2"],
    )
    assert dana.state == Lead.State.MQL
    assert dana.account.name == "Acme"
    assert messages_of(client) == [
        "Import finished: 2 new, 0 updated, 0 deleted and 0 skipped leads."
    ]


def test_an_imported_lead_is_made_as_the_api_makes_it(client, org, now, upload, confirm):
    client.force_login(org["revops"])
    confirm(upload(csv_file([lead_row()])))
    posted = client.post(
        "/api/v1/leads",
        lead_payload(email="lee@acme.example", external_id="map-9000"),
        content_type="application/json",
    )
    assert posted.status_code == 201

    imported, by_api = Lead.objects.order_by("pk")

    assert _made(imported) == _made(by_api)
    assert _made(imported)["events"][0] == ("lead.created", org["revops"].pk)
    assert (imported.owner, by_api.owner) == (org["sdr1"], org["sdr2"])  # one round-robin


def messages_of(client) -> list[str]:
    return [
        str(message)
        for message in client.get(reverse("admin:leads_lead_changelist")).context["messages"]
    ]
