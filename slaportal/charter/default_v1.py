"""The default charter, v1: every row of the seed articles' tables as charter data.

Where the seeds disagree, v1 follows `002` (the field-tested framework) and keeps the others as
inactive, editable alternatives (`is_active=False`). Each row cites its source as
"<seed>:<table> / <row>", so the seeds test can find every table row in v1 and RevOps can trace
a rule back to the agreement that made it. `load_default_charter` writes it into a draft.

Every row names its model's fields (keyword rows: a swapped or misspelt field cannot pass
silently), and the loader saves a row only once it passes the admin's validation, `full_clean`.
"""

from copy import deepcopy
from dataclasses import asdict, dataclass, field
from datetime import time

from slaportal.events import Event as E
from slaportal.org.roles import Role

from .models import (
    CadencePlan,
    CadenceTouch,
    CharterVersion,
    Definition,
    DurationUnit,
    EscalationStep,
    HygieneTrigger,
    MqlCriterion,
    OpportunityStage,
    Policy,
    QualificationElement,
    ReasonCode,
    ReviewMeeting,
    ScoreboardMetric,
    ScoringModel,
    ScoringSignal,
    Side,
    Subject,
    Taxonomy,
    VersionedRow,
)

U = DurationUnit
Ref = EscalationStep.Reference
Sup = ReasonCode.Suppression
Fx = ReasonCode.SideEffect
State = ReasonCode.TargetState
CHANGE_NOTES = (
    "Default charter v1: the SLA master table, tiered SDR response, SAL/SQL and hand-off "
    "obligations, pipeline hygiene, reason-code taxonomies, scoring model (Appendix B) and "
    "scoreboard of the SLA framework (002), with the ABX pack (000) and the bilateral "
    "marketing/sales commitments (001)."
)

# The closing events of a lead's SDR stage: any of them ends an SDR clock.
LEAD_RESOLVED = [E.LEAD_QUALIFIED, E.LEAD_RECYCLED, E.LEAD_DISQUALIFIED, E.LEAD_REJECTED]


@dataclass(kw_only=True)
class Step:
    """A rung of a policy's escalation ladder, by `EscalationStep`'s field names."""

    after_amount: int
    after_unit: str
    relative_to: str
    notify_roles: list[str]
    action: str = ""


@dataclass(kw_only=True)
class PolicySpec:
    """A policy by `Policy`'s field names, with its escalation ladder; defaults are the model's."""

    code: str
    name: str
    subject: str = Subject.LEAD
    owner_role: str
    start_events: list[str]
    stop_events: list[str]
    lead_tier: int | None = None
    account_tier: str = ""
    action: str = ""
    stage: str = ""
    start_states: list[str] = field(default_factory=list)
    first_start_only: bool = False
    target_amount: int
    target_unit: str
    breach_amount: int | None = None
    breach_unit: str = ""
    warn_amount: int | None = None
    warn_unit: str = ""
    after_hours_rule: str = Policy.AfterHours.NONE
    after_hours_amount: int | None = None
    after_hours_unit: str = ""
    after_hours_by: time | None = None
    is_active: bool = True
    steps: list[Step] = field(default_factory=list)
    description: str = ""
    source: str


def _told_at_breach(*roles: str) -> list[Step]:
    return [
        Step(after_amount=0, after_unit=U.MINUTES, relative_to=Ref.BREACH, notify_roles=list(roles))
    ]


# Before the policies: each stage's maximum age is also the target of its stage-age policy.
STAGES = [
    dict(
        code="stage_1",
        order=1,
        name="Discovery",
        definition="First AE meeting complete. Problem confirmed. MEDDPIC in progress.",
        max_age_days=21,
        next_action="Agreed next step logged within 24hrs of meeting",
        close_date_rule="Forecast date within 90 days",
        close_within_days=90,
        source="002:stages / Stage 1 — Discovery; 002:master / Stage Age Maximum",
    ),
    dict(
        code="stage_2",
        order=2,
        name="Qualification",
        definition="MEDDPIC validated. Economic buyer identified. Solution fit confirmed.",
        max_age_days=30,
        next_action="EB meeting booked within 10 days of stage entry",
        close_date_rule="EB meeting must be on calendar",
        source="002:stages / Stage 2 — Qualification; 002:master / Stage Age Maximum",
    ),
    dict(
        code="stage_3",
        order=3,
        name="Evaluation",
        definition="Active evaluation underway — POC, deep demo, or technical review in progress",
        max_age_days=30,
        next_action="Mutual success plan agreed within 5 days of stage entry",
        close_date_rule="Close date must reflect actual eval timeline",
        source="002:stages / Stage 3 — Evaluation; 002:master / Stage Age Maximum",
    ),
    dict(
        code="stage_4",
        order=4,
        name="Proposal",
        definition="Commercial proposal sent. Negotiation may have started.",
        max_age_days=21,
        next_action="Follow-up within 24hrs of proposal delivery",
        close_date_rule="Close date must be within 30 days",
        close_within_days=30,
        source="002:stages / Stage 4 — Proposal; 002:master / Stage Age Maximum",
    ),
    dict(
        code="stage_5",
        order=5,
        name="Commit",
        definition="Verbal agreement to buy. Contract in legal or procurement review.",
        max_age_days=21,
        next_action="Daily check-in cadence while in legal review",
        close_date_rule="Close date must be within 14 days",
        close_within_days=14,
        source="002:stages / Stage 5 — Commit; 002:master / Stage Age Maximum",
    ),
]

