"""A policy or escalation step that could not run as a clock is refused with a reason."""

import pytest
from django.core.exceptions import ValidationError

from slaportal.charter.models import DurationUnit, EscalationStep, Policy
from slaportal.charter.services import start_draft
from slaportal.events import Event
from slaportal.org.roles import Role
from tests.charter.conftest import add_policy

pytestmark = pytest.mark.django_db


def refusal(instance) -> dict:
    with pytest.raises(ValidationError) as refused:
        instance.full_clean()
    return refused.value.message_dict


def test_a_valid_policy_passes(draft):
    policy = Policy.objects.get(version=draft)
    policy.start_states = ["mql"]
    policy.stop_events = [*policy.stop_events, "opportunity.opened"]  # a lead's opportunity

    policy.full_clean()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"start_events": []}, "start_events", "at least one event that starts it"),
        ({"stop_events": []}, "stop_events", "at least one event that stops it"),
        ({"stop_events": ["lead.telepathy"]}, "stop_events", "Unknown events: lead.telepathy"),
        ({"pause_events": [Event.LEAD_MEETING_BOOKED]}, "resume_events", "go together"),
        ({"calendar": None}, "calendar", "need a business calendar"),
        ({"calendar": None, "target_unit": "days"}, "calendar", "need a business calendar"),
        ({"target_unit": 5}, "target_unit", "not a valid choice"),
        ({"start_events": ["opportunity.opened"]}, "start_events", "Not events of a lead"),
        ({"stop_events": ["account.engaged"]}, "stop_events", "Not events of a lead"),
        ({"start_states": ["stage_2"]}, "start_states", "States of this subject only"),
        ({"start_states": "mql"}, "start_states", "States of this subject only"),
        ({"after_hours_rule": "after_next_open"}, "after_hours_amount", "how long after"),
        ({"after_hours_rule": "by_time_next_day"}, "after_hours_by", "by what time"),
    ],
)
def test_a_policy_that_cannot_run_is_refused(draft, changes, field, message):
    policy = Policy.objects.get(version=draft)
    for name, value in changes.items():
        setattr(policy, name, value)

    assert message in " ".join(refusal(policy)[field])


def test_an_escalation_step_must_name_roles_and_belong_to_its_policy_version(draft, revops):
    step = EscalationStep.objects.get(version=draft)
    step.notify_roles = ["ceo"]
    assert "Name at least one role" in " ".join(refusal(step)["notify_roles"])

    other = start_draft(revops, change_notes="Other")
    foreign = EscalationStep(
        version=other,
        policy=add_policy(draft, code="another"),
        order=1,
        after_amount=0,
        after_unit=DurationUnit.MINUTES,
        relative_to="breach",
        notify_roles=[Role.SDR_MANAGER],
    )
    assert "belongs to its policy's version" in str(refusal(foreign))
