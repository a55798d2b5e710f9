"""GET /api/v1/charter: the charter version in force, for integrations and BI tools."""

from datetime import datetime, time
from decimal import Decimal
from typing import Annotated

from django.http import Http404
from ninja import Router, Schema
from pydantic import WithJsonSchema

from slaportal.api.auth import require
from slaportal.api.models import Scope
from slaportal.api.responses import AUTH, FOUND, answers

from .models import CharterVersion, Taxonomy

router = Router(tags=["charter"])

# A time of day on the prospect's wall clock ("by 10:00 next business day"): it has no UTC
# offset of its own, so it is not an RFC 3339 `time`.
WallClockTime = Annotated[
    time,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^[0-2][0-9]:[0-5][0-9]:[0-5][0-9]$",
            "description": "HH:MM:SS on the prospect's local clock, without a UTC offset.",
        }
    ),
]


class EscalationStepOut(Schema):
    order: int
    after_amount: int
    after_unit: str
    relative_to: str
    notify_roles: list[str]
    action: str


class PolicyOut(Schema):
    code: str
    name: str
    description: str
    subject: str
    owner_role: str
    start_events: list[str]
    stop_events: list[str]
    pause_events: list[str]
    resume_events: list[str]
    lead_tier: int | None
    account_tier: str
    action: str
    stage: str
    target_amount: int
    target_unit: str
    breach_amount: int | None
    breach_unit: str
    warn_amount: int | None
    warn_unit: str
    after_hours_rule: str
    after_hours_amount: int | None
    after_hours_unit: str
    after_hours_by: WallClockTime | None
    calendar: str | None
    is_active: bool
    escalation_steps: list[EscalationStepOut]
    source: str

    @staticmethod
    def resolve_calendar(policy) -> str | None:
        return policy.calendar.name if policy.calendar else None

    @staticmethod
    def resolve_escalation_steps(policy):
        return policy.escalation_steps.all()


class ReasonCodeOut(Schema):
    code: str
    label: str
    required_response: str
    reviewer_role: str
    target_state: str
    suppression: str
    suppression_days: int | None
    side_effect: str
    check_in_after_days: int | None
    re_mql_trigger: str


class ScoringSignalOut(Schema):
    code: str
    name: str
    category: str
    points: int
    action_tier: int | None
    is_action: bool
    inactivity_days: int | None


class ScoringModelOut(Schema):
    mql_threshold: int
    review_band_min: int
    icp_fit_minimum: int
    target_industries: list[str]
    company_size_min: int
    company_size_max: int
    buyer_title_patterns: list[str]
    influencer_title_patterns: list[str]
    role_email_prefixes: list[str]
    tier1_actions_for_intent: int
    tier2_actions_for_intent: int


class ScoreboardMetricOut(Schema):
    code: str
    name: str
    definition: str
    owner: str
    direction: str
    green_from: Decimal
    red_from: Decimal
    cadence: str
    measure: str
    policies: str


class HygieneTriggerOut(Schema):
    code: str
    name: str
    condition: str
    metric: str
    threshold: int | None
    alert_roles: list[str]
    required_action: str
    deadline_amount: int
    deadline_unit: str


class MqlCriterionOut(Schema):
    code: str
    definition: str
    minimum_bar: str
    verified_by: str


class QualificationElementOut(Schema):
    code: str
    name: str
    sdr_must_confirm: str
    gate: str
    if_not_confirmed: str


class StageOut(Schema):
    code: str
    order: int
    name: str
    definition: str
    max_age_days: int
    next_action: str
    close_date_rule: str
    close_within_days: int | None


class CadenceOut(Schema):
    tier: int
    trigger: str
    touches: int
    over_business_days: int
    after_hours: str


class CharterOut(Schema):
    version: int
    published_at: datetime
    effective_from: datetime
    change_notes: str
    policies: list[PolicyOut]
    hygiene_triggers: list[HygieneTriggerOut]
    reason_codes: dict[str, list[ReasonCodeOut]]
    scoring: list[ScoringSignalOut]
    scoring_model: ScoringModelOut | None
    mql_criteria: list[MqlCriterionOut]
    qualification: list[QualificationElementOut]
    stages: list[StageOut]
    cadences: list[CadenceOut]
    scoreboard: list[ScoreboardMetricOut]


@router.get(
    "",
    response=answers({200: CharterOut}, AUTH, FOUND),
    summary="The charter version in force",
)
def active_charter(request):
    require(request, Scope.CHARTER_READ)
    version = CharterVersion.objects.active()
    if version is None:
        raise Http404("No charter version is in force yet.")
    reason_codes: dict[str, list] = {taxonomy.value: [] for taxonomy in Taxonomy}
    for code in version.reason_codes.all():
        reason_codes[code.taxonomy].append(code)
    return {
        "version": version.number,
        "published_at": version.published_at,
        "effective_from": version.effective_from,
        "change_notes": version.change_notes,
        "policies": version.policies.select_related("calendar").prefetch_related(
            "escalation_steps"
        ),
        "hygiene_triggers": version.hygiene_triggers.all(),
        "reason_codes": reason_codes,
        "scoring": version.scoring_signals.all(),
        "scoring_model": getattr(version, "scoring_model", None),
        "mql_criteria": version.mql_criteria.all(),
        "qualification": version.qualification_elements.all(),
        "stages": version.stages.all(),
        "cadences": version.cadences.all(),
        "scoreboard": version.scoreboard_metrics.all(),
    }