POLICIES = [
    # --- 002 SLA master table and the marketing half of the bilateral SLA -----------------
    PolicySpec(
        code="scoring_latency",
        name="Lead scoring latency",
        owner_role=Role.MARKETING_OPS,
        start_events=[E.LEAD_ACTION_RECORDED],
        stop_events=[E.LEAD_SCORED],
        target_amount=4,
        target_unit=U.BUSINESS_HOURS,
        breach_amount=8,
        breach_unit=U.BUSINESS_HOURS,
        steps=_told_at_breach(Role.VP_MARKETING),
        description="Lead scored and promoted or held within this window of the qualifying "
        "action. Escalates to the marketing director (VP Marketing).",
        source="002:master / Lead Scoring Latency; 002:marketing / Scoring Latency",
    ),
    PolicySpec(
        code="crm_routing",
        name="CRM routing speed",
        owner_role=Role.MARKETING_OPS,
        start_events=[E.LEAD_BECAME_MQL],
        stop_events=[E.LEAD_ROUTED],
        target_amount=15,
        target_unit=U.MINUTES,
        breach_amount=60,
        breach_unit=U.MINUTES,
        steps=_told_at_breach(Role.REVOPS),
        description="MQL assigned to the right SDR within this window of creation.",
        source="002:master / CRM Routing Speed; 002:marketing / CRM Routing",
    ),
    PolicySpec(
        code="sdr_first_touch_t1",
        name="SDR first touch — Tier 1",
        owner_role=Role.SDR,
        start_events=[E.LEAD_ROUTED],
        stop_events=[E.LEAD_ACTIVITY_LOGGED, *LEAD_RESOLVED],
        lead_tier=1,
        target_amount=5,
        target_unit=U.BUSINESS_MINUTES,
        breach_amount=2,
        breach_unit=U.BUSINESS_HOURS,
        after_hours_rule=Policy.AfterHours.AFTER_NEXT_OPEN,
        after_hours_amount=30,
        after_hours_unit=U.MINUTES,
        steps=_told_at_breach(Role.SDR_MANAGER),
        description="Demo request, contact sales, free trial, pricing form: first attempt in 5 "
        "minutes of business hours; after hours within 30 minutes of the next opening. "
        "8 attempts over 7 business days, then recycle.",
        source="002:master / SDR Response — Tier 1; 002:scoreboard / MQL Response — Tier 1",
    ),
    PolicySpec(
        code="sdr_first_touch_t2",
        name="SDR first touch — Tier 2",
        owner_role=Role.SDR,
        start_events=[E.LEAD_ROUTED],
        stop_events=[E.LEAD_ACTIVITY_LOGGED, *LEAD_RESOLVED],
        lead_tier=2,
        target_amount=2,
        target_unit=U.BUSINESS_HOURS,
        breach_amount=4,
        breach_unit=U.BUSINESS_HOURS,
        after_hours_rule=Policy.AfterHours.BY_TIME_NEXT_BUSINESS_DAY,
        after_hours_by=time(10),
        steps=_told_at_breach(Role.SDR_MANAGER),
        description="Behavioural cluster: first attempt in 2 business hours; after hours by "
        "10:00 next business day. 6 attempts over 10 business days, then recycle.",
        source="002:master / SDR Response — Tier 2; 002:scoreboard / MQL Response — Tier 2",
    ),
    PolicySpec(
        code="sdr_first_touch_t3",
        name="SDR first touch — Tier 3",
        owner_role=Role.SDR,
        start_events=[E.LEAD_ROUTED],
        stop_events=[E.LEAD_ACTIVITY_LOGGED, *LEAD_RESOLVED],
        lead_tier=3,
        target_amount=24,
        target_unit=U.BUSINESS_HOURS,
        breach_amount=48,
        breach_unit=U.BUSINESS_HOURS,
        after_hours_rule=Policy.AfterHours.AFTER_NEXT_OPEN,
        after_hours_amount=24,
        after_hours_unit=U.HOURS,
        steps=_told_at_breach(Role.SDR_MANAGER),
        description="ICP and intent, no single high-intent action: first attempt in 24 "
        "business hours; after hours within 24 hours of the next opening. 5 attempts over 14 "
        "business days, then recycle.",
        source="002:master / SDR Response — Tier 3",
    ),
    PolicySpec(
        code="sal_accept_reject",
        name="SAL accept or reject",
        owner_role=Role.SDR,
        start_events=[E.LEAD_ROUTED],
        stop_events=[E.LEAD_ACCEPTED, E.LEAD_REJECTED],
        target_amount=4,
        target_unit=U.BUSINESS_HOURS,
        breach_amount=24,
        breach_unit=U.BUSINESS_HOURS,
        steps=_told_at_breach(Role.SDR_MANAGER),
        description="Accept, or reject with a standard reason code (no free text), within 4 "
        "business hours of receipt.",
        source="002:master / SAL Accept/Reject; 002:sal / SAL Rejection",
    ),
    PolicySpec(
        code="sal_acceptance_after_first_attempt",
        name="SAL marked after the first attempt",
        owner_role=Role.SDR,
        start_events=[E.LEAD_ACTIVITY_LOGGED],
        stop_events=[E.LEAD_ACCEPTED, E.LEAD_REJECTED],
        # The first attempt on an MQL, not every touch of an SAL or SQL.
        start_states=["mql"],
        first_start_only=True,
        target_amount=15,
        target_unit=U.MINUTES,
        breach_amount=15,
        breach_unit=U.MINUTES,
        steps=_told_at_breach(Role.SDR_MANAGER),
        description="The SDR marks the lead SAL, triggering the outreach sequence, within 15 "
        "minutes of the first attempt.",
        source="002:sal / SAL Acceptance",
    ),
    PolicySpec(
        code="sequence_enrollment",
        name="Sequence enrolment",
        owner_role=Role.SDR,
        start_events=[E.LEAD_ROUTED],
        stop_events=[E.LEAD_SEQUENCE_ENROLLED, *LEAD_RESOLVED],
        target_amount=0,
        target_unit=U.SAME_BUSINESS_DAY,
        breach_amount=1,
        breach_unit=U.BUSINESS_DAYS,
        steps=_told_at_breach(Role.SDR_MANAGER),
        description="Lead enrolled in the sequence for its tier on the day it is routed.",
        source="002:sal / Sequence Enrollment",
    ),
    PolicySpec(
        code="sal_resolution",
        name="SAL resolution window",
        owner_role=Role.SDR,
        start_events=[E.LEAD_ACCEPTED],
        stop_events=[E.LEAD_QUALIFIED, E.LEAD_RECYCLED, E.LEAD_DISQUALIFIED],
        target_amount=14,
        target_unit=U.BUSINESS_DAYS,
        breach_amount=14,
        breach_unit=U.BUSINESS_DAYS,
        warn_amount=12,
        warn_unit=U.BUSINESS_DAYS,
        steps=[
            Step(
                after_amount=0,
                after_unit=U.MINUTES,
                relative_to=Ref.WARNING,
                notify_roles=[Role.SDR_MANAGER],
                action="Day-12 review of open SALs",
            ),
            Step(
                after_amount=0,
                after_unit=U.MINUTES,
                relative_to=Ref.BREACH,
                notify_roles=[Role.SDR_MANAGER],
            ),
        ],
        description="Every SAL promoted to SQL, recycled or disqualified within 14 business "
        "days; the SDR manager reviews all open SALs at day 12.",
        source="002:master / SAL Resolution Window; 002:sql / SAL Resolution Window",
    ),
    PolicySpec(
        code="post_call_follow_up",
        name="Post-call follow-up",
        owner_role=Role.SDR,
        start_events=[E.LEAD_CALL_CONNECTED],
        stop_events=[E.LEAD_ACTIVITY_LOGGED, *LEAD_RESOLVED],
        target_amount=2,
        target_unit=U.BUSINESS_DAYS,
        breach_amount=3,
        breach_unit=U.BUSINESS_DAYS,
        steps=_told_at_breach(Role.SDR_MANAGER),
        description="A prospect took a call but did not convert: follow up within 2 business "
        "days; escalates on day 3 with no follow-up logged.",
        source="002:sql / Post-Call Follow-Up",
    ),
    PolicySpec(
        code="three_way_intro",
        name="Three-way intro e-mail",
        owner_role=Role.SDR,
        start_events=[E.LEAD_QUALIFIED],
        stop_events=[E.LEAD_INTRO_SENT],
        target_amount=2,
        target_unit=U.BUSINESS_HOURS,
        breach_amount=4,
        breach_unit=U.BUSINESS_HOURS,
        steps=_told_at_breach(Role.SDR_MANAGER),
        description="The SDR introduces the prospect to the AE, with enough context to show "
        "the AE was briefed, within 2 hours of SQL creation.",
        source="002:handoff / Three-Way Intro Email",
    ),
    PolicySpec(
        code="ae_sql_acceptance",
        name="AE SQL acceptance",
        owner_role=Role.AE,
        start_events=[E.LEAD_QUALIFIED],
        stop_events=[E.LEAD_AE_ACCEPTED, E.LEAD_AE_REJECTED],
        target_amount=4,
        target_unit=U.BUSINESS_HOURS,
        breach_amount=8,
        breach_unit=U.BUSINESS_HOURS,
        steps=_told_at_breach(Role.AE_MANAGER),
        description="The AE reviews the briefing and accepts, or rejects with a documented "
        "reason, within 4 business hours of notification.",
        source="002:master / AE SQL Acceptance; 002:handoff / AE Formal Acceptance; "
        "002:scoreboard / SQL Acceptance Rate",
    ),
    PolicySpec(
        code="ae_first_touch",
        name="AE first personal touch",
        owner_role=Role.AE,
        start_events=[E.LEAD_AE_ACCEPTED],
        stop_events=[E.LEAD_AE_TOUCHED],
        target_amount=24,
        target_unit=U.BUSINESS_HOURS,
        breach_amount=48,
        breach_unit=U.BUSINESS_HOURS,
        steps=[
            Step(
                after_amount=0,
                after_unit=U.MINUTES,
                relative_to=Ref.BREACH,
                notify_roles=[Role.AE_MANAGER],
            ),
            Step(
                after_amount=24,
                after_unit=U.BUSINESS_HOURS,
                relative_to=Ref.BREACH,
                notify_roles=[Role.VP_SALES],
            ),
        ],
        description="Personal contact within 24 business hours of accepting, even with a "
        "meeting already on the calendar. AE manager, then VP Sales.",
        source="002:master / AE First Touch — Prospect",
    ),
    PolicySpec(
        code="opportunity_creation",
        name="Opportunity created on acceptance",
        owner_role=Role.AE,
        start_events=[E.LEAD_AE_ACCEPTED],
        stop_events=[E.OPPORTUNITY_OPENED],
        target_amount=15,
        target_unit=U.MINUTES,
        breach_amount=1,
        breach_unit=U.BUSINESS_DAYS,
        steps=_told_at_breach(Role.AE_MANAGER),
        description="The AE creates the opportunity in the same session as acceptance (the "
        "portal does it in the same step).",
        source="002:master / Opportunity Creation; 002:handoff / Opportunity Creation",
    ),
    PolicySpec(
        code="discovery_meeting",
        name="Discovery within 5 business days",
        owner_role=Role.AE,
        start_events=[E.LEAD_AE_ACCEPTED],
        stop_events=[E.OPPORTUNITY_MEETING_HELD],
        target_amount=5,
        target_unit=U.BUSINESS_DAYS,
        breach_amount=5,
        breach_unit=U.BUSINESS_DAYS,
        steps=_told_at_breach(Role.AE_MANAGER),
        description="Discovery meeting held within 5 business days of SQL acceptance; longer "
        "needs manager sign-off and a documented reason.",
        source="002:ae obligations / Discovery within 5 business days",
    ),
    PolicySpec(
        code="opportunity_next_step",
        name="Next step after every meeting",
        subject=Subject.OPPORTUNITY,
        owner_role=Role.AE,
        start_events=[E.OPPORTUNITY_MEETING_HELD],
        stop_events=[E.OPPORTUNITY_NEXT_STEP_LOGGED, E.OPPORTUNITY_CLOSED],
        target_amount=24,
        target_unit=U.HOURS,
        breach_amount=7,
        breach_unit=U.DAYS,
        steps=_told_at_breach(Role.AE_MANAGER),
        description="A specific next step logged within 24 hours of any meeting; 7 days "
        "without one is a breach.",
        source="002:master / Opp Next Step",
    ),
    PolicySpec(
        code="opportunity_activity_minimum",
        name="Activity at least every 10 days",
        subject=Subject.OPPORTUNITY,
        owner_role=Role.AE,
        start_events=[E.OPPORTUNITY_OPENED, E.OPPORTUNITY_ACTIVITY_LOGGED],
        stop_events=[E.OPPORTUNITY_ACTIVITY_LOGGED, E.OPPORTUNITY_CLOSED],
        target_amount=10,
        target_unit=U.DAYS,
        breach_amount=10,
        breach_unit=U.DAYS,
        steps=_told_at_breach(Role.AE_MANAGER),
        description="One logged activity per 10 days on every open opportunity; each activity "
        "restarts the clock.",
        source="002:master / Opp Activity Minimum",
    ),
    # One per stage of STAGES, at its maximum age.
    *(
        PolicySpec(
            code=f"stage_age_{stage['code']}",
            name=f"Stage age — {stage['name']}",
            subject=Subject.OPPORTUNITY,
            owner_role=Role.AE,
            start_events=[E.OPPORTUNITY_STAGE_ENTERED],
            stop_events=[E.OPPORTUNITY_STAGE_LEFT, E.OPPORTUNITY_CLOSED],
            stage=stage["code"],
            target_amount=stage["max_age_days"],
            target_unit=U.DAYS,
            breach_amount=stage["max_age_days"],
            breach_unit=U.DAYS,
            steps=_told_at_breach(Role.AE_MANAGER),
            description=f"At most {stage['max_age_days']} days in {stage['name']}; on the limit "
            "date the AE manager schedules a deal review.",
            source="002:master / Stage Age Maximum",
        )
        for stage in STAGES
    ),
    PolicySpec(
        code="stage_2_eb_meeting",
        name="EB meeting booked in Qualification",
        subject=Subject.OPPORTUNITY,
        owner_role=Role.AE,
        start_events=[E.OPPORTUNITY_STAGE_ENTERED],
        stop_events=[E.OPPORTUNITY_EB_MEETING_BOOKED, E.OPPORTUNITY_STAGE_LEFT],
        stage="stage_2",
        target_amount=10,
        target_unit=U.DAYS,
        breach_amount=10,
        breach_unit=U.DAYS,
        steps=_told_at_breach(Role.AE_MANAGER),
        source="002:stages / Stage 2 — Qualification",
    ),
    PolicySpec(
        code="stage_3_success_plan",
        name="Mutual success plan in Evaluation",
        subject=Subject.OPPORTUNITY,
        owner_role=Role.AE,
        start_events=[E.OPPORTUNITY_STAGE_ENTERED],
        stop_events=[E.OPPORTUNITY_SUCCESS_PLAN_AGREED, E.OPPORTUNITY_STAGE_LEFT],
        stage="stage_3",
        target_amount=5,
        target_unit=U.DAYS,
        breach_amount=5,
        breach_unit=U.DAYS,
        steps=_told_at_breach(Role.AE_MANAGER),
        source="002:stages / Stage 3 — Evaluation",
    ),
    PolicySpec(
        code="stage_4_proposal_follow_up",
        name="Follow-up after the proposal",
        subject=Subject.OPPORTUNITY,
        owner_role=Role.AE,
        start_events=[E.OPPORTUNITY_PROPOSAL_SENT],
        stop_events=[E.OPPORTUNITY_ACTIVITY_LOGGED, E.OPPORTUNITY_CLOSED],
        target_amount=24,
        target_unit=U.HOURS,
        breach_amount=48,
        breach_unit=U.HOURS,
        steps=_told_at_breach(Role.AE_MANAGER),
        source="002:stages / Stage 4 — Proposal",
    ),
    PolicySpec(
        code="stage_5_daily_check_in",
        name="Daily check-in in Commit",
        subject=Subject.OPPORTUNITY,
        owner_role=Role.AE,
        start_events=[E.OPPORTUNITY_STAGE_ENTERED, E.OPPORTUNITY_ACTIVITY_LOGGED],
        stop_events=[E.OPPORTUNITY_ACTIVITY_LOGGED, E.OPPORTUNITY_STAGE_LEFT, E.OPPORTUNITY_CLOSED],
        stage="stage_5",
        target_amount=1,
        target_unit=U.BUSINESS_DAYS,
        breach_amount=2,
        breach_unit=U.BUSINESS_DAYS,
        steps=_told_at_breach(Role.AE_MANAGER),
        source="002:stages / Stage 5 — Commit",
    ),
    PolicySpec(
        code="stage_1_next_step",
        name="Next step after the discovery meeting",
        subject=Subject.OPPORTUNITY,
        owner_role=Role.AE,
        start_events=[E.OPPORTUNITY_MEETING_HELD],
        stop_events=[E.OPPORTUNITY_NEXT_STEP_LOGGED],
        stage="stage_1",
        target_amount=24,
        target_unit=U.HOURS,
        breach_amount=48,
        breach_unit=U.HOURS,
        steps=_told_at_breach(Role.AE_MANAGER),
        source="002:stages / Stage 1 — Discovery",
    ),
    # --- 001: bilateral commitments ---------------------------------------------------------
    PolicySpec(
        code="win_loss_feedback",
        name="Win-loss feedback to Marketing",
        subject=Subject.OPPORTUNITY,
        owner_role=Role.AE,
        start_events=[E.OPPORTUNITY_LOST],
        stop_events=[E.OPPORTUNITY_WIN_LOSS_RECORDED],
        target_amount=14,
        target_unit=U.DAYS,
        breach_amount=14,
        breach_unit=U.DAYS,
        steps=_told_at_breach(Role.AE_MANAGER),
        description="Lost opportunities get a documented win-loss analysis shared with "
        "Marketing within 2 weeks of close.",
        source="001:sales / Win-Loss Feedback",
    ),
    PolicySpec(
        code="mql_notification_2h",
        name="Marketing notifies Sales within 2 hours",
        owner_role=Role.MARKETING_OPS,
        start_events=[E.LEAD_BECAME_MQL],
        stop_events=[E.LEAD_ROUTED],
        target_amount=2,
        target_unit=U.BUSINESS_HOURS,
        is_active=False,
        description="Alternative to CRM routing speed (15 minutes).",
        source="001:marketing / Time to Response",
    ),
    PolicySpec(
        code="sal_same_day_contact",
        name="Same-business-day contact for every SAL",
        owner_role=Role.SDR,
        start_events=[E.LEAD_ACCEPTED],
        stop_events=[E.LEAD_ACTIVITY_LOGGED],
        target_amount=0,
        target_unit=U.SAME_BUSINESS_DAY,
        is_active=False,
        description="Alternative to the tiered SDR response windows.",
        source="001:sales / Lead Response SLA",
    ),
    PolicySpec(
        code="sal_to_sqo_velocity_t1",
        name="Tier 1 SAL to SQO within 30 days",
        owner_role=Role.SDR,
        start_events=[E.LEAD_ACCEPTED],
        stop_events=[E.LEAD_QUALIFIED, E.LEAD_RECYCLED, E.LEAD_DISQUALIFIED],
        lead_tier=1,
        target_amount=30,
        target_unit=U.DAYS,
        is_active=False,
        description="Alternative to the 14-business-day SAL resolution window.",
        source="001:sales / Opportunity Creation Velocity",
    ),
    # --- 000: the ABX catalogue -------------------------------------------------------------
    PolicySpec(
        code="abx_inbound_demo",
        name="Inbound demo / contact us (ABX)",
        owner_role=Role.SDR,
        start_events=[E.LEAD_ROUTED],
        stop_events=[E.LEAD_ACTIVITY_LOGGED, *LEAD_RESOLVED],
        action="demo_request",
        target_amount=15,
        target_unit=U.MINUTES,
        is_active=False,
        description="Respond in 15 minutes, 24/7; schedule within 24 hours; call, e-mail and "
        "LinkedIn within 2 hours; 5 touches in 3 days. Alternative to Tier 1 SDR response.",
        source="000:catalog / Inbound demo/Contact Us",
    ),
    PolicySpec(
        code="abx_intent_spike",
        name="Tier A intent spike (MQA)",
        subject=Subject.ACCOUNT,
        owner_role=Role.SDR,
        start_events=[E.ACCOUNT_INTENT_SPIKE],
        stop_events=[E.ACCOUNT_ENGAGED],
        account_tier="A",
        target_amount=4,
        target_unit=U.BUSINESS_HOURS,
        breach_amount=8,
        breach_unit=U.BUSINESS_HOURS,
        steps=_told_at_breach(Role.SDR_MANAGER),
        description="Engage in 4 business hours: 3 personas, 5 touches in 7 days across "
        "channels; share 1:1 content.",
        source="000:catalog / Tier A Intent Spike (MQA)",
    ),
    PolicySpec(
        code="abx_event_follow_up",
        name="Event attendee follow-up",
        subject=Subject.ACCOUNT,
        owner_role=Role.SDR,
        start_events=[E.ACCOUNT_EVENT_ATTENDED],
        stop_events=[E.ACCOUNT_ENGAGED],
        target_amount=24,
        target_unit=U.HOURS,
        breach_amount=48,
        breach_unit=U.HOURS,
        steps=_told_at_breach(Role.SDR_MANAGER),
        description="Personalised follow-up in 24 hours referencing the session; hot interest "
        "routed to the AE.",
        source="000:catalog / Event attendee/booth scan",
    ),
    PolicySpec(
        code="abx_gift_outreach",
        name="Direct mail / gift accepted outreach",
        subject=Subject.ACCOUNT,
        owner_role=Role.SDR,
        start_events=[E.ACCOUNT_GIFT_ACCEPTED],
        stop_events=[E.ACCOUNT_ENGAGED],
        target_amount=24,
        target_unit=U.HOURS,
        breach_amount=48,
        breach_unit=U.HOURS,
        steps=_told_at_breach(Role.SDR_MANAGER),
        description="Thank-you and value hook in 24 hours; book a 15-minute discovery.",
        source="000:catalog / Direct Mail/Gift Accepted",
    ),
    PolicySpec(
        code="abx_no_show_reschedule",
        name="Meeting no-show reschedule",
        owner_role=Role.AE,
        start_events=[E.LEAD_MEETING_NO_SHOW],
        stop_events=[E.LEAD_MEETING_BOOKED, E.LEAD_ACTIVITY_LOGGED],
        target_amount=24,
        target_unit=U.HOURS,
        breach_amount=48,
        breach_unit=U.HOURS,
        steps=_told_at_breach(Role.AE_MANAGER),
        description="Reschedule attempt within 24 hours: recap and 3 new times; loop the "
        "champion; note blockers.",
        source="000:catalog / Meeting No-Show",
    ),
    PolicySpec(
        code="abx_pql_engage",
        name="PQL / product usage surge",
        subject=Subject.ACCOUNT,
        owner_role=Role.AE,
        start_events=[E.ACCOUNT_USAGE_SURGE],
        stop_events=[E.ACCOUNT_ENGAGED],
        target_amount=1,
        target_unit=U.BUSINESS_DAYS,
        breach_amount=2,
        breach_unit=U.BUSINESS_DAYS,
        steps=_told_at_breach(Role.AE_MANAGER),
        description="Engage in 1 business day: usage review, pilot or expansion, exec intro "
        "for Tier A.",
        source="000:catalog / PQL/Product Usage Surge",
    ),
    PolicySpec(
        code="abx_disposition_update",
        name="Disposition within 48 hours of activity",
        owner_role=Role.SDR,
        start_events=[E.LEAD_ACTIVITY_LOGGED],
        stop_events=[E.LEAD_DISPOSITION_SET],
        target_amount=48,
        target_unit=U.HOURS,
        breach_amount=72,
        breach_unit=U.HOURS,
        steps=_told_at_breach(Role.SDR_MANAGER),
        description="Apply a standard disposition code and call notes or recording link.",
        source="000:catalog / Disposition Update",
    ),
    PolicySpec(
        code="abx_recycle_no_response",
        name="Recycle after 14 days without response",
        owner_role=Role.SDR,
        start_events=[E.LEAD_ACCEPTED],
        stop_events=[E.LEAD_RECYCLED, E.LEAD_QUALIFIED, E.LEAD_DISQUALIFIED],
        target_amount=14,
        target_unit=U.DAYS,
        is_active=False,
        description="After 7–10 touches or 14 days: set next-best play, enrol in nurture, "
        "document the reason. Alternative to the SAL resolution window.",
        source="000:catalog / Recycle (No Response)",
    ),
]

