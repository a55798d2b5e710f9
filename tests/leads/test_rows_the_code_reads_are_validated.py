"""Charter data the code reads by key (a reason code's target state, a MEDDPIC element, a stage,
a policy's action, roles and tiers) is a choice, checked when the row is saved in the admin and
again when the version is published, whatever wrote it."""

import pytest
from django.core.exceptions import ValidationError

from leads.models import Lead
from leads.services import lifecycle
from slaportal.charter import services as charter
from slaportal.charter.in_force import forget
from slaportal.charter.models import (
    CadenceTouch,
    CharterVersion,
    HygieneTrigger,
    Policy,
    QualificationElement,
    ReasonCode,
    editing_as,
)
from slaportal.fsm import TransitionRefused

pytestmark = pytest.mark.django_db


def refused_fields(row) -> dict:
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    return refused.value.message_dict


@pytest.fixture
def v2(org):
    """A draft copied from the demo org's published v1."""
    return charter.start_draft(
        org["revops"], based_on=CharterVersion.objects.active(), change_notes="Edits"
    )


def submit_and_sign(version, org):
    charter.submit_for_review(version, org["revops"])
    for leader in ("vpmarketing", "sdrmgr", "vpsales"):
        charter.sign_off(version, org[leader])


@pytest.mark.parametrize(
    ("model", "lookup", "field", "value", "message"),
    [
        (ReasonCode, {"code": "AE-REJ-02"}, "target_state", "nurtre", "not a valid choice"),
        (QualificationElement, {"code": "metrics"}, "code", "metrix", "not a valid choice"),
        (Policy, {"code": "stage_age_stage_2"}, "stage", "stage_9", "not a valid choice"),
        (Policy, {"code": "sdr_first_touch_t1"}, "action", "demo_requst", "not an intake action"),
        (HygieneTrigger, {}, "alert_roles", ["ceo"], "from the portal's roles"),
        (
            HygieneTrigger,
            {"code": "zero_activity"},
            "same_concern_as",
            ["opportunity_activity_min"],
            "Not policies of this version",
        ),
        (CadenceTouch, {}, "tiers", [4], "1, 2 or 3"),
    ],
)
def test_a_mistyped_key_is_refused_in_the_admin(v2, model, lookup, field, value, message):
    row = model.objects.filter(version=v2, **lookup).order_by("pk").first()
    setattr(row, field, value)

    assert message in " ".join(refused_fields(row)[field])


def test_a_version_holding_a_mistyped_row_is_not_published(v2, org):
    with editing_as(org["revops"]):
        row = ReasonCode.objects.get(version=v2, code="AE-REJ-02")
        row.target_state = "nurtre"
        row.save()  # written past the admin's form: the publish gate still sees it
    submit_and_sign(v2, org)

    with pytest.raises(TransitionRefused) as refused:
        charter.publish(v2, org["revops"])

    assert any("AE-REJ-02" in reason and "target state" in reason for reason in refused.value.unmet)
    assert CharterVersion.objects.get(pk=v2.pk).state == "in_review"


@pytest.mark.parametrize(
    ("name", "code", "state"),
    [
        ("recycle", "RCY-01", "recycled"),
        ("disqualify", "DQ-01", "disqualified"),
    ],
)
def test_a_code_without_a_target_state_goes_where_its_transition_goes(
    v2, org, mql, name, code, state
):
    """An empty target state means the transition's own destination, not "rejected"."""
    with editing_as(org["revops"]):
        ReasonCode.objects.filter(version=v2, code=code).update(target_state="")
    submit_and_sign(v2, org)
    charter.publish(v2, org["revops"])
    forget()
    lead = lifecycle.transition(mql, "accept", org["sdr1"])

    lifecycle.transition(lead, name, org["sdr1"], reason_code=code)

    assert Lead.objects.get().state == state
