from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from slaportal.charter.models import (
    CharterVersion,
    DurationUnit,
    EscalationStep,
    Policy,
    ReasonCode,
    Subject,
    Taxonomy,
    editing_as,
)
from slaportal.charter.services import (
    ensure_default_calendar,
    publish,
    sign_off,
    start_draft,
    submit_for_review,
)
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


def publish_signed(version, revops, leaders, **kwargs):
    submit_for_review(version, revops)
    sign_by_all(version, leaders)
    return publish(version, revops, **kwargs)


# Monday 2 March 2026, 09:00 in New York: v1 is published then, v2 a day later.
T0 = datetime(2026, 3, 2, 14, tzinfo=UTC)


@dataclass
class History:
    """v1 published; v2 started from v1 and published (Tier 1 target 5 → 10, REJ-07 added);
    v3 started from v1 while v2 was a draft, so v3 does not know v2's changes."""

    v1: CharterVersion
    v2: CharterVersion
    v3: CharterVersion
    clock: time_machine.Traveller


@pytest.fixture
def history(revops, leaders):
    with time_machine.travel(T0, tick=False) as clock:
        v1 = start_draft(revops, change_notes="First charter")
        add_policy(v1)
        add_policy(v1, code="sdr_first_touch_t2", name="SDR first touch, Tier 2", lead_tier=2)
        add_reason_code(v1)
        v1 = publish_signed(v1, revops, leaders)
        clock.shift(timedelta(hours=1))
        v2 = start_draft(revops, based_on=v1, change_notes="Tier 1 in 10 minutes")
        v3 = start_draft(revops, based_on=v1, change_notes="Tier 2 renamed")
        with editing_as(revops):
            Policy.objects.filter(version=v2, code="sdr_first_touch_t1").update(target_amount=10)
        add_reason_code(v2, code="REJ-07")
        clock.shift(timedelta(days=1))
        publish_signed(v2, revops, leaders)
        clock.shift(timedelta(hours=1))
        yield History(*(CharterVersion.objects.get(pk=v.pk) for v in (v1, v2, v3)), clock)