HYGIENE_TRIGGERS = [
    dict(
        code="no_next_step",
        name="No next step",
        same_concern_as=["opportunity_next_step", "stage_1_next_step"],
        condition="Open opportunity, no next step logged for 7 days",
        metric=HygieneTrigger.Metric.NO_NEXT_STEP,
        threshold=7,
        alert_roles=[Role.AE],
        required_action="Log a specific next step — “follow up” is not a next step",
        deadline_amount=24,
        deadline_unit=U.HOURS,
        source="002:hygiene / No Next Step",
    ),
    dict(
        code="zero_activity",
        name="Zero activity",
        same_concern_as=["opportunity_activity_minimum"],
        condition="No logged activity of any kind for 10 business days",
        metric=HygieneTrigger.Metric.NO_ACTIVITY,
        threshold=10,
        alert_roles=[Role.AE, Role.AE_MANAGER],
        required_action="Review the deal, update stage, or flag at-risk",
        deadline_amount=48,
        deadline_unit=U.HOURS,
        source="002:hygiene / Zero Activity",
    ),
    dict(
        code="stage_age_exceeded",
        name="Stage age exceeded",
        same_concern_as=[f"stage_age_{stage['code']}" for stage in STAGES],
        condition="Deal exceeds the maximum allowed time in current stage",
        metric=HygieneTrigger.Metric.STAGE_AGE,
        threshold=None,  # each stage's own maximum age
        alert_roles=[Role.AE_MANAGER],
        required_action="Scheduled deal review meeting with AE",
        deadline_amount=48,
        deadline_unit=U.HOURS,
        source="002:hygiene / Stage Age Exceeded",
    ),
    dict(
        code="close_date_pushed_twice",
        name="Close date pushed twice",
        condition="Close date has moved twice in the same quarter",
        metric=HygieneTrigger.Metric.CLOSE_DATE_PUSHES,
        threshold=2,
        alert_roles=[Role.AE, Role.VP_SALES],
        required_action="Deal strategy review; reassess probability and close path",
        deadline_amount=72,
        deadline_unit=U.HOURS,
        source="002:hygiene / Close Date Pushed 2x",
    ),
    dict(
        code="acv_change",
        name="ACV change over 30 %",
        condition="Deal size changed by more than 30% from original estimate",
        metric=HygieneTrigger.Metric.AMOUNT_CHANGE,
        threshold=30,
        alert_roles=[Role.VP_SALES, Role.REVOPS],
        required_action="Scope and risk review — what changed and does the deal math still work",
        deadline_amount=24,
        deadline_unit=U.HOURS,
        source="002:hygiene / ACV Change over 30%",
    ),
]

