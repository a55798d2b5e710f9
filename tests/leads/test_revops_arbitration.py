"""An SQL the AE sent back for a territory or account ownership conflict (AE-REJ-05) waits in
arbitration for RevOps, who reassigns it to another AE (whose acceptance clock starts),
returns it to the SDR as an SAL, or recycles it with a recycle code. Nobody else settles it."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from escalations.models import Clock
from leads.models import Lead
from leads.services import access, lifecycle, review
from slaportal.events import Event
from slaportal.events.models import EventRecord
from slaportal.fsm import TransitionRefused
from tests.leads.conftest import TUESDAY_10AM_NY
from tests.pipeline.conftest import sql  # noqa: F401  (the fixture: an SQL handed to ae1)

pytestmark = pytest.mark.django_db


@pytest.fixture
def disputed(sql, org):  # noqa: F811
    lifecycle.transition(sql, "ae_reject", org["ae1"], reason_code="AE-REJ-05")
    lead = Lead.objects.get()
    assert (lead.state, lead.ae) == ("arbitration", org["ae1"])
    return lead


def clocks(lead, code):
    return list(
        Clock.objects.filter(subject_type="lead", subject_id=lead.pk, code=code).order_by("id")
    )


def arbitrated(lead):
    return EventRecord.objects.get(name=Event.LEAD_ARBITRATED, subject_id=lead.pk)


def still_disputed(lead, org):
    lead = Lead.objects.get(pk=lead.pk)
    assert (lead.state, lead.ae) == ("arbitration", org["ae1"])
    assert lead.transitions.last().name == "ae_reject"
    assert not EventRecord.objects.filter(name=Event.LEAD_ARBITRATED).exists()


def test_reassigned_to_another_ae_whose_acceptance_clock_starts(disputed, org, now):
    now.shift(timedelta(hours=1))

    review.arbitrate(
        disputed, org["revops"], decision="reassign", ae=org["ae2"], note="Account is West"
    )

    lead = Lead.objects.get()
    assert (lead.state, lead.owner, lead.ae, lead.briefing_read_at) == (
        "sql",
        org["sdr1"],
        org["ae2"],
        None,
    )
    row = lead.transitions.last()
    assert (row.name, row.from_state, row.to_state, row.actor) == (
        "arbitrate",
        "arbitration",
        "sql",
        org["revops"],
    )
    assert row.payload == {"decision": "reassign", "ae": "ae2", "note": "Account is West"}
    first, second = clocks(lead, "ae_sql_acceptance")
    assert (first.owner, first.stopped_at) == (org["ae1"], TUESDAY_10AM_NY)
    assert (second.owner, second.status, second.started_at) == (
        org["ae2"],
        "running",
        TUESDAY_10AM_NY + timedelta(hours=1),
    )
    assert arbitrated(lead).data["decision"] == "reassign"
    assert access.may_act(org["ae2"], lead, "ae_accept")
    assert not access.may_act(org["ae1"], lead, "ae_accept")


@pytest.mark.parametrize(
    ("ae", "missing"),
    [
        (None, "an active AE to hand the SQL to"),
        ("sdr2", "an active AE to hand the SQL to"),
        ("ae1", "an AE other than ae1, who sent it to arbitration"),
    ],
)
def test_reassignment_needs_another_active_ae(disputed, org, ae, missing):
    with pytest.raises(TransitionRefused) as refused:
        review.arbitrate(disputed, org["revops"], decision="reassign", ae=ae and org[ae])

    assert refused.value.unmet == [missing]
    still_disputed(disputed, org)


def test_an_inactive_ae_is_not_reassigned_to(disputed, org):
    org["ae2"].is_active = False
    org["ae2"].save(update_fields=["is_active"])

    with pytest.raises(TransitionRefused):
        review.arbitrate(disputed, org["revops"], decision="reassign", ae=org["ae2"])

    still_disputed(disputed, org)


def test_returned_to_the_sdr_as_an_sal(disputed, org):
    review.arbitrate(disputed, org["revops"], decision="return_to_sal")

    lead = Lead.objects.get()
    assert (lead.state, lead.owner, lead.ae) == ("sal", org["sdr1"], None)
    row = lead.transitions.last()
    assert (row.name, row.from_state, row.to_state) == ("arbitrate", "arbitration", "sal")
    assert arbitrated(lead).data["decision"] == "return_to_sal"
    assert access.may_act(org["sdr1"], lead, "qualify")


def test_recycled_with_a_recycle_code_and_its_consequence(disputed, org):
    review.arbitrate(disputed, org["revops"], decision="recycle", reason_code="RCY-01")

    lead = Lead.objects.get()
    assert (lead.state, lead.suppression, lead.suppressed_until) == (
        "recycled",
        "days",
        TUESDAY_10AM_NY + timedelta(days=90),
    )
    row = lead.transitions.last()
    assert (row.name, row.to_state, row.reason_code) == ("arbitrate", "recycled", "RCY-01")
    assert EventRecord.objects.filter(name=Event.LEAD_RECYCLED, subject_id=lead.pk).exists()
    open_clocks = Clock.objects.filter(subject_type="lead", subject_id=lead.pk).filter(
        status__in=["running", "paused"]
    )
    assert list(open_clocks) == []


@pytest.mark.parametrize(
    ("reason_code", "detail"),
    [
        (None, "needs a reason code from the Recycle"),
        ("REJ-01", "needs a reason code from the Recycle"),
        ("RCY-03", "RCY-03 does not recycle the lead: it sends it to SAL"),
    ],
)
def test_recycling_needs_a_code_that_recycles(disputed, org, reason_code, detail):
    with pytest.raises(TransitionRefused, match=detail):
        review.arbitrate(disputed, org["revops"], decision="recycle", reason_code=reason_code)

    still_disputed(disputed, org)


@pytest.mark.parametrize("username", ["sdr1", "sdrmgr", "ae1", "ae2", "aemgr", "vpsales"])
def test_only_revops_arbitrates(disputed, org, username):
    with pytest.raises(PermissionDenied, match="Only RevOps arbitrates"):
        review.arbitrate(disputed, org[username], decision="return_to_sal")

    still_disputed(disputed, org)


def test_a_superuser_arbitrates(disputed, org, make_user):
    review.arbitrate(disputed, make_user(is_superuser=True), decision="return_to_sal")

    assert Lead.objects.get().state == "sal"


def test_no_sdr_or_ae_transition_settles_it(disputed, org):
    with pytest.raises(TransitionRefused):
        lifecycle.transition(disputed, "recycle", org["sdr1"], reason_code="RCY-01")
    with pytest.raises(TransitionRefused):
        lifecycle.transition(disputed, "ae_reject", org["ae1"], reason_code="AE-REJ-01")

    still_disputed(disputed, org)


def test_a_lead_not_in_arbitration_is_refused(sql, org):  # noqa: F811
    with pytest.raises(TransitionRefused, match="Only a lead in arbitration") as refused:
        review.arbitrate(sql, org["revops"], decision="return_to_sal")

    assert refused.value.unmet == ["a lead an AE sent to arbitration (the lead is SQL)"]
    assert Lead.objects.get().state == "sql"


def test_an_unknown_decision_is_refused(disputed, org):
    with pytest.raises(TransitionRefused, match="No arbitration decision named “keep”"):
        review.arbitrate(disputed, org["revops"], decision="keep")

    still_disputed(disputed, org)
