import pytest

from slaportal.charter.models import (
    DurationUnit,
    EscalationStep,
    Policy,
    ReasonCode,
    Subject,
    Taxonomy,
    editing_as,
)
from slaportal.charter.services import ensure_default_calendar, sign_off, start_draft
from slaportal.events import Event
from slaportal.org.roles import Role


@pytest.fixture
def leaders(make_user):
    """One leader per sign-off function, plus a second Sales leader."""
    return {
        "marketing": make_user(Role.VP_MARKETING, username="vpmarketing"),
        "sdr": make_user(Role.SDR_MANAGER, username="sdrmgr"),
        "sales": make_user(Role.VP_SALES, username="vpsales"),
        "sales_too": make_user(Role.AE_MANAGER, username="aemgr"),
    }


def add_policy(version, code="sdr_first_touch_t1", **fields):
    with editing_as(version.author):
        policy = Policy.objects.create(
            version=version,
            code=code,
            name=fields.pop("name", "SDR first touch, Tier 1"),
            subject=Subject.LEAD,
            owner_role=Role.SDR,
            start_events=[Event.LEAD_ROUTED],
            stop_events=[Event.LEAD_ACTIVITY_LOGGED],
            target_amount=fields.pop("target_amount", 5),
            target_unit=DurationUnit.BUSINESS_MINUTES,
            breach_amount=2,
            breach_unit=DurationUnit.BUSINESS_HOURS,
            calendar=ensure_default_calendar(),
            **fields,
        )
        EscalationStep.objects.create(
            version=version,
            policy=policy,
            order=1,
            after_amount=0,
            after_unit=DurationUnit.MINUTES,
            relative_to=EscalationStep.Reference.BREACH,
            notify_roles=[Role.SDR_MANAGER],
        )
    return policy


def add_reason_code(version, code="REJ-06"):
    with editing_as(version.author):
        return ReasonCode.objects.create(
            version=version,
            taxonomy=Taxonomy.SDR_REJECTION,
            code=code,
            label="Competitor employee",
            suppression=ReasonCode.Suppression.PERMANENT,
            side_effect=ReasonCode.SideEffect.SUPPRESS_DOMAIN,
        )


@pytest.fixture
def draft(revops):
    version = start_draft(revops, change_notes="First charter")
    add_policy(version)
    add_reason_code(version)
    return version


def sign_by_all(version, leaders):
    for function in ("marketing", "sdr", "sales"):
        sign_off(version, leaders[function])