_SDR_REJECTION = [
    dict(
        code="REJ-01",
        label="Invalid contact info — bad email or no usable phone number",
        required_response="Enrich or suppress from all outreach immediately",
        suppression=Sup.UNTIL_ENRICHED,
        side_effect=Fx.DATA_CLEANUP,
        source="002:rejection / REJ-01",
    ),
    dict(
        code="REJ-02",
        label="Below ICP — wrong industry, company size, or geography",
        required_response="Review scoring model; suppress company from future MQL flow",
        suppression=Sup.PERMANENT,
        side_effect=Fx.SUPPRESS_COMPANY,
        source="002:rejection / REJ-02",
    ),
    dict(
        code="REJ-03",
        label="Wrong persona — not a buyer or influencer at this company",
        required_response="Review persona mapping; mark contact as do-not-route",
        suppression=Sup.NONE,
        side_effect=Fx.DO_NOT_ROUTE,
        source="002:rejection / REJ-03",
    ),
    dict(
        code="REJ-04",
        label="Already a customer or has an active open opportunity",
        required_response="Remove from MQL flow; route to Account team or CS",
        suppression=Sup.NONE,
        side_effect=Fx.ROUTE_TO_ACCOUNT_TEAM,
        source="002:rejection / REJ-04",
    ),
    dict(
        code="REJ-05",
        label="Previously disqualified — inside the 90-day suppression window",
        required_response="Add to suppression list; review re-engagement criteria",
        suppression=Sup.DAYS,
        suppression_days=90,
        side_effect=Fx.SUPPRESS_CONTACT,
        source="002:rejection / REJ-05",
    ),
    dict(
        code="REJ-06",
        label="Competitor employee",
        required_response="Add domain to global permanent suppression list",
        suppression=Sup.PERMANENT,
        side_effect=Fx.SUPPRESS_DOMAIN,
        source="002:rejection / REJ-06",
    ),
    dict(
        code="REJ-07",
        label="Outside current territory coverage",
        required_response="Route to correct territory or hold for future coverage",
        suppression=Sup.NONE,
        side_effect=Fx.ROUTE_TO_TERRITORY,
        source="002:rejection / REJ-07",
    ),
]

_AE_REJECTION = [
    dict(
        code="AE-REJ-01",
        label="No genuine pain confirmed — conversation was exploratory only",
        required_response="Return to SAL; SDR continues outreach or recycles",
        reviewer_role=Role.SDR_MANAGER,
        target_state=State.SAL,
        suppression=Sup.NONE,
        side_effect=Fx.NONE,
        source="002:ae_rejection / AE-REJ-01",
    ),
    dict(
        code="AE-REJ-02",
        label="Timeline beyond 12 months — not ready for AE engagement yet",
        required_response="Back to long-term nurture; SDR check-in at month 6",
        reviewer_role=Role.REVOPS,
        target_state=State.RECYCLED,
        suppression=Sup.DAYS,
        suppression_days=182,
        side_effect=Fx.NURTURE,
        check_in_after_days=182,
        source="002:ae_rejection / AE-REJ-02",
    ),
    dict(
        code="AE-REJ-03",
        label="Wrong buyer — not connected to the economic decision-maker",
        required_response="SDR re-engages to identify correct contact at same account",
        reviewer_role=Role.SDR_MANAGER,
        target_state=State.SAL,
        suppression=Sup.NONE,
        side_effect=Fx.REENGAGE_CONTACT,
        source="002:ae_rejection / AE-REJ-03",
    ),
    dict(
        code="AE-REJ-04",
        label="Meeting cancelled by prospect before AE could engage",
        required_response="SDR reschedules — lead stays in SAL until rebooked",
        reviewer_role=Role.SDR,
        target_state=State.SAL,
        suppression=Sup.NONE,
        side_effect=Fx.RESCHEDULE,
        source="002:ae_rejection / AE-REJ-04",
    ),
    dict(
        code="AE-REJ-05",
        label="Territory conflict or existing account ownership issue",
        required_response="RevOps arbitrates; reassigns or redirects as needed",
        reviewer_role=Role.REVOPS,
        target_state=State.ARBITRATION,
        suppression=Sup.NONE,
        side_effect=Fx.REVOPS_ARBITRATION,
        source="002:ae_rejection / AE-REJ-05",
    ),
]

