"""A CSV holds plain values, no HTML: the opportunity table's cells as text and numbers, its
dates ISO 8601, its instants ISO 8601 in the viewer's own zone; text that a spreadsheet would
run as a formula stays text."""

from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from escalations.models import Clock
from leads.models import Lead
from pipeline import services
from tests.exports.conftest import rows_of


def test_the_opportunity_rows_read_as_plain_values(opportunity, client, now):
    owner = opportunity.owner
    services.update(
        opportunity,
        owner,
        amount=Decimal("12000"),
        next_step={"action": "Send the SOC 2 report to Lee", "due_date": date(2026, 3, 6)},
    )
    owner.time_zone = "Asia/Tokyo"
    owner.save()
    now.shift(timedelta(days=25))
    client.force_login(owner)

    (row,) = rows_of(client.get("/workspace/ae/", {"_export": "opportunities"}))

    clock = Clock.objects.of("opportunity", opportunity.pk).open().order_by("target_at").first()
    assert row == {
        "Opportunity": opportunity.name,
        "Stage": "Stage 1 — Discovery",
        "Stage age": "25 d of 21",
        "Next step": "Send the SOC 2 report to Lee",
        "Close date": "2026-06-01",
        "Amount vs original": "12000.00",
        "Due": timezone.localtime(clock.target_at, ZoneInfo("Asia/Tokyo")).isoformat(),
        "Hygiene": row["Hygiene"],
        "Account": "Acme",
        "Next step due": "2026-03-06",
        "Original amount": "10000.00",
    }
    assert "over the 21-day stage limit" in row["Hygiene"]
    assert "next step overdue" in row["Hygiene"]
    assert not any("<" in value for value in row.values())
    assert row["Due"].endswith("+09:00")


def test_a_name_that_reads_as_a_formula_stays_text(mql, client, org, now):
    Lead.objects.filter(pk=mql.pk).update(
        first_name='=HYPERLINK("https://evil.example")', last_name=""
    )
    client.force_login(org["sdr1"])

    (row,) = rows_of(client.get("/workspace/sdr/", {"_export": "sdr-queue"}))

    assert row["Lead"] == '\'=HYPERLINK("https://evil.example")'
    assert row["Score"] == str(mql.score)  # numbers are written as numbers