_RECYCLE = [
    dict(
        code="RCY-01",
        label="Cadence Exhausted — No Response",
        required_response="Recycled to long-term nurture",
        target_state=State.RECYCLED,
        suppression=Sup.DAYS,
        suppression_days=90,
        side_effect=Fx.NURTURE,
        re_mql_trigger="New high-intent action OR 6 months elapsed + fresh engagement",
        reviewer_role=Role.MARKETING_OPS,
        source="002:recycle / Cadence Exhausted — No Response",
    ),
    dict(
        code="RCY-02",
        label="Not Ready — Timeline 12+ Months",
        required_response="Recycled to future pipeline nurture",
        target_state=State.RECYCLED,
        suppression=Sup.DAYS,
        suppression_days=182,
        side_effect=Fx.NURTURE,
        check_in_after_days=182,
        re_mql_trigger="Re-engagement signal OR timeline confirmed under 12 months",
        reviewer_role=Role.MARKETING_OPS,
        source="002:recycle / Not Ready — Timeline 12+ Months",
    ),
    dict(
        code="RCY-03",
        label="SQL Rejected — Wrong Buyer",
        required_response="SDR re-engages correct contact at same account",
        target_state=State.SAL,
        suppression=Sup.NONE,
        side_effect=Fx.REENGAGE_CONTACT,
        re_mql_trigger="SDR identifies right contact and re-qualifies",
        reviewer_role=Role.SDR,
        source="002:recycle / SQL Rejected — Wrong Buyer",
    ),
    dict(
        code="RCY-04",
        label="Bad Data — Invalid Contact Info",
        required_response="Sent to data cleanup queue, held until fixed",
        target_state=State.RECYCLED,
        suppression=Sup.UNTIL_ENRICHED,
        side_effect=Fx.DATA_CLEANUP,
        re_mql_trigger="Valid email and phone confirmed via enrichment tool",
        reviewer_role=Role.MARKETING_OPS,
        source="002:recycle / Bad Data — Invalid Contact Info",
    ),
    dict(
        code="RCY-05",
        label="Competitor Employee",
        required_response="Permanently disqualified",
        target_state=State.DISQUALIFIED,
        suppression=Sup.PERMANENT,
        side_effect=Fx.SUPPRESS_DOMAIN,
        re_mql_trigger="Not eligible — ever",
        reviewer_role=Role.MARKETING_OPS,
        source="002:recycle / Competitor Employee",
    ),
    dict(
        code="RCY-06",
        label="Existing Customer",
        required_response="Routed to Account Management or CS",
        target_state=State.ACCOUNT_TEAM,
        suppression=Sup.NONE,
        side_effect=Fx.ROUTE_TO_ACCOUNT_TEAM,
        re_mql_trigger="N/A — separate routing, not a lead recycle situation",
        reviewer_role=Role.REVOPS,
        source="002:recycle / Existing Customer",
    ),
]

_DISQUALIFICATION = [
    dict(
        code="DQ-01",
        label="Competitor employee",
        target_state=State.DISQUALIFIED,
        suppression=Sup.PERMANENT,
        side_effect=Fx.SUPPRESS_DOMAIN,
    ),
    dict(
        code="DQ-02",
        label="No fit — outside the ICP with no path to it",
        target_state=State.DISQUALIFIED,
        suppression=Sup.DAYS,
        suppression_days=180,
        side_effect=Fx.NURTURE,
    ),
    dict(
        code="DQ-03",
        label="No project or budget, confirmed",
        target_state=State.DISQUALIFIED,
        suppression=Sup.DAYS,
        suppression_days=90,
        side_effect=Fx.NURTURE,
    ),
    dict(
        code="DQ-04",
        label="Fake or unusable record",
        target_state=State.DISQUALIFIED,
        suppression=Sup.PERMANENT,
        side_effect=Fx.SUPPRESS_CONTACT,
    ),
    dict(
        code="DQ-05",
        label="Existing customer",
        target_state=State.ACCOUNT_TEAM,
        suppression=Sup.NONE,
        side_effect=Fx.ROUTE_TO_ACCOUNT_TEAM,
    ),
    dict(
        code="DQ-06",
        label="Asked not to be contacted",
        target_state=State.DISQUALIFIED,
        suppression=Sup.PERMANENT,
        side_effect=Fx.DO_NOT_ROUTE,
    ),
]

_DISPOSITIONS = [
    dict(code="DISP-CONNECTED", label="Connected — conversation held"),
    dict(code="DISP-MEETING-SET", label="Meeting set"),
    dict(code="DISP-CALLBACK", label="Call back requested"),
    dict(code="DISP-VOICEMAIL", label="Left voicemail"),
    dict(code="DISP-NO-ANSWER", label="No answer"),
    dict(code="DISP-NOT-INTERESTED", label="Not interested now"),
    dict(code="DISP-WRONG-CONTACT", label="Wrong contact — referral asked"),
    dict(code="DISP-BAD-NUMBER", label="Bad number or bounced e-mail"),
]

_WIN_LOSS = [
    dict(code="WL-WON", label="Won"),
    dict(code="WL-BUDGET", label="Budget frozen or not available"),
    dict(code="WL-COMPETITOR", label="Chose a competitor"),
    dict(code="WL-TIMING", label="Delayed purchase — timing"),
    dict(code="WL-CAPABILITY", label="Capability gap"),
    dict(code="WL-INTERNAL", label="Internal decision — built or kept status quo"),
    dict(code="WL-NO-DECISION", label="No decision"),
]


def _taxonomy(taxonomy: str, codes: list[dict], **shared) -> list[dict]:
    """A taxonomy's codes, each with the fields all of them share (no code may restate one)."""
    return [dict(taxonomy=taxonomy, **shared, **code) for code in codes]


REASON_CODES = [
    # Every SDR rejection sends the lead back to Marketing, whose ops review the code.
    *_taxonomy(
        Taxonomy.SDR_REJECTION,
        _SDR_REJECTION,
        reviewer_role=Role.MARKETING_OPS,
        target_state=State.REJECTED,
    ),
    *_taxonomy(Taxonomy.AE_REJECTION, _AE_REJECTION),
    *_taxonomy(Taxonomy.RECYCLE, _RECYCLE),
    *_taxonomy(
        Taxonomy.DISQUALIFICATION,
        _DISQUALIFICATION,
        reviewer_role=Role.SDR_MANAGER,
        source="002:recycle / formally disqualified",
    ),
    *_taxonomy(Taxonomy.DISPOSITION, _DISPOSITIONS, source="000:catalog / Disposition Update"),
    *_taxonomy(
        Taxonomy.WIN_LOSS,
        _WIN_LOSS,
        reviewer_role=Role.VP_MARKETING,
        required_response="Share the analysis with Marketing within 2 weeks of close",
        source="001:sales / Win-Loss Feedback",
    ),
]

SCORING_SIGNALS = [
    dict(
        code="target_industry",
        name="Target industry match",
        category="demographic",
        points=20,
        is_action=False,
        note="Map to your ICP industry list",
        source="002:appendix_b / Target industry match",
    ),
    dict(
        code="company_size",
        name="Company size in target range",
        category="demographic",
        points=15,
        is_action=False,
        note="Adjust to your actual sweet spot",
        source="002:appendix_b / Company size in target range",
    ),
    dict(
        code="buyer_persona",
        name="Economic buyer persona — VP, Director, C-Suite",
        category="demographic",
        points=20,
        is_action=False,
        note="Varies by your deal complexity",
        source="002:appendix_b / Economic buyer persona — VP, Director, C-Suite",
    ),
    dict(
        code="influencer_persona",
        name="Influencer persona — Manager or senior IC",
        category="demographic",
        points=10,
        is_action=False,
        note="Someone with real influence on the decision",
        source="002:appendix_b / Influencer persona — Manager or senior IC",
    ),
    dict(
        code="demo_request",
        name="Demo request",
        category="high_intent",
        points=40,
        action_tier=1,
        is_action=True,
        note="Immediate Tier 1 trigger",
        source="002:appendix_b / Demo or trial request; 002:tiers / Tier 1 — High",
    ),
    dict(
        code="free_trial",
        name="Free trial request",
        category="high_intent",
        points=40,
        action_tier=1,
        is_action=True,
        note="Immediate Tier 1 trigger",
        source="002:appendix_b / Demo or trial request; 002:tiers / Tier 1 — High",
    ),
    dict(
        code="pricing_form",
        name="Pricing page visit + form submitted",
        category="high_intent",
        points=35,
        action_tier=1,
        is_action=True,
        note="Strong late-stage buying signal",
        source="002:appendix_b / Pricing page visit + form submitted; 002:tiers / Tier 1 — High",
    ),
    dict(
        code="contact_sales",
        name="Contact Sales CTA clicked",
        category="high_intent",
        points=40,
        action_tier=1,
        is_action=True,
        note="Direct hand-raise — Tier 1 immediately",
        source="002:appendix_b / Contact Sales CTA clicked; 002:tiers / Tier 1 — High",
    ),
    dict(
        code="roi_calculator",
        name="ROI calculator completed",
        category="high_intent",
        points=30,
        action_tier=2,
        is_action=True,
        note="Self-directed buyer research behavior",
        source="002:appendix_b / ROI calculator completed; 002:tiers / Tier 2 — Medium",
    ),
    dict(
        code="competitor_page",
        name="Competitor comparison page visited",
        category="high_intent",
        points=25,
        action_tier=2,
        is_action=True,
        note="Active evaluation already underway",
        source="002:appendix_b / Competitor comparison page visited",
    ),
    dict(
        code="webinar_live",
        name="Live webinar attended (not recorded view)",
        category="medium_intent",
        points=15,
        action_tier=2,
        is_action=True,
        note="Live attendance signals meaningfully higher intent",
        source="002:appendix_b / Live webinar attended (not recorded view); "
        "002:tiers / Tier 2 — Medium",
    ),
    dict(
        code="case_study",
        name="Case study downloaded",
        category="medium_intent",
        points=15,
        action_tier=2,
        is_action=True,
        note="Solution validation",
        source="002:appendix_b / Case study downloaded; 002:tiers / Tier 2 — Medium",
    ),
    dict(
        code="email_clicks_3",
        name="3+ email link clicks in 7 days",
        category="medium_intent",
        points=15,
        action_tier=2,
        is_action=True,
        note="Engagement spike — watch this cluster",
        source="002:appendix_b / 3+ email link clicks in 7 days; 002:tiers / Tier 2 — Medium",
    ),
    dict(
        code="product_pages",
        name="Multiple product pages visited",
        category="medium_intent",
        points=10,
        action_tier=2,
        is_action=True,
        note="Research mode, not casual browsing",
        source="002:appendix_b / Multiple product pages visited",
    ),
    dict(
        code="blog_visit",
        name="Blog visit",
        category="low_intent",
        points=5,
        action_tier=3,
        is_action=True,
        note="Awareness only — keep in nurture",
        source="002:tiers / Tier 3 — Low",
    ),
    dict(
        code="newsletter_open",
        name="Newsletter open",
        category="low_intent",
        points=5,
        action_tier=3,
        is_action=True,
        note="Awareness only",
        source="002:tiers / Tier 3 — Low",
    ),
    dict(
        code="whitepaper",
        name="Generic whitepaper download",
        category="low_intent",
        points=5,
        action_tier=3,
        is_action=True,
        note="Awareness only",
        source="002:tiers / Tier 3 — Low",
    ),
    dict(
        code="social_follow",
        name="Social follow",
        category="low_intent",
        points=5,
        action_tier=3,
        is_action=True,
        note="Awareness only",
        source="002:tiers / Tier 3 — Low",
    ),
    dict(
        code="decay_30_days",
        name="No activity in 30 days",
        category="decay",
        points=-10,
        is_action=False,
        inactivity_days=30,
        note="Cooling signal — note it, do not panic",
        source="002:appendix_b / No activity in 30 days",
    ),
    dict(
        code="decay_60_days",
        name="No activity in 60 days",
        category="decay",
        points=-20,
        is_action=False,
        inactivity_days=60,
        note="Replaces the 30-day decay; consider re-scoring eligibility",
        source="002:appendix_b / No activity in 60 days",
    ),
    dict(
        code="unsubscribe",
        name="Email unsubscribe",
        category="penalty",
        points=-50,
        is_action=True,
        note="Likely disqualify — respect what the signal is telling you",
        source="002:appendix_b / Email unsubscribe",
    ),
]

MQL_CRITERIA = [
    dict(
        code="icp_fit",
        definition="Company matches your Ideal Customer Profile",
        minimum_bar="60/100 minimum",
        verified_by="Firmographic scoring model",
        source="002:mql / ICP Fit Score",
    ),
    dict(
        code="persona",
        definition="Contact is in a buyer or influencer role",
        minimum_bar="Confirmed title",
        verified_by="Title mapping against persona list",
        source="002:mql / Persona Match",
    ),
    dict(
        code="intent",
        definition="Lead has taken at least one meaningful action",
        minimum_bar="1 Tier-1 or 3 Tier-2 actions",
        verified_by="Lead scoring engine (see Appendix B)",
        source="002:mql / Behavioral Intent",
    ),
    dict(
        code="data_complete",
        definition="All required fields populated",
        minimum_bar="Name, company, email, phone",
        verified_by="CRM field validation blocks MQL if missing",
        source="002:mql / Data Completeness",
    ),
    dict(
        code="email_valid",
        definition="Email passes deliverability check",
        minimum_bar="Valid, not role-based",
        verified_by="Email verification service",
        source="002:mql / Email Validity",
    ),
    dict(
        code="territory",
        definition="Lead is in an actively staffed SDR territory",
        minimum_bar="Active territory only",
        verified_by="Territory mapping in CRM routing rules",
        source="002:mql / Territory Coverage",
    ),
]

_REQUIRED = QualificationElement.Gate.REQUIRED
_PREFERRED = QualificationElement.Gate.PREFERRED
_OPTIONAL = QualificationElement.Gate.OPTIONAL
QUALIFICATION = [
    dict(
        code="metrics",
        name="Metrics",
        sdr_must_confirm="A specific business problem with measurable impact — "
        "not “we might be interested”",
        gate=_REQUIRED,
        if_not_confirmed="Not SQL — return to nurture",
        source="002:meddpic / Metrics",
    ),
    dict(
        code="economic_buyer",
        name="Economic Buyer",
        sdr_must_confirm="Contact is or can genuinely access the economic decision-maker",
        gate=_PREFERRED,
        if_not_confirmed="Flag for AE — they accept the risk knowingly",
        source="002:meddpic / Economic Buyer",
    ),
    dict(
        code="decision_criteria",
        name="Decision Criteria",
        sdr_must_confirm="Prospect has at least some framework for how they would "
        "evaluate solutions",
        gate=_PREFERRED,
        if_not_confirmed="Flag for AE — discovery still in progress",
        source="002:meddpic / Decision Criteria",
    ),
    dict(
        code="decision_process",
        name="Decision Process",
        sdr_must_confirm="A decision process is underway or being actively contemplated",
        gate=_REQUIRED,
        if_not_confirmed="Not SQL — timeline is undefined",
        source="002:meddpic / Decision Process",
    ),
    dict(
        code="paper_process",
        name="Paper Process",
        sdr_must_confirm="Understand procurement and legal involvement level "
        "(enterprise accounts only)",
        gate=_OPTIONAL,
        if_not_confirmed="AE handles — not an SDR blocker",
        source="002:meddpic / Paper Process",
    ),
    dict(
        code="implicate_pain",
        name="Implicate Pain",
        sdr_must_confirm="Pain is confirmed and the prospect is actually motivated to solve it now",
        gate=_REQUIRED,
        if_not_confirmed="Not SQL — no urgency to act",
        source="002:meddpic / Implicate Pain",
    ),
    dict(
        code="champion",
        name="Champion",
        sdr_must_confirm="An internal advocate who wants this to happen exists or is emerging",
        gate=_OPTIONAL,
        if_not_confirmed="AE to develop — not an SDR blocker",
        source="002:meddpic / Champion",
    ),
    dict(
        code="pain_statement",
        name="Pain statement",
        sdr_must_confirm="Pain statement populated before the AE is notified",
        gate=_REQUIRED,
        if_not_confirmed="CRM blocks the SQL promotion",
        source="002:sql / SQL Completeness",
    ),
    dict(
        code="timeline",
        name="Timeline",
        sdr_must_confirm="Timeline populated before the AE is notified",
        gate=_REQUIRED,
        if_not_confirmed="CRM blocks the SQL promotion",
        source="002:sql / SQL Completeness",
    ),
    dict(
        code="meeting_link",
        name="Meeting link",
        sdr_must_confirm="Meeting link populated before the AE is notified",
        gate=_REQUIRED,
        if_not_confirmed="CRM blocks the SQL promotion",
        source="002:sql / SQL Completeness",
    ),
    dict(
        code="booked_meeting",
        name="Booked meeting",
        sdr_must_confirm="A meeting record exists against the lead",
        gate=_REQUIRED,
        if_not_confirmed="Block the SQL status change",
        source="002:sql gate / meeting on the calendar",
    ),
    dict(
        code="briefing_doc",
        name="SQL briefing doc",
        sdr_must_confirm="Written summary: confirmed pain, timeline, stakeholders, meeting context",
        gate=_REQUIRED,
        if_not_confirmed="Any incomplete doc escalates to the SDR manager",
        source="002:master / SQL Briefing Doc; 002:handoff / SQL Briefing Doc",
    ),
]

CADENCES = [
    dict(
        tier=1,
        trigger="Demo request, contact sales, free trial, pricing page form",
        touches=8,
        over_business_days=7,
        after_hours="Within 30 min of next business day open",
        source="002:sdr response by tier / Tier 1",
    ),
    dict(
        tier=2,
        trigger="High-scoring behavioral cluster — webinar, content, email engagement",
        touches=6,
        over_business_days=10,
        after_hours="First attempt by 10am next business day",
        source="002:sdr response by tier / Tier 2",
    ),
    dict(
        tier=3,
        trigger="Meets ICP and intent threshold — no single high-intent action",
        touches=5,
        over_business_days=14,
        after_hours="Within 24 hours of next business day open",
        source="002:sdr response by tier / Tier 3",
    ),
]

_PHONE, _EMAIL, _LINKEDIN = (
    CadenceTouch.Channel.PHONE,
    CadenceTouch.Channel.EMAIL,
    CadenceTouch.Channel.LINKEDIN,
)
CADENCE_TOUCHES = [
    dict(
        number=1,
        day="Day 1 — immediate",
        channel=_PHONE,
        objective="Live connect, set discovery meeting",
        tiers=[1, 2, 3],
        source="002:cadence / 1",
    ),
    dict(
        number=2,
        day="Day 1 — same day",
        channel=_EMAIL,
        objective="Reference call attempt; give a real reason to respond",
        tiers=[1, 2, 3],
        source="002:cadence / 2",
    ),
    dict(
        number=3,
        day="Day 2",
        channel=_LINKEDIN,
        objective="Connect request + short personal note — no pitch yet",
        tiers=[1, 2],
        source="002:cadence / 3",
    ),
    dict(
        number=4,
        day="Day 3",
        channel=_PHONE,
        objective="Voicemail with specific relevant value prop",
        tiers=[1, 2, 3],
        source="002:cadence / 4",
    ),
    dict(
        number=5,
        day="Day 5",
        channel=_EMAIL,
        objective="Relevant case study or content — soft CTA not a hard ask",
        tiers=[1, 2, 3],
        source="002:cadence / 5",
    ),
    dict(
        number=6,
        day="Day 7",
        channel=_PHONE,
        objective="Final live connect attempt — genuinely the last one",
        tiers=[1, 2],
        source="002:cadence / 6",
    ),
    dict(
        number=7,
        day="Day 9",
        channel=_EMAIL,
        objective="Break-up email — honest, no guilt, leaves the door open",
        tiers=[1, 2],
        source="002:cadence / 7",
    ),
    dict(
        number=8,
        day="Day 14",
        channel=_EMAIL,
        objective="Long-term re-engagement — low pressure, genuinely high value",
        tiers=[1],
        source="002:cadence / 8",
    ),
]

_HIGHER = ScoreboardMetric.Direction.HIGHER_IS_BETTER
_LOWER = ScoreboardMetric.Direction.LOWER_IS_BETTER
SCOREBOARD = [
    dict(
        code="mql_response_t1",
        name="MQL Response — Tier 1",
        definition="% of Tier 1 MQLs with first attempt within 5 min during business hours",
        owner=Side.SALES,
        direction=_HIGHER,
        green_from=80,
        red_from=60,
        cadence="daily",
        measure="clock_compliance",
        policies="sdr_first_touch_t1",
        source="002:scoreboard / MQL Response — Tier 1",
    ),
    dict(
        code="mql_response_t2",
        name="MQL Response — Tier 2",
        definition="% of Tier 2 MQLs with first attempt within 2 hours during business hours",
        owner=Side.SALES,
        direction=_HIGHER,
        green_from=90,
        red_from=75,
        cadence="daily",
        measure="clock_compliance",
        policies="sdr_first_touch_t2",
        source="002:scoreboard / MQL Response — Tier 2",
    ),
    dict(
        code="mql_live_contact_rate",
        name="MQL Live Contact Rate",
        definition="% of MQLs where a real conversation happened — not just attempts made",
        owner=Side.SALES,
        direction=_HIGHER,
        green_from=35,
        red_from=20,
        cadence="weekly",
        measure="live_contact",
        source="002:scoreboard / MQL Live Contact Rate",
    ),
    dict(
        code="mql_to_sal_rate",
        name="MQL to SAL Rate",
        definition="% of MQLs formally accepted by the SDR team",
        owner=Side.SHARED,
        direction=_HIGHER,
        green_from=75,
        red_from=55,
        cadence="weekly",
        measure="mql_to_sal",
        source="002:scoreboard / MQL to SAL Rate",
    ),
    dict(
        code="sal_to_sql_conversion",
        name="SAL to SQL Conversion",
        definition="% of SALs converted to qualified SQLs with a booked meeting",
        owner=Side.SALES,
        direction=_HIGHER,
        green_from=25,
        red_from=15,
        cadence="weekly",
        measure="sal_to_sql",
        source="002:scoreboard / SAL to SQL Conversion",
    ),
    dict(
        code="sql_acceptance_rate",
        name="SQL Acceptance Rate",
        definition="% of SQLs accepted by AEs within the 4-hour SLA window",
        owner=Side.SALES,
        direction=_HIGHER,
        green_from=90,
        red_from=75,
        cadence="daily",
        measure="clock_compliance",
        policies="ae_sql_acceptance",
        source="002:scoreboard / SQL Acceptance Rate",
    ),
    dict(
        code="sql_to_opportunity_rate",
        name="SQL to Opportunity Rate",
        definition="% of SQLs that convert to active pipeline opportunities",
        owner=Side.SALES,
        direction=_HIGHER,
        green_from=80,
        red_from=65,
        cadence="weekly",
        measure="sql_to_opportunity",
        source="002:scoreboard / SQL to Opportunity Rate",
    ),
    dict(
        code="mql_quality_rate",
        name="MQL Quality Rate",
        definition="% of MQLs meeting all entry criteria — inverse of SDR rejection rate",
        owner=Side.MARKETING,
        direction=_HIGHER,
        green_from=95,
        red_from=85,
        cadence="monthly",
        measure="mql_quality",
        source="002:scoreboard / MQL Quality Rate; 002:marketing / MQL Quality Rate",
    ),
    dict(
        code="sla_breach_rate",
        name="Overall SLA Breach Rate",
        definition="% of leads or deals with at least one documented SLA breach",
        owner=Side.SHARED,
        direction=_LOWER,
        green_from=5,
        red_from=15,
        cadence="weekly",
        measure="breach_rate",
        source="002:scoreboard / Overall SLA Breach Rate",
    ),
    dict(
        code="data_enrichment_rate",
        name="Data enrichment before routing",
        definition="% of MQLs enriched with firmographic and contact data before routing",
        owner=Side.MARKETING,
        direction=_HIGHER,
        green_from=100,
        red_from=95,
        cadence="weekly",
        measure="enrichment",
        source="002:marketing / Data Enrichment",
    ),
    dict(
        code="activity_logging_timeliness",
        name="Activity logged within 30 minutes",
        definition="% of touches logged with outcome within 30 min of the attempt",
        owner=Side.SALES,
        direction=_HIGHER,
        green_from=95,
        red_from=85,
        cadence="weekly",
        measure="logging_timeliness",
        source="002:sal / Activity Logging",
    ),
    dict(
        code="tal_coverage",
        name="TAL account coverage",
        definition="% of target-account-list accounts with at least one marketing touch this month",
        owner=Side.MARKETING,
        direction=_HIGHER,
        green_from=90,
        red_from=50,
        cadence="monthly",
        measure="tal_coverage",
        source="001:marketing / Account Coverage",
    ),
    dict(
        code="mql_quality_to_sal_30d",
        name="MQLs accepted as SAL within 30 days",
        definition="% of MQLs meeting the quality criteria that convert to SAL within 30 days",
        owner=Side.MARKETING,
        direction=_HIGHER,
        green_from=60,
        red_from=40,
        cadence="monthly",
        measure="quality_mql_to_sal_30d",
        source="001:marketing / Lead Generation Quality",
    ),
    dict(
        code="intent_signal_coverage",
        name="Tier A accounts with intent signals",
        definition="% of Tier 1 TAL accounts with documented intent signals "
        "shared with Sales this month",
        owner=Side.MARKETING,
        direction=_HIGHER,
        green_from=90,
        red_from=70,
        cadence="monthly",
        measure="intent_coverage",
        source="001:marketing / Account Intent Signals",
    ),
    dict(
        code="tier1_account_cadence",
        name="Tier 1 account engagement",
        definition="% of Tier 1 accounts with 2 or more coordinated "
        "SDR + marketing touches this month",
        owner=Side.SALES,
        direction=_HIGHER,
        green_from=100,
        red_from=90,
        cadence="monthly",
        measure="tier1_cadence",
        source="001:sales / Account Engagement Cadence",
    ),
    dict(
        code="leads_touched_24h",
        name="Leads touched within 24 hours",
        definition="% of leads with a first touch within 24 hours",
        owner=Side.SALES,
        direction=_HIGHER,
        green_from=80,
        red_from=60,
        cadence="weekly",
        measure="touched_24h",
        source="001:measurement / Weekly lead response",
    ),
    dict(
        code="win_loss_documented",
        name="Lost deals with win-loss feedback",
        definition="% of lost opportunities with win-loss analysis shared within 2 weeks",
        owner=Side.SALES,
        direction=_HIGHER,
        green_from=75,
        red_from=50,
        cadence="monthly",
        measure="clock_compliance",
        policies="win_loss_feedback",
        source="001:sales / Win-Loss Feedback",
    ),
    dict(
        code="scoring_latency_compliance",
        name="Scoring latency",
        definition="% of leads scored and promoted or held within 4 business hours of the "
        "qualifying action",
        owner=Side.MARKETING,
        direction=_HIGHER,
        green_from=95,
        red_from=85,
        cadence="weekly",
        measure="clock_compliance",
        policies="scoring_latency",
        source="002:marketing / Scoring Latency",
    ),
    dict(
        code="routing_speed",
        name="Routing speed",
        definition="% of MQLs routed to an SDR within 15 minutes of MQL status",
        owner=Side.MARKETING,
        direction=_HIGHER,
        green_from=95,
        red_from=85,
        cadence="weekly",
        measure="clock_compliance",
        policies="crm_routing",
        source="002:marketing / CRM Routing",
    ),
    dict(
        code="notification_2h",
        name="Sales notified within 2 hours",
        definition="% of MQLs handed to Sales within 2 business hours of meeting the MQL criteria",
        owner=Side.MARKETING,
        direction=_HIGHER,
        green_from=95,
        red_from=85,
        cadence="weekly",
        measure="notified_2h",
        source="001:marketing / Time to Response",
    ),
    dict(
        code="intent_signals_acted_on",
        name="Intent spikes engaged within 4 hours",
        definition="% of Tier A intent spikes engaged by an SDR within 4 business hours",
        owner=Side.MARKETING,
        direction=_HIGHER,
        green_from=90,
        red_from=70,
        cadence="monthly",
        measure="clock_compliance",
        policies="abx_intent_spike",
        source="001:marketing / Account Intent Signals; 000:catalog / Tier A Intent Spike (MQA)",
    ),
    dict(
        code="first_contact_in_window",
        name="First contact within the window",
        definition="% of routed MQLs whose first SDR touch came within their tier's window",
        owner=Side.SALES,
        direction=_HIGHER,
        green_from=90,
        red_from=75,
        cadence="weekly",
        measure="clock_compliance",
        policies="sdr_first_touch_t1 sdr_first_touch_t2 sdr_first_touch_t3",
        source="001:sales / Lead Response SLA",
    ),
    dict(
        code="sal_to_sqo_30d",
        name="Tier A SAL to SQO within 30 days",
        definition="% of SALs at Tier A accounts turned into an opportunity within 30 days",
        owner=Side.SALES,
        direction=_HIGHER,
        green_from=50,
        red_from=30,
        cadence="monthly",
        measure="sal_to_sqo_30d",
        source="001:sales / Opportunity Creation Velocity",
    ),
]

REVIEW_MEETINGS = [
    dict(
        code="flash_report",
        name="SLA Flash Report",
        frequency="Daily (async)",
        attendees="SDR Managers, AE Managers, RevOps",
        agenda="Prior day compliance, breach flags, priority leads outstanding",
        output="Slack post — red items tagged by name",
        source="002:meetings / SLA Flash Report",
    ),
    dict(
        code="revenue_sync",
        name="Revenue Sync",
        frequency="Weekly",
        attendees="VP Sales, VP Marketing, SDR Mgr, RevOps",
        agenda="Week metrics, funnel conversion, escalation review, quality issues",
        output="Meeting notes, action items with named owners",
        source="002:meetings / Revenue Sync",
    ),
    dict(
        code="pipeline_review",
        name="Pipeline Review",
        frequency="Bi-weekly",
        attendees="CRO, VP Sales, AE Managers, RevOps",
        agenda="Opportunity SLA compliance, stage age, forecast integrity, deal health",
        output="Updated forecast, risk flags, coaching assignments",
        source="002:meetings / Pipeline Review",
    ),
    dict(
        code="sla_calibration",
        name="SLA Calibration",
        frequency="Quarterly",
        attendees="All GTM leadership + RevOps",
        agenda="Full framework review, definition updates, target adjustments, "
        "win/loss correlation",
        output="Updated framework document — versioned and distributed to all teams",
        source="002:meetings / SLA Calibration",
    ),
]

DEFINITIONS = [
    dict(
        code="inquiry",
        term="Inquiry",
        definition="Any inbound or outbound touch that results in a lead record being "
        "created. No qualification implied.",
        source="002:glossary / Inquiry",
    ),
    dict(
        code="mql",
        term="MQL",
        definition="Marketing Qualified Lead: meets Marketing's documented entry criteria and "
        "is ready for SDR outreach. Marketing owns this status and its quality.",
        source="002:glossary / MQL",
    ),
    dict(
        code="sal",
        term="SAL",
        definition="Sales Accepted Lead: an MQL an SDR has formally accepted for outreach and "
        "qualification. The SDR now owns it.",
        source="002:glossary / SAL",
    ),
    dict(
        code="sql",
        term="SQL",
        definition="Sales Qualified Lead: confirmed pain, confirmed timeline, "
        "booked meeting with an AE.",
        source="002:glossary / SQL",
    ),
    dict(
        code="sla",
        term="SLA",
        definition="A documented, bilateral commitment between two teams defining actions, "
        "timelines and accountability.",
        source="002:glossary / SLA",
    ),
    dict(
        code="speed_to_lead",
        term="Speed to Lead",
        definition="Elapsed time between a lead's qualifying action and "
        "the SDR's first contact attempt.",
        source="002:glossary / Speed to Lead",
    ),
    dict(
        code="lead_recycling",
        term="Lead Recycling",
        definition="Returning a worked lead to nurture for a defined "
        "suppression period before re-qualifying. Pipeline preservation, not failure.",
        source="002:glossary / Lead Recycling",
    ),
    dict(
        code="sla_breach",
        term="SLA Breach",
        definition="Any instance where an SLA target is missed, regardless of "
        "reason. Patterns of breaches need systemic fixes.",
        source="002:glossary / SLA Breach",
    ),
    dict(
        code="icp",
        term="ICP",
        definition="Ideal Customer Profile: the firmographic and behavioural characteristics of "
        "the accounts most likely to succeed as customers.",
        source="002:glossary / ICP",
    ),
    dict(
        code="meddpic",
        term="MEDDPIC",
        definition="Metrics, Economic Buyer, Decision Criteria, Decision Process, Paper "
        "Process, Implicate Pain, Champion; simplified for SDR qualification.",
        source="002:glossary / MEDDPIC",
    ),
    dict(
        code="warm_handoff",
        term="Warm Handoff",
        definition="A structured SQL-to-AE transition with a written briefing "
        "and a personal introduction.",
        source="002:glossary / Warm Handoff",
    ),
    dict(
        code="pipeline_hygiene",
        term="Pipeline Hygiene",
        definition="Keeping opportunity records accurate, active and "
        "truthful: next steps, stage, close dates, logged activity.",
        source="002:glossary / Pipeline Hygiene",
    ),
    dict(
        code="business_hours",
        term="Business hours",
        definition="08:00 to 18:00 in the prospect's local time zone, public holidays excluded.",
        source="002:glossary / Business hours",
    ),
    dict(
        code="sdr_notification",
        term="SDR notification",
        definition="A real-time Slack and CRM alert fires simultaneously with routing.",
        source="002:marketing / SDR Notification",
    ),
    dict(
        code="ae_notification",
        term="AE notification",
        definition="The AE receives a real-time Slack and CRM task the "
        "moment the SQL is created — automated, no manual exceptions.",
        source="002:sql / AE Notification",
    ),
    dict(
        code="internal_debrief",
        term="Internal debrief",
        definition="A 10-minute SDR and AE sync 24 hours before the "
        "first AE-led meeting: required for strategic accounts, encouraged for all others.",
        source="002:handoff / Internal Debrief",
    ),
    dict(
        code="approach_lead_based",
        term="Lead-based SLA",
        definition="Individual leads, channel-centric; uniform time "
        "standards. Simple to run; ignores buying groups. Best for inbound-heavy SMB.",
        source="000:approaches / Lead-Based SLA",
    ),
    dict(
        code="approach_abx",
        term="Account-based SLA (ABX)",
        definition="Accounts and buying groups by tier; time "
        "standards tiered by account (A/B/C) and trigger. This charter's approach for named "
        "accounts.",
        source="000:approaches / Account-Based SLA (ABX)",
    ),
    dict(
        code="approach_strategic",
        term="Strategic-account SLA",
        definition="Top 25–50 named accounts; white-glove, "
        "same-day exec follow-up; high cost, strict governance.",
        source="000:approaches / Strategic-Account SLA",
    ),
    dict(
        code="status_green",
        term="Green status",
        definition="On track: both teams hitting their commitments.",
        source="001:escalation / Green Status",
    ),
    dict(
        code="status_yellow",
        term="Yellow status",
        definition="A commitment missed by a small margin: the team names "
        "the root cause within 48 hours and proposes a correction; joint ops leaders discuss.",
        source="001:escalation / Yellow Status",
    ),
    dict(
        code="status_red",
        term="Red status",
        definition="A commitment missed by a large margin, or yellow for two "
        "consecutive weeks: root-cause analysis and a remediation meeting of VP Sales, VP "
        "Marketing and the CRO.",
        source="001:escalation / Red Status",
    ),
]

SCORING_MODEL = {
    "mql_threshold": 60,
    "review_band_min": 40,
    "icp_fit_minimum": 60,
    "target_industries": [
        "software",
        "saas",
        "fintech",
        "financial services",
        "healthcare technology",
        "manufacturing",
        "professional services",
        "ecommerce",
    ],
    "company_size_min": 100,
    "company_size_max": 5000,
    "buyer_title_patterns": [
        "chief",
        "ceo",
        "cfo",
        "cro",
        "cmo",
        "coo",
        "cto",
        "cio",
        "president",
        "founder",
        "owner",
        "vp",
        "vice president",
        "svp",
        "evp",
        "head of",
        "director",
    ],
    "influencer_title_patterns": [
        "manager",
        "lead",
        "senior",
        "principal",
        "architect",
        "specialist",
        "analyst",
    ],
    "role_email_prefixes": [
        "info",
        "sales",
        "support",
        "admin",
        "contact",
        "hello",
        "marketing",
        "office",
        "team",
        "noreply",
        "no-reply",
        "billing",
        "careers",
        "jobs",
        "hr",
        "help",
        "enquiries",
        "inquiries",
        "webmaster",
        "postmaster",
    ],
    "tier1_actions_for_intent": 1,
    "tier2_actions_for_intent": 3,
    "source": "002:tiers / MQL threshold; 002:appendix_b / MQL Threshold",
}


def _create(model: type[VersionedRow], version: CharterVersion, **fields) -> VersionedRow:
    """Save a row only if the admin would: every field, the model's `clean`, its constraints."""
    row = model(version=version, **deepcopy(fields))  # the tables stay as written
    # References are the objects just saved: no query to check they exist.
    row.full_clean(exclude=[f.name for f in model._meta.concrete_fields if f.many_to_one])
    row.save()
    return row


def load_default_charter(version: CharterVersion, calendar) -> None:
    """Write v1's rows into `version` (an empty draft); business clocks use `calendar`."""
    for model, rows in (
        (ScoringSignal, SCORING_SIGNALS),
        (ReasonCode, REASON_CODES),
        (ScoringModel, [SCORING_MODEL]),
        (MqlCriterion, MQL_CRITERIA),
        (QualificationElement, QUALIFICATION),
        (OpportunityStage, STAGES),
        (CadencePlan, CADENCES),
        (CadenceTouch, CADENCE_TOUCHES),
        (ReviewMeeting, REVIEW_MEETINGS),
        (Definition, DEFINITIONS),
    ):
        for fields in rows:
            _create(model, version, **fields)
    # After the signals: a policy's `action` must be an intake signal of its version.
    for spec in POLICIES:
        fields = asdict(spec)
        steps = fields.pop("steps")
        policy = _create(Policy, version, calendar=calendar, **fields)
        for order, step in enumerate(steps, start=1):
            _create(EscalationStep, version, policy=policy, order=order, **step)
    # After the policies: a trigger names the policies that watch the same thing, a
    # clock-compliance metric the policies whose clocks it counts.
    for model, rows in ((HygieneTrigger, HYGIENE_TRIGGERS), (ScoreboardMetric, SCOREBOARD)):
        for fields in rows:
            _create(model, version, **fields)
