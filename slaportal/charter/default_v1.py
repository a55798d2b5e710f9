"""The default charter, v1: every row of the seed articles' tables as charter data.

Where the seeds disagree, v1 follows `002` (the field-tested framework) and keeps the others as
inactive, editable alternatives (`is_active=False`). Each row cites its source as
"<seed>:<table> / <row>", so the seeds test can find every table row in v1 and RevOps can trace
a rule back to the agreement that made it. `load_default_charter` writes it into a draft.
"""

from dataclasses import dataclass, field
from datetime import time
from decimal import Decimal

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
)

U = DurationUnit
Ref = EscalationStep.Reference
Sup = ReasonCode.Suppression
Fx = ReasonCode.SideEffect
CHANGE_NOTES = (
    "Default charter v1: the SLA master table, tiered SDR response, SAL/SQL and hand-off "
    "obligations, pipeline hygiene, reason-code taxonomies, scoring model (Appendix B) and "
    "scoreboard of the SLA framework (002), with the ABX pack (000) and the bilateral "
    "marketing/sales commitments (001)."
)

# The closing events of a lead's SDR stage: any of them ends an SDR clock.
LEAD_RESOLVED = [E.LEAD_QUALIFIED, E.LEAD_RECYCLED, E.LEAD_DISQUALIFIED, E.LEAD_REJECTED]


@dataclass
class Step:
    after: int
    unit: str
    relative_to: str
    roles: list[str]
    action: str = ""


@dataclass
class PolicySpec:
    code: str
    name: str
    owner: str
    start: list[str]
    stop: list[str]
    target: tuple[int, str]
    source: str
    breach: tuple[int, str] | None = None
    warn: tuple[int, str] | None = None
    subject: str = Subject.LEAD
    tier: int | None = None
    account_tier: str = ""
    action: str = ""
    stage: str = ""
    after_hours: tuple[str, int | None, str, time | None] | None = None
    steps: list[Step] = field(default_factory=list)
    active: bool = True
    description: str = ""


def _told_at_breach(*roles: str) -> list[Step]:
    return [Step(0, U.MINUTES, Ref.BREACH, list(roles))]


POLICIES = [
    # --- 002 SLA master table and the marketing half of the bilateral SLA -----------------
    PolicySpec(
        "scoring_latency",
        "Lead scoring latency",
        Role.MARKETING_OPS,
        [E.LEAD_ACTION_RECORDED],
        [E.LEAD_SCORED],
        (4, U.BUSINESS_HOURS),
        breach=(8, U.BUSINESS_HOURS),
        steps=_told_at_breach(Role.VP_MARKETING),
        description="Lead scored and promoted or held within this window of the qualifying "
        "action. Escalates to the marketing director (VP Marketing).",
        source="002:master / Lead Scoring Latency; 002:marketing / Scoring Latency",
    ),
    PolicySpec(
        "crm_routing",
        "CRM routing speed",
        Role.MARKETING_OPS,
        [E.LEAD_BECAME_MQL],
        [E.LEAD_ROUTED],
        (15, U.MINUTES),
        breach=(60, U.MINUTES),
        steps=_told_at_breach(Role.REVOPS),
        description="MQL assigned to the right SDR within this window of creation.",
        source="002:master / CRM Routing Speed; 002:marketing / CRM Routing",
    ),
    PolicySpec(
        "sdr_first_touch_t1",
        "SDR first touch — Tier 1",
        Role.SDR,
        [E.LEAD_ROUTED],
        [E.LEAD_ACTIVITY_LOGGED, *LEAD_RESOLVED],
        (5, U.BUSINESS_MINUTES),
        breach=(2, U.BUSINESS_HOURS),
        tier=1,
        after_hours=(Policy.AfterHours.AFTER_NEXT_OPEN, 30, U.MINUTES, None),
        steps=_told_at_breach(Role.SDR_MANAGER),
        description="Demo request, contact sales, free trial, pricing form: first attempt in 5 "
        "minutes of business hours; after hours within 30 minutes of the next opening. "
        "8 attempts over 7 business days, then recycle.",
        source="002:master / SDR Response — Tier 1; 002:scoreboard / MQL Response — Tier 1",
    ),
    PolicySpec(
        "sdr_first_touch_t2",
        "SDR first touch — Tier 2",
        Role.SDR,
        [E.LEAD_ROUTED],
        [E.LEAD_ACTIVITY_LOGGED, *LEAD_RESOLVED],
        (2, U.BUSINESS_HOURS),
        breach=(4, U.BUSINESS_HOURS),
        tier=2,
        after_hours=(Policy.AfterHours.BY_TIME_NEXT_BUSINESS_DAY, None, "", time(10)),
        steps=_told_at_breach(Role.SDR_MANAGER),
        description="Behavioural cluster: first attempt in 2 business hours; after hours by "
        "10:00 next business day. 6 attempts over 10 business days, then recycle.",
        source="002:master / SDR Response — Tier 2; 002:scoreboard / MQL Response — Tier 2",
    ),
    PolicySpec(
        "sdr_first_touch_t3",
        "SDR first touch — Tier 3",
        Role.SDR,
        [E.LEAD_ROUTED],
        [E.LEAD_ACTIVITY_LOGGED, *LEAD_RESOLVED],
        (24, U.BUSINESS_HOURS),
        breach=(48, U.BUSINESS_HOURS),
        tier=3,
        after_hours=(Policy.AfterHours.AFTER_NEXT_OPEN, 24, U.HOURS, None),
        steps=_told_at_breach(Role.SDR_MANAGER),
        description="ICP and intent, no single high-intent action: first attempt in 24 "
        "business hours; after hours within 24 hours of the next opening. 5 attempts over 14 "
        "business days, then recycle.",
        source="002:master / SDR Response — Tier 3",
    ),
    PolicySpec(
        "sal_accept_reject",
        "SAL accept or reject",
        Role.SDR,
        [E.LEAD_ROUTED],
        [E.LEAD_ACCEPTED, E.LEAD_REJECTED],
        (4, U.BUSINESS_HOURS),
        breach=(24, U.BUSINESS_HOURS),
        steps=_told_at_breach(Role.SDR_MANAGER),
        description="Accept, or reject with a standard reason code (no free text), within 4 "
        "business hours of receipt.",
        source="002:master / SAL Accept/Reject; 002:sal / SAL Rejection",
    ),
    PolicySpec(
        "sal_acceptance_after_first_attempt",
        "SAL marked after the first attempt",
        Role.SDR,
        [E.LEAD_ACTIVITY_LOGGED],
        [E.LEAD_ACCEPTED, E.LEAD_REJECTED],
        (15, U.MINUTES),
        steps=_told_at_breach(Role.SDR_MANAGER),
        breach=(15, U.MINUTES),
        description="The SDR marks the lead SAL, triggering the outreach sequence, within 15 "
        "minutes of the first attempt.",
        source="002:sal / SAL Acceptance",
    ),
    PolicySpec(
        "sequence_enrollment",
        "Sequence enrolment",
        Role.SDR,
        [E.LEAD_ROUTED],
        [E.LEAD_SEQUENCE_ENROLLED, *LEAD_RESOLVED],
        (0, U.SAME_BUSINESS_DAY),
        breach=(1, U.BUSINESS_DAYS),
        steps=_told_at_breach(Role.SDR_MANAGER),
        description="Lead enrolled in the sequence for its tier on the day it is routed.",
        source="002:sal / Sequence Enrollment",
    ),
    PolicySpec(
        "sal_resolution",
        "SAL resolution window",
        Role.SDR,
        [E.LEAD_ACCEPTED],
        [E.LEAD_QUALIFIED, E.LEAD_RECYCLED, E.LEAD_DISQUALIFIED],
        (14, U.BUSINESS_DAYS),
        breach=(14, U.BUSINESS_DAYS),
        warn=(12, U.BUSINESS_DAYS),
        steps=[
            Step(0, U.MINUTES, Ref.WARNING, [Role.SDR_MANAGER], "Day-12 review of open SALs"),
            Step(0, U.MINUTES, Ref.BREACH, [Role.SDR_MANAGER]),
        ],
        description="Every SAL promoted to SQL, recycled or disqualified within 14 business "
        "days; the SDR manager reviews all open SALs at day 12.",
        source="002:master / SAL Resolution Window; 002:sql / SAL Resolution Window",
    ),
    PolicySpec(
        "post_call_follow_up",
        "Post-call follow-up",
        Role.SDR,
        [E.LEAD_CALL_CONNECTED],
        [E.LEAD_ACTIVITY_LOGGED, *LEAD_RESOLVED],
        (2, U.BUSINESS_DAYS),
        breach=(3, U.BUSINESS_DAYS),
        steps=_told_at_breach(Role.SDR_MANAGER),
        description="A prospect took a call but did not convert: follow up within 2 business "
        "days; escalates on day 3 with no follow-up logged.",
        source="002:sql / Post-Call Follow-Up",
    ),
    PolicySpec(
        "three_way_intro",
        "Three-way intro e-mail",
        Role.SDR,
        [E.LEAD_QUALIFIED],
        [E.LEAD_INTRO_SENT],
        (2, U.BUSINESS_HOURS),
        breach=(4, U.BUSINESS_HOURS),
        steps=_told_at_breach(Role.SDR_MANAGER),
        description="The SDR introduces the prospect to the AE, with enough context to show "
        "the AE was briefed, within 2 hours of SQL creation.",
        source="002:handoff / Three-Way Intro Email",
    ),
    PolicySpec(
        "ae_sql_acceptance",
        "AE SQL acceptance",
        Role.AE,
        [E.LEAD_QUALIFIED],
        [E.LEAD_AE_ACCEPTED, E.LEAD_AE_REJECTED],
        (4, U.BUSINESS_HOURS),
        breach=(8, U.BUSINESS_HOURS),
        steps=_told_at_breach(Role.AE_MANAGER),
        description="The AE reviews the briefing and accepts, or rejects with a documented "
        "reason, within 4 business hours of notification.",
        source="002:master / AE SQL Acceptance; 002:handoff / AE Formal Acceptance; "
        "002:scoreboard / SQL Acceptance Rate",
    ),
    PolicySpec(
        "ae_first_touch",
        "AE first personal touch",
        Role.AE,
        [E.LEAD_AE_ACCEPTED],
        [E.LEAD_AE_TOUCHED],
        (24, U.BUSINESS_HOURS),
        breach=(48, U.BUSINESS_HOURS),
        steps=[
            Step(0, U.MINUTES, Ref.BREACH, [Role.AE_MANAGER]),
            Step(24, U.BUSINESS_HOURS, Ref.BREACH, [Role.VP_SALES]),
        ],
        description="Personal contact within 24 business hours of accepting, even with a "
        "meeting already on the calendar. AE manager, then VP Sales.",
        source="002:master / AE First Touch — Prospect",
    ),
    PolicySpec(
        "opportunity_creation",
        "Opportunity created on acceptance",
        Role.AE,
        [E.LEAD_AE_ACCEPTED],
        [E.OPPORTUNITY_OPENED],
        (15, U.MINUTES),
        breach=(1, U.BUSINESS_DAYS),
        steps=_told_at_breach(Role.AE_MANAGER),
        description="The AE creates the opportunity in the same session as acceptance (the "
        "portal does it in the same step).",
        source="002:master / Opportunity Creation; 002:handoff / Opportunity Creation",
    ),
    PolicySpec(
        "discovery_meeting",
        "Discovery within 5 business days",
        Role.AE,
        [E.LEAD_AE_ACCEPTED],
        [E.OPPORTUNITY_MEETING_HELD],
        (5, U.BUSINESS_DAYS),
        breach=(5, U.BUSINESS_DAYS),
        steps=_told_at_breach(Role.AE_MANAGER),
        description="Discovery meeting held within 5 business days of SQL acceptance; longer "
        "needs manager sign-off and a documented reason.",
        source="002:ae obligations / Discovery within 5 business days",
    ),
    PolicySpec(
        "opportunity_next_step",
        "Next step after every meeting",
        Role.AE,
        [E.OPPORTUNITY_MEETING_HELD],
        [E.OPPORTUNITY_NEXT_STEP_LOGGED, E.OPPORTUNITY_CLOSED],
        (24, U.HOURS),
        breach=(7, U.DAYS),
        subject=Subject.OPPORTUNITY,
        steps=_told_at_breach(Role.AE_MANAGER),
        description="A specific next step logged within 24 hours of any meeting; 7 days "
        "without one is a breach.",
        source="002:master / Opp Next Step",
    ),
    PolicySpec(
        "opportunity_activity_minimum",
        "Activity at least every 10 days",
        Role.AE,
        [E.OPPORTUNITY_OPENED, E.OPPORTUNITY_ACTIVITY_LOGGED],
        [E.OPPORTUNITY_ACTIVITY_LOGGED, E.OPPORTUNITY_CLOSED],
        (10, U.DAYS),
        breach=(10, U.DAYS),
        subject=Subject.OPPORTUNITY,
        steps=_told_at_breach(Role.AE_MANAGER),
        description="One logged activity per 10 days on every open opportunity; each activity "
        "restarts the clock.",
        source="002:master / Opp Activity Minimum",
    ),
    *(
        PolicySpec(
            f"stage_age_{stage}",
            f"Stage age — {name}",
            Role.AE,
            [E.OPPORTUNITY_STAGE_ENTERED],
            [E.OPPORTUNITY_STAGE_LEFT, E.OPPORTUNITY_CLOSED],
            (days, U.DAYS),
            breach=(days, U.DAYS),
            subject=Subject.OPPORTUNITY,
            stage=stage,
            steps=_told_at_breach(Role.AE_MANAGER),
            description=f"At most {days} days in {name}; on the limit date the AE manager "
            "schedules a deal review.",
            source="002:master / Stage Age Maximum",
        )
        for stage, name, days in (
            ("stage_1", "Discovery", 21),
            ("stage_2", "Qualification", 30),
            ("stage_3", "Evaluation", 30),
            ("stage_4", "Proposal", 21),
            ("stage_5", "Commit", 21),
        )
    ),
    PolicySpec(
        "stage_2_eb_meeting",
        "EB meeting booked in Qualification",
        Role.AE,
        [E.OPPORTUNITY_STAGE_ENTERED],
        [E.OPPORTUNITY_EB_MEETING_BOOKED, E.OPPORTUNITY_STAGE_LEFT],
        (10, U.DAYS),
        breach=(10, U.DAYS),
        subject=Subject.OPPORTUNITY,
        stage="stage_2",
        steps=_told_at_breach(Role.AE_MANAGER),
        source="002:stages / Stage 2 — Qualification",
    ),
    PolicySpec(
        "stage_3_success_plan",
        "Mutual success plan in Evaluation",
        Role.AE,
        [E.OPPORTUNITY_STAGE_ENTERED],
        [E.OPPORTUNITY_SUCCESS_PLAN_AGREED, E.OPPORTUNITY_STAGE_LEFT],
        (5, U.DAYS),
        breach=(5, U.DAYS),
        subject=Subject.OPPORTUNITY,
        stage="stage_3",
        steps=_told_at_breach(Role.AE_MANAGER),
        source="002:stages / Stage 3 — Evaluation",
    ),
    PolicySpec(
        "stage_4_proposal_follow_up",
        "Follow-up after the proposal",
        Role.AE,
        [E.OPPORTUNITY_PROPOSAL_SENT],
        [E.OPPORTUNITY_ACTIVITY_LOGGED, E.OPPORTUNITY_CLOSED],
        (24, U.HOURS),
        breach=(48, U.HOURS),
        subject=Subject.OPPORTUNITY,
        steps=_told_at_breach(Role.AE_MANAGER),
        source="002:stages / Stage 4 — Proposal",
    ),
    PolicySpec(
        "stage_5_daily_check_in",
        "Daily check-in in Commit",
        Role.AE,
        [E.OPPORTUNITY_STAGE_ENTERED, E.OPPORTUNITY_ACTIVITY_LOGGED],
        [E.OPPORTUNITY_ACTIVITY_LOGGED, E.OPPORTUNITY_STAGE_LEFT, E.OPPORTUNITY_CLOSED],
        (1, U.BUSINESS_DAYS),
        breach=(2, U.BUSINESS_DAYS),
        subject=Subject.OPPORTUNITY,
        stage="stage_5",
        steps=_told_at_breach(Role.AE_MANAGER),
        source="002:stages / Stage 5 — Commit",
    ),
    PolicySpec(
        "stage_1_next_step",
        "Next step after the discovery meeting",
        Role.AE,
        [E.OPPORTUNITY_MEETING_HELD],
        [E.OPPORTUNITY_NEXT_STEP_LOGGED],
        (24, U.HOURS),
        breach=(48, U.HOURS),
        subject=Subject.OPPORTUNITY,
        stage="stage_1",
        steps=_told_at_breach(Role.AE_MANAGER),
        source="002:stages / Stage 1 — Discovery",
    ),
    # --- 001: bilateral commitments ---------------------------------------------------------
    PolicySpec(
        "win_loss_feedback",
        "Win-loss feedback to Marketing",
        Role.AE,
        [E.OPPORTUNITY_LOST],
        [E.OPPORTUNITY_WIN_LOSS_RECORDED],
        (14, U.DAYS),
        breach=(14, U.DAYS),
        subject=Subject.OPPORTUNITY,
        steps=_told_at_breach(Role.AE_MANAGER),
        description="Lost opportunities get a documented win-loss analysis shared with "
        "Marketing within 2 weeks of close.",
        source="001:sales / Win-Loss Feedback",
    ),
    PolicySpec(
        "mql_notification_2h",
        "Marketing notifies Sales within 2 hours",
        Role.MARKETING_OPS,
        [E.LEAD_BECAME_MQL],
        [E.LEAD_ROUTED],
        (2, U.BUSINESS_HOURS),
        active=False,
        description="Alternative to CRM routing speed (15 minutes).",
        source="001:marketing / Time to Response",
    ),
    PolicySpec(
        "sal_same_day_contact",
        "Same-business-day contact for every SAL",
        Role.SDR,
        [E.LEAD_ACCEPTED],
        [E.LEAD_ACTIVITY_LOGGED],
        (0, U.SAME_BUSINESS_DAY),
        active=False,
        description="Alternative to the tiered SDR response windows.",
        source="001:sales / Lead Response SLA",
    ),
    PolicySpec(
        "sal_to_sqo_velocity_t1",
        "Tier 1 SAL to SQO within 30 days",
        Role.SDR,
        [E.LEAD_ACCEPTED],
        [E.LEAD_QUALIFIED, E.LEAD_RECYCLED, E.LEAD_DISQUALIFIED],
        (30, U.DAYS),
        tier=1,
        active=False,
        description="Alternative to the 14-business-day SAL resolution window.",
        source="001:sales / Opportunity Creation Velocity",
    ),
    # --- 000: the ABX catalogue -------------------------------------------------------------
    PolicySpec(
        "abx_inbound_demo",
        "Inbound demo / contact us (ABX)",
        Role.SDR,
        [E.LEAD_ROUTED],
        [E.LEAD_ACTIVITY_LOGGED, *LEAD_RESOLVED],
        (15, U.MINUTES),
        action="demo_request",
        active=False,
        description="Respond in 15 minutes, 24/7; schedule within 24 hours; call, e-mail and "
        "LinkedIn within 2 hours; 5 touches in 3 days. Alternative to Tier 1 SDR response.",
        source="000:catalog / Inbound demo/Contact Us",
    ),
    PolicySpec(
        "abx_intent_spike",
        "Tier A intent spike (MQA)",
        Role.SDR,
        [E.ACCOUNT_INTENT_SPIKE],
        [E.ACCOUNT_ENGAGED],
        (4, U.BUSINESS_HOURS),
        breach=(8, U.BUSINESS_HOURS),
        subject=Subject.ACCOUNT,
        account_tier="A",
        steps=_told_at_breach(Role.SDR_MANAGER),
        description="Engage in 4 business hours: 3 personas, 5 touches in 7 days across "
        "channels; share 1:1 content.",
        source="000:catalog / Tier A Intent Spike (MQA)",
    ),
    PolicySpec(
        "abx_event_follow_up",
        "Event attendee follow-up",
        Role.SDR,
        [E.ACCOUNT_EVENT_ATTENDED],
        [E.ACCOUNT_ENGAGED],
        (24, U.HOURS),
        subject=Subject.ACCOUNT,
        breach=(48, U.HOURS),
        steps=_told_at_breach(Role.SDR_MANAGER),
        description="Personalised follow-up in 24 hours referencing the session; hot interest "
        "routed to the AE.",
        source="000:catalog / Event attendee/booth scan",
    ),
    PolicySpec(
        "abx_gift_outreach",
        "Direct mail / gift accepted outreach",
        Role.SDR,
        [E.ACCOUNT_GIFT_ACCEPTED],
        [E.ACCOUNT_ENGAGED],
        (24, U.HOURS),
        subject=Subject.ACCOUNT,
        breach=(48, U.HOURS),
        steps=_told_at_breach(Role.SDR_MANAGER),
        description="Thank-you and value hook in 24 hours; book a 15-minute discovery.",
        source="000:catalog / Direct Mail/Gift Accepted",
    ),
    PolicySpec(
        "abx_no_show_reschedule",
        "Meeting no-show reschedule",
        Role.AE,
        [E.LEAD_MEETING_NO_SHOW],
        [E.LEAD_MEETING_BOOKED, E.LEAD_ACTIVITY_LOGGED],
        (24, U.HOURS),
        breach=(48, U.HOURS),
        steps=_told_at_breach(Role.AE_MANAGER),
        description="Reschedule attempt within 24 hours: recap and 3 new times; loop the "
        "champion; note blockers.",
        source="000:catalog / Meeting No-Show",
    ),
    PolicySpec(
        "abx_pql_engage",
        "PQL / product usage surge",
        Role.AE,
        [E.ACCOUNT_USAGE_SURGE],
        [E.ACCOUNT_ENGAGED],
        (1, U.BUSINESS_DAYS),
        breach=(2, U.BUSINESS_DAYS),
        subject=Subject.ACCOUNT,
        steps=_told_at_breach(Role.AE_MANAGER),
        description="Engage in 1 business day: usage review, pilot or expansion, exec intro "
        "for Tier A.",
        source="000:catalog / PQL/Product Usage Surge",
    ),
    PolicySpec(
        "abx_disposition_update",
        "Disposition within 48 hours of activity",
        Role.SDR,
        [E.LEAD_ACTIVITY_LOGGED],
        [E.LEAD_DISPOSITION_SET],
        (48, U.HOURS),
        breach=(72, U.HOURS),
        steps=_told_at_breach(Role.SDR_MANAGER),
        description="Apply a standard disposition code and call notes or recording link.",
        source="000:catalog / Disposition Update",
    ),
    PolicySpec(
        "abx_recycle_no_response",
        "Recycle after 14 days without response",
        Role.SDR,
        [E.LEAD_ACCEPTED],
        [E.LEAD_RECYCLED, E.LEAD_QUALIFIED, E.LEAD_DISQUALIFIED],
        (14, U.DAYS),
        active=False,
        description="After 7–10 touches or 14 days: set next-best play, enrol in nurture, "
        "document the reason. Alternative to the SAL resolution window.",
        source="000:catalog / Recycle (No Response)",
    ),
]

HYGIENE_TRIGGERS = [
    (
        "no_next_step",
        "No next step",
        "Open opportunity, no next step logged for 7 days",
        HygieneTrigger.Metric.NO_NEXT_STEP,
        7,
        [Role.AE],
        "Log a specific next step — “follow up” is not a next step",
        (24, U.HOURS),
        "No Next Step",
    ),
    (
        "zero_activity",
        "Zero activity",
        "No logged activity of any kind for 10 business days",
        HygieneTrigger.Metric.NO_ACTIVITY,
        10,
        [Role.AE, Role.AE_MANAGER],
        "Review the deal, update stage, or flag at-risk",
        (48, U.HOURS),
        "Zero Activity",
    ),
    (
        "stage_age_exceeded",
        "Stage age exceeded",
        "Deal exceeds the maximum allowed time in current stage",
        HygieneTrigger.Metric.STAGE_AGE,
        None,
        [Role.AE_MANAGER],
        "Scheduled deal review meeting with AE",
        (48, U.HOURS),
        "Stage Age Exceeded",
    ),
    (
        "close_date_pushed_twice",
        "Close date pushed twice",
        "Close date has moved twice in the same quarter",
        HygieneTrigger.Metric.CLOSE_DATE_PUSHES,
        2,
        [Role.AE, Role.VP_SALES],
        "Deal strategy review; reassess probability and close path",
        (72, U.HOURS),
        "Close Date Pushed 2x",
    ),
    (
        "acv_change",
        "ACV change over 30 %",
        "Deal size changed by more than 30% from original estimate",
        HygieneTrigger.Metric.AMOUNT_CHANGE,
        30,
        [Role.VP_SALES, Role.REVOPS],
        "Scope and risk review — what changed and does the deal math still work",
        (24, U.HOURS),
        "ACV Change over 30%",
    ),
]

_SDR_REJECTION = [
    (
        "REJ-01",
        "Invalid contact info — bad email or no usable phone number",
        "Enrich or suppress from all outreach immediately",
        Sup.UNTIL_ENRICHED,
        None,
        Fx.DATA_CLEANUP,
    ),
    (
        "REJ-02",
        "Below ICP — wrong industry, company size, or geography",
        "Review scoring model; suppress company from future MQL flow",
        Sup.PERMANENT,
        None,
        Fx.SUPPRESS_COMPANY,
    ),
    (
        "REJ-03",
        "Wrong persona — not a buyer or influencer at this company",
        "Review persona mapping; mark contact as do-not-route",
        Sup.NONE,
        None,
        Fx.DO_NOT_ROUTE,
    ),
    (
        "REJ-04",
        "Already a customer or has an active open opportunity",
        "Remove from MQL flow; route to Account team or CS",
        Sup.NONE,
        None,
        Fx.ROUTE_TO_ACCOUNT_TEAM,
    ),
    (
        "REJ-05",
        "Previously disqualified — inside the 90-day suppression window",
        "Add to suppression list; review re-engagement criteria",
        Sup.DAYS,
        90,
        Fx.SUPPRESS_CONTACT,
    ),
    (
        "REJ-06",
        "Competitor employee",
        "Add domain to global permanent suppression list",
        Sup.PERMANENT,
        None,
        Fx.SUPPRESS_DOMAIN,
    ),
    (
        "REJ-07",
        "Outside current territory coverage",
        "Route to correct territory or hold for future coverage",
        Sup.NONE,
        None,
        Fx.ROUTE_TO_TERRITORY,
    ),
]

_AE_REJECTION = [
    (
        "AE-REJ-01",
        "No genuine pain confirmed — conversation was exploratory only",
        "Return to SAL; SDR continues outreach or recycles",
        Role.SDR_MANAGER,
        "sal",
        Sup.NONE,
        None,
        Fx.NONE,
        None,
    ),
    (
        "AE-REJ-02",
        "Timeline beyond 12 months — not ready for AE engagement yet",
        "Back to long-term nurture; SDR check-in at month 6",
        Role.REVOPS,
        "recycled",
        Sup.DAYS,
        182,
        Fx.NURTURE,
        182,
    ),
    (
        "AE-REJ-03",
        "Wrong buyer — not connected to the economic decision-maker",
        "SDR re-engages to identify correct contact at same account",
        Role.SDR_MANAGER,
        "sal",
        Sup.NONE,
        None,
        Fx.REENGAGE_CONTACT,
        None,
    ),
    (
        "AE-REJ-04",
        "Meeting cancelled by prospect before AE could engage",
        "SDR reschedules — lead stays in SAL until rebooked",
        Role.SDR,
        "sal",
        Sup.NONE,
        None,
        Fx.RESCHEDULE,
        None,
    ),
    (
        "AE-REJ-05",
        "Territory conflict or existing account ownership issue",
        "RevOps arbitrates; reassigns or redirects as needed",
        Role.REVOPS,
        "arbitration",
        Sup.NONE,
        None,
        Fx.REVOPS_ARBITRATION,
        None,
    ),
]

_RECYCLE = [
    (
        "RCY-01",
        "Cadence Exhausted — No Response",
        "Recycled to long-term nurture",
        "recycled",
        Sup.DAYS,
        90,
        Fx.NURTURE,
        None,
        "New high-intent action OR 6 months elapsed + fresh engagement",
        Role.MARKETING_OPS,
    ),
    (
        "RCY-02",
        "Not Ready — Timeline 12+ Months",
        "Recycled to future pipeline nurture",
        "recycled",
        Sup.DAYS,
        182,
        Fx.NURTURE,
        182,
        "Re-engagement signal OR timeline confirmed under 12 months",
        Role.MARKETING_OPS,
    ),
    (
        "RCY-03",
        "SQL Rejected — Wrong Buyer",
        "SDR re-engages correct contact at same account",
        "sal",
        Sup.NONE,
        None,
        Fx.REENGAGE_CONTACT,
        None,
        "SDR identifies right contact and re-qualifies",
        Role.SDR,
    ),
    (
        "RCY-04",
        "Bad Data — Invalid Contact Info",
        "Sent to data cleanup queue, held until fixed",
        "recycled",
        Sup.UNTIL_ENRICHED,
        None,
        Fx.DATA_CLEANUP,
        None,
        "Valid email and phone confirmed via enrichment tool",
        Role.MARKETING_OPS,
    ),
    (
        "RCY-05",
        "Competitor Employee",
        "Permanently disqualified",
        "disqualified",
        Sup.PERMANENT,
        None,
        Fx.SUPPRESS_DOMAIN,
        None,
        "Not eligible — ever",
        Role.MARKETING_OPS,
    ),
    (
        "RCY-06",
        "Existing Customer",
        "Routed to Account Management or CS",
        "account_team",
        Sup.NONE,
        None,
        Fx.ROUTE_TO_ACCOUNT_TEAM,
        None,
        "N/A — separate routing, not a lead recycle situation",
        Role.REVOPS,
    ),
]

_DISQUALIFICATION = [
    ("DQ-01", "Competitor employee", Sup.PERMANENT, None, Fx.SUPPRESS_DOMAIN),
    ("DQ-02", "No fit — outside the ICP with no path to it", Sup.DAYS, 180, Fx.NURTURE),
    ("DQ-03", "No project or budget, confirmed", Sup.DAYS, 90, Fx.NURTURE),
    ("DQ-04", "Fake or unusable record", Sup.PERMANENT, None, Fx.SUPPRESS_CONTACT),
    ("DQ-05", "Existing customer", Sup.NONE, None, Fx.ROUTE_TO_ACCOUNT_TEAM),
    ("DQ-06", "Asked not to be contacted", Sup.PERMANENT, None, Fx.DO_NOT_ROUTE),
]

_DISPOSITIONS = [
    ("DISP-CONNECTED", "Connected — conversation held"),
    ("DISP-MEETING-SET", "Meeting set"),
    ("DISP-CALLBACK", "Call back requested"),
    ("DISP-VOICEMAIL", "Left voicemail"),
    ("DISP-NO-ANSWER", "No answer"),
    ("DISP-NOT-INTERESTED", "Not interested now"),
    ("DISP-WRONG-CONTACT", "Wrong contact — referral asked"),
    ("DISP-BAD-NUMBER", "Bad number or bounced e-mail"),
]

_WIN_LOSS = [
    ("WL-WON", "Won"),
    ("WL-BUDGET", "Budget frozen or not available"),
    ("WL-COMPETITOR", "Chose a competitor"),
    ("WL-TIMING", "Delayed purchase — timing"),
    ("WL-CAPABILITY", "Capability gap"),
    ("WL-INTERNAL", "Internal decision — built or kept status quo"),
    ("WL-NO-DECISION", "No decision"),
]

# code, name, category, points, tier, is_action, inactivity days, note, source row(s)
SCORING_SIGNALS = [
    (
        "target_industry",
        "Target industry match",
        "demographic",
        20,
        None,
        False,
        None,
        "Map to your ICP industry list",
        "002:appendix_b / Target industry match",
    ),
    (
        "company_size",
        "Company size in target range",
        "demographic",
        15,
        None,
        False,
        None,
        "Adjust to your actual sweet spot",
        "002:appendix_b / Company size in target range",
    ),
    (
        "buyer_persona",
        "Economic buyer persona — VP, Director, C-Suite",
        "demographic",
        20,
        None,
        False,
        None,
        "Varies by your deal complexity",
        "002:appendix_b / Economic buyer persona — VP, Director, C-Suite",
    ),
    (
        "influencer_persona",
        "Influencer persona — Manager or senior IC",
        "demographic",
        10,
        None,
        False,
        None,
        "Someone with real influence on the decision",
        "002:appendix_b / Influencer persona — Manager or senior IC",
    ),
    (
        "demo_request",
        "Demo request",
        "high_intent",
        40,
        1,
        True,
        None,
        "Immediate Tier 1 trigger",
        "002:appendix_b / Demo or trial request; 002:tiers / Tier 1 — High",
    ),
    (
        "free_trial",
        "Free trial request",
        "high_intent",
        40,
        1,
        True,
        None,
        "Immediate Tier 1 trigger",
        "002:appendix_b / Demo or trial request; 002:tiers / Tier 1 — High",
    ),
    (
        "pricing_form",
        "Pricing page visit + form submitted",
        "high_intent",
        35,
        1,
        True,
        None,
        "Strong late-stage buying signal",
        "002:appendix_b / Pricing page visit + form submitted; 002:tiers / Tier 1 — High",
    ),
    (
        "contact_sales",
        "Contact Sales CTA clicked",
        "high_intent",
        40,
        1,
        True,
        None,
        "Direct hand-raise — Tier 1 immediately",
        "002:appendix_b / Contact Sales CTA clicked; 002:tiers / Tier 1 — High",
    ),
    (
        "roi_calculator",
        "ROI calculator completed",
        "high_intent",
        30,
        2,
        True,
        None,
        "Self-directed buyer research behavior",
        "002:appendix_b / ROI calculator completed; 002:tiers / Tier 2 — Medium",
    ),
    (
        "competitor_page",
        "Competitor comparison page visited",
        "high_intent",
        25,
        2,
        True,
        None,
        "Active evaluation already underway",
        "002:appendix_b / Competitor comparison page visited",
    ),
    (
        "webinar_live",
        "Live webinar attended (not recorded view)",
        "medium_intent",
        15,
        2,
        True,
        None,
        "Live attendance signals meaningfully higher intent",
        "002:appendix_b / Live webinar attended (not recorded view); 002:tiers / Tier 2 — Medium",
    ),
    (
        "case_study",
        "Case study downloaded",
        "medium_intent",
        15,
        2,
        True,
        None,
        "Solution validation",
        "002:appendix_b / Case study downloaded; 002:tiers / Tier 2 — Medium",
    ),
    (
        "email_clicks_3",
        "3+ email link clicks in 7 days",
        "medium_intent",
        15,
        2,
        True,
        None,
        "Engagement spike — watch this cluster",
        "002:appendix_b / 3+ email link clicks in 7 days; 002:tiers / Tier 2 — Medium",
    ),
    (
        "product_pages",
        "Multiple product pages visited",
        "medium_intent",
        10,
        2,
        True,
        None,
        "Research mode, not casual browsing",
        "002:appendix_b / Multiple product pages visited",
    ),
    (
        "blog_visit",
        "Blog visit",
        "low_intent",
        5,
        3,
        True,
        None,
        "Awareness only — keep in nurture",
        "002:tiers / Tier 3 — Low",
    ),
    (
        "newsletter_open",
        "Newsletter open",
        "low_intent",
        5,
        3,
        True,
        None,
        "Awareness only",
        "002:tiers / Tier 3 — Low",
    ),
    (
        "whitepaper",
        "Generic whitepaper download",
        "low_intent",
        5,
        3,
        True,
        None,
        "Awareness only",
        "002:tiers / Tier 3 — Low",
    ),
    (
        "social_follow",
        "Social follow",
        "low_intent",
        5,
        3,
        True,
        None,
        "Awareness only",
        "002:tiers / Tier 3 — Low",
    ),
    (
        "decay_30_days",
        "No activity in 30 days",
        "decay",
        -10,
        None,
        False,
        30,
        "Cooling signal — note it, do not panic",
        "002:appendix_b / No activity in 30 days",
    ),
    (
        "decay_60_days",
        "No activity in 60 days",
        "decay",
        -20,
        None,
        False,
        60,
        "Replaces the 30-day decay; consider re-scoring eligibility",
        "002:appendix_b / No activity in 60 days",
    ),
    (
        "unsubscribe",
        "Email unsubscribe",
        "penalty",
        -50,
        None,
        True,
        None,
        "Likely disqualify — respect what the signal is telling you",
        "002:appendix_b / Email unsubscribe",
    ),
]

MQL_CRITERIA = [
    (
        "icp_fit",
        "Company matches your Ideal Customer Profile",
        "60/100 minimum",
        "Firmographic scoring model",
        "ICP Fit Score",
    ),
    (
        "persona",
        "Contact is in a buyer or influencer role",
        "Confirmed title",
        "Title mapping against persona list",
        "Persona Match",
    ),
    (
        "intent",
        "Lead has taken at least one meaningful action",
        "1 Tier-1 or 3 Tier-2 actions",
        "Lead scoring engine (see Appendix B)",
        "Behavioral Intent",
    ),
    (
        "data_complete",
        "All required fields populated",
        "Name, company, email, phone",
        "CRM field validation blocks MQL if missing",
        "Data Completeness",
    ),
    (
        "email_valid",
        "Email passes deliverability check",
        "Valid, not role-based",
        "Email verification service",
        "Email Validity",
    ),
    (
        "territory",
        "Lead is in an actively staffed SDR territory",
        "Active territory only",
        "Territory mapping in CRM routing rules",
        "Territory Coverage",
    ),
]

_REQUIRED = QualificationElement.Gate.REQUIRED
_PREFERRED = QualificationElement.Gate.PREFERRED
_OPTIONAL = QualificationElement.Gate.OPTIONAL
QUALIFICATION = [
    (
        "metrics",
        "Metrics",
        "A specific business problem with measurable impact — not “we might be interested”",
        _REQUIRED,
        "Not SQL — return to nurture",
        "002:meddpic / Metrics",
    ),
    (
        "economic_buyer",
        "Economic Buyer",
        "Contact is or can genuinely access the economic decision-maker",
        _PREFERRED,
        "Flag for AE — they accept the risk knowingly",
        "002:meddpic / Economic Buyer",
    ),
    (
        "decision_criteria",
        "Decision Criteria",
        "Prospect has at least some framework for how they would evaluate solutions",
        _PREFERRED,
        "Flag for AE — discovery still in progress",
        "002:meddpic / Decision Criteria",
    ),
    (
        "decision_process",
        "Decision Process",
        "A decision process is underway or being actively contemplated",
        _REQUIRED,
        "Not SQL — timeline is undefined",
        "002:meddpic / Decision Process",
    ),
    (
        "paper_process",
        "Paper Process",
        "Understand procurement and legal involvement level (enterprise accounts only)",
        _OPTIONAL,
        "AE handles — not an SDR blocker",
        "002:meddpic / Paper Process",
    ),
    (
        "implicate_pain",
        "Implicate Pain",
        "Pain is confirmed and the prospect is actually motivated to solve it now",
        _REQUIRED,
        "Not SQL — no urgency to act",
        "002:meddpic / Implicate Pain",
    ),
    (
        "champion",
        "Champion",
        "An internal advocate who wants this to happen exists or is emerging",
        _OPTIONAL,
        "AE to develop — not an SDR blocker",
        "002:meddpic / Champion",
    ),
    (
        "pain_statement",
        "Pain statement",
        "Pain statement populated before the AE is notified",
        _REQUIRED,
        "CRM blocks the SQL promotion",
        "002:sql / SQL Completeness",
    ),
    (
        "timeline",
        "Timeline",
        "Timeline populated before the AE is notified",
        _REQUIRED,
        "CRM blocks the SQL promotion",
        "002:sql / SQL Completeness",
    ),
    (
        "meeting_link",
        "Meeting link",
        "Meeting link populated before the AE is notified",
        _REQUIRED,
        "CRM blocks the SQL promotion",
        "002:sql / SQL Completeness",
    ),
    (
        "booked_meeting",
        "Booked meeting",
        "A meeting record exists against the lead",
        _REQUIRED,
        "Block the SQL status change",
        "002:sql gate / meeting on the calendar",
    ),
    (
        "briefing_doc",
        "SQL briefing doc",
        "Written summary: confirmed pain, timeline, stakeholders, meeting context",
        _REQUIRED,
        "Any incomplete doc escalates to the SDR manager",
        "002:master / SQL Briefing Doc; 002:handoff / SQL Briefing Doc",
    ),
]

STAGES = [
    (
        "stage_1",
        1,
        "Discovery",
        "First AE meeting complete. Problem confirmed. MEDDPIC in progress.",
        21,
        "Agreed next step logged within 24hrs of meeting",
        "Forecast date within 90 days",
        90,
        "Stage 1 — Discovery",
    ),
    (
        "stage_2",
        2,
        "Qualification",
        "MEDDPIC validated. Economic buyer identified. Solution fit confirmed.",
        30,
        "EB meeting booked within 10 days of stage entry",
        "EB meeting must be on calendar",
        None,
        "Stage 2 — Qualification",
    ),
    (
        "stage_3",
        3,
        "Evaluation",
        "Active evaluation underway — POC, deep demo, or technical review in progress",
        30,
        "Mutual success plan agreed within 5 days of stage entry",
        "Close date must reflect actual eval timeline",
        None,
        "Stage 3 — Evaluation",
    ),
    (
        "stage_4",
        4,
        "Proposal",
        "Commercial proposal sent. Negotiation may have started.",
        21,
        "Follow-up within 24hrs of proposal delivery",
        "Close date must be within 30 days",
        30,
        "Stage 4 — Proposal",
    ),
    (
        "stage_5",
        5,
        "Commit",
        "Verbal agreement to buy. Contract in legal or procurement review.",
        21,
        "Daily check-in cadence while in legal review",
        "Close date must be within 14 days",
        14,
        "Stage 5 — Commit",
    ),
]

CADENCES = [
    (
        1,
        "Demo request, contact sales, free trial, pricing page form",
        8,
        7,
        "Within 30 min of next business day open",
    ),
    (
        2,
        "High-scoring behavioral cluster — webinar, content, email engagement",
        6,
        10,
        "First attempt by 10am next business day",
    ),
    (
        3,
        "Meets ICP and intent threshold — no single high-intent action",
        5,
        14,
        "Within 24 hours of next business day open",
    ),
]

_PHONE, _EMAIL, _LINKEDIN = (
    CadenceTouch.Channel.PHONE,
    CadenceTouch.Channel.EMAIL,
    CadenceTouch.Channel.LINKEDIN,
)
CADENCE_TOUCHES = [
    (1, "Day 1 — immediate", _PHONE, "Live connect, set discovery meeting", [1, 2, 3]),
    (
        2,
        "Day 1 — same day",
        _EMAIL,
        "Reference call attempt; give a real reason to respond",
        [1, 2, 3],
    ),
    (3, "Day 2", _LINKEDIN, "Connect request + short personal note — no pitch yet", [1, 2]),
    (4, "Day 3", _PHONE, "Voicemail with specific relevant value prop", [1, 2, 3]),
    (5, "Day 5", _EMAIL, "Relevant case study or content — soft CTA not a hard ask", [1, 2, 3]),
    (6, "Day 7", _PHONE, "Final live connect attempt — genuinely the last one", [1, 2]),
    (7, "Day 9", _EMAIL, "Break-up email — honest, no guilt, leaves the door open", [1, 2]),
    (8, "Day 14", _EMAIL, "Long-term re-engagement — low pressure, genuinely high value", [1]),
]

_HIGHER = ScoreboardMetric.Direction.HIGHER_IS_BETTER
_LOWER = ScoreboardMetric.Direction.LOWER_IS_BETTER
# code, name, definition, owner, direction, green beyond, red beyond, cadence, source
SCOREBOARD = [
    (
        "mql_response_t1",
        "MQL Response — Tier 1",
        "% of Tier 1 MQLs with first attempt within 5 min during business hours",
        Side.SALES,
        _HIGHER,
        80,
        60,
        "daily",
        "002:scoreboard / MQL Response — Tier 1",
    ),
    (
        "mql_response_t2",
        "MQL Response — Tier 2",
        "% of Tier 2 MQLs with first attempt within 2 hours during business hours",
        Side.SALES,
        _HIGHER,
        90,
        75,
        "daily",
        "002:scoreboard / MQL Response — Tier 2",
    ),
    (
        "mql_live_contact_rate",
        "MQL Live Contact Rate",
        "% of MQLs where a real conversation happened — not just attempts made",
        Side.SALES,
        _HIGHER,
        35,
        20,
        "weekly",
        "002:scoreboard / MQL Live Contact Rate",
    ),
    (
        "mql_to_sal_rate",
        "MQL to SAL Rate",
        "% of MQLs formally accepted by the SDR team",
        Side.SHARED,
        _HIGHER,
        75,
        55,
        "weekly",
        "002:scoreboard / MQL to SAL Rate",
    ),
    (
        "sal_to_sql_conversion",
        "SAL to SQL Conversion",
        "% of SALs converted to qualified SQLs with a booked meeting",
        Side.SALES,
        _HIGHER,
        25,
        15,
        "weekly",
        "002:scoreboard / SAL to SQL Conversion",
    ),
    (
        "sql_acceptance_rate",
        "SQL Acceptance Rate",
        "% of SQLs accepted by AEs within the 4-hour SLA window",
        Side.SALES,
        _HIGHER,
        90,
        75,
        "daily",
        "002:scoreboard / SQL Acceptance Rate",
    ),
    (
        "sql_to_opportunity_rate",
        "SQL to Opportunity Rate",
        "% of SQLs that convert to active pipeline opportunities",
        Side.SALES,
        _HIGHER,
        80,
        65,
        "weekly",
        "002:scoreboard / SQL to Opportunity Rate",
    ),
    (
        "mql_quality_rate",
        "MQL Quality Rate",
        "% of MQLs meeting all entry criteria — inverse of SDR rejection rate",
        Side.MARKETING,
        _HIGHER,
        95,
        85,
        "monthly",
        "002:scoreboard / MQL Quality Rate; 002:marketing / MQL Quality Rate",
    ),
    (
        "sla_breach_rate",
        "Overall SLA Breach Rate",
        "% of leads or deals with at least one documented SLA breach",
        Side.SHARED,
        _LOWER,
        5,
        15,
        "weekly",
        "002:scoreboard / Overall SLA Breach Rate",
    ),
    (
        "data_enrichment_rate",
        "Data enrichment before routing",
        "% of MQLs enriched with firmographic and contact data before routing",
        Side.MARKETING,
        _HIGHER,
        100,
        95,
        "weekly",
        "002:marketing / Data Enrichment",
    ),
    (
        "activity_logging_timeliness",
        "Activity logged within 30 minutes",
        "% of touches logged with outcome within 30 min of the attempt",
        Side.SALES,
        _HIGHER,
        95,
        85,
        "weekly",
        "002:sal / Activity Logging",
    ),
    (
        "tal_coverage",
        "TAL account coverage",
        "% of target-account-list accounts with at least one marketing touch this month",
        Side.MARKETING,
        _HIGHER,
        90,
        50,
        "monthly",
        "001:marketing / Account Coverage",
    ),
    (
        "mql_quality_to_sal_30d",
        "MQLs accepted as SAL within 30 days",
        "% of MQLs meeting the quality criteria that convert to SAL within 30 days",
        Side.MARKETING,
        _HIGHER,
        60,
        40,
        "monthly",
        "001:marketing / Lead Generation Quality",
    ),
    (
        "intent_signal_coverage",
        "Intent signals acted upon",
        "% of Tier 1 TAL accounts with documented intent signals shared with Sales this month",
        Side.MARKETING,
        _HIGHER,
        90,
        70,
        "monthly",
        "001:marketing / Account Intent Signals",
    ),
    (
        "tier1_account_cadence",
        "Tier 1 account engagement",
        "% of Tier 1 accounts with 2 or more coordinated SDR + marketing touches this month",
        Side.SALES,
        _HIGHER,
        100,
        90,
        "monthly",
        "001:sales / Account Engagement Cadence",
    ),
    (
        "leads_touched_24h",
        "Leads touched within 24 hours",
        "% of leads with a first touch within 24 hours",
        Side.SALES,
        _HIGHER,
        80,
        60,
        "weekly",
        "001:measurement / Weekly lead response",
    ),
    (
        "win_loss_documented",
        "Lost deals with win-loss feedback",
        "% of lost opportunities with win-loss analysis shared within 2 weeks",
        Side.SALES,
        _HIGHER,
        75,
        50,
        "monthly",
        "001:sales / Win-Loss Feedback",
    ),
]

REVIEW_MEETINGS = [
    (
        "flash_report",
        "SLA Flash Report",
        "Daily (async)",
        "SDR Managers, AE Managers, RevOps",
        "Prior day compliance, breach flags, priority leads outstanding",
        "Slack post — red items tagged by name",
    ),
    (
        "revenue_sync",
        "Revenue Sync",
        "Weekly",
        "VP Sales, VP Marketing, SDR Mgr, RevOps",
        "Week metrics, funnel conversion, escalation review, quality issues",
        "Meeting notes, action items with named owners",
    ),
    (
        "pipeline_review",
        "Pipeline Review",
        "Bi-weekly",
        "CRO, VP Sales, AE Managers, RevOps",
        "Opportunity SLA compliance, stage age, forecast integrity, deal health",
        "Updated forecast, risk flags, coaching assignments",
    ),
    (
        "sla_calibration",
        "SLA Calibration",
        "Quarterly",
        "All GTM leadership + RevOps",
        "Full framework review, definition updates, target adjustments, win/loss correlation",
        "Updated framework document — versioned and distributed to all teams",
    ),
]

DEFINITIONS = [
    (
        "inquiry",
        "Inquiry",
        "Any inbound or outbound touch that results in a lead record being "
        "created. No qualification implied.",
        "002:glossary / Inquiry",
    ),
    (
        "mql",
        "MQL",
        "Marketing Qualified Lead: meets Marketing's documented entry criteria and "
        "is ready for SDR outreach. Marketing owns this status and its quality.",
        "002:glossary / MQL",
    ),
    (
        "sal",
        "SAL",
        "Sales Accepted Lead: an MQL an SDR has formally accepted for outreach and "
        "qualification. The SDR now owns it.",
        "002:glossary / SAL",
    ),
    (
        "sql",
        "SQL",
        "Sales Qualified Lead: confirmed pain, confirmed timeline, booked meeting with an AE.",
        "002:glossary / SQL",
    ),
    (
        "sla",
        "SLA",
        "A documented, bilateral commitment between two teams defining actions, "
        "timelines and accountability.",
        "002:glossary / SLA",
    ),
    (
        "speed_to_lead",
        "Speed to Lead",
        "Elapsed time between a lead's qualifying action and the SDR's first contact attempt.",
        "002:glossary / Speed to Lead",
    ),
    (
        "lead_recycling",
        "Lead Recycling",
        "Returning a worked lead to nurture for a defined "
        "suppression period before re-qualifying. Pipeline preservation, not failure.",
        "002:glossary / Lead Recycling",
    ),
    (
        "sla_breach",
        "SLA Breach",
        "Any instance where an SLA target is missed, regardless of "
        "reason. Patterns of breaches need systemic fixes.",
        "002:glossary / SLA Breach",
    ),
    (
        "icp",
        "ICP",
        "Ideal Customer Profile: the firmographic and behavioural characteristics of "
        "the accounts most likely to succeed as customers.",
        "002:glossary / ICP",
    ),
    (
        "meddpic",
        "MEDDPIC",
        "Metrics, Economic Buyer, Decision Criteria, Decision Process, Paper "
        "Process, Implicate Pain, Champion; simplified for SDR qualification.",
        "002:glossary / MEDDPIC",
    ),
    (
        "warm_handoff",
        "Warm Handoff",
        "A structured SQL-to-AE transition with a written briefing and a personal introduction.",
        "002:glossary / Warm Handoff",
    ),
    (
        "pipeline_hygiene",
        "Pipeline Hygiene",
        "Keeping opportunity records accurate, active and "
        "truthful: next steps, stage, close dates, logged activity.",
        "002:glossary / Pipeline Hygiene",
    ),
    (
        "business_hours",
        "Business hours",
        "08:00 to 18:00 in the prospect's local time zone, public holidays excluded.",
        "002:glossary / Business hours",
    ),
    (
        "sdr_notification",
        "SDR notification",
        "A real-time Slack and CRM alert fires simultaneously with routing.",
        "002:marketing / SDR Notification",
    ),
    (
        "ae_notification",
        "AE notification",
        "The AE receives a real-time Slack and CRM task the "
        "moment the SQL is created — automated, no manual exceptions.",
        "002:sql / AE Notification",
    ),
    (
        "internal_debrief",
        "Internal debrief",
        "A 10-minute SDR and AE sync 24 hours before the "
        "first AE-led meeting: required for strategic accounts, encouraged for all others.",
        "002:handoff / Internal Debrief",
    ),
    (
        "approach_lead_based",
        "Lead-based SLA",
        "Individual leads, channel-centric; uniform time "
        "standards. Simple to run; ignores buying groups. Best for inbound-heavy SMB.",
        "000:approaches / Lead-Based SLA",
    ),
    (
        "approach_abx",
        "Account-based SLA (ABX)",
        "Accounts and buying groups by tier; time "
        "standards tiered by account (A/B/C) and trigger. This charter's approach for named "
        "accounts.",
        "000:approaches / Account-Based SLA (ABX)",
    ),
    (
        "approach_strategic",
        "Strategic-account SLA",
        "Top 25–50 named accounts; white-glove, "
        "same-day exec follow-up; high cost, strict governance.",
        "000:approaches / Strategic-Account SLA",
    ),
    (
        "status_green",
        "Green status",
        "On track: both teams hitting their commitments.",
        "001:escalation / Green Status",
    ),
    (
        "status_yellow",
        "Yellow status",
        "A commitment missed by a small margin: the team names "
        "the root cause within 48 hours and proposes a correction; joint ops leaders discuss.",
        "001:escalation / Yellow Status",
    ),
    (
        "status_red",
        "Red status",
        "A commitment missed by a large margin, or yellow for two "
        "consecutive weeks: root-cause analysis and a remediation meeting of VP Sales, VP "
        "Marketing and the CRO.",
        "001:escalation / Red Status",
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


def _amount(spec: tuple[int, str] | None) -> dict:
    return {"amount": spec[0], "unit": spec[1]} if spec else {"amount": None, "unit": ""}


def _load_policies(version: CharterVersion, calendar) -> None:
    for spec in POLICIES:
        target, breach, warn = _amount(spec.target), _amount(spec.breach), _amount(spec.warn)
        rule, allowance, allowance_unit, by = spec.after_hours or ("", None, "", None)
        policy = Policy.objects.create(
            version=version,
            code=spec.code,
            name=spec.name,
            description=spec.description,
            subject=spec.subject,
            owner_role=spec.owner,
            start_events=list(spec.start),
            stop_events=list(spec.stop),
            lead_tier=spec.tier,
            account_tier=spec.account_tier,
            action=spec.action,
            stage=spec.stage,
            target_amount=target["amount"],
            target_unit=target["unit"],
            breach_amount=breach["amount"],
            breach_unit=breach["unit"],
            warn_amount=warn["amount"],
            warn_unit=warn["unit"],
            after_hours_rule=rule,
            after_hours_amount=allowance,
            after_hours_unit=allowance_unit,
            after_hours_by=by,
            calendar=calendar,
            is_active=spec.active,
            source=spec.source,
        )
        for order, step in enumerate(spec.steps, start=1):
            EscalationStep.objects.create(
                version=version,
                policy=policy,
                order=order,
                after_amount=step.after,
                after_unit=step.unit,
                relative_to=step.relative_to,
                notify_roles=step.roles,
                action=step.action,
            )


def _load_reason_codes(version: CharterVersion) -> None:
    rows = []
    for code, label, response, suppression, days, effect in _SDR_REJECTION:
        rows.append(
            ReasonCode(
                taxonomy=Taxonomy.SDR_REJECTION,
                code=code,
                label=label,
                required_response=response,
                reviewer_role=Role.MARKETING_OPS,
                target_state="rejected",
                suppression=suppression,
                suppression_days=days,
                side_effect=effect,
                source=f"002:rejection / {code}",
            )
        )
    for code, label, action, reviewer, state, suppression, days, effect, check_in in _AE_REJECTION:
        rows.append(
            ReasonCode(
                taxonomy=Taxonomy.AE_REJECTION,
                code=code,
                label=label,
                required_response=action,
                reviewer_role=reviewer,
                target_state=state,
                suppression=suppression,
                suppression_days=days,
                side_effect=effect,
                check_in_after_days=check_in,
                source=f"002:ae_rejection / {code}",
            )
        )
    for (
        code,
        scenario,
        outcome,
        state,
        suppression,
        days,
        effect,
        check_in,
        trigger,
        owner,
    ) in _RECYCLE:
        rows.append(
            ReasonCode(
                taxonomy=Taxonomy.RECYCLE,
                code=code,
                label=scenario,
                required_response=outcome,
                reviewer_role=owner,
                target_state=state,
                suppression=suppression,
                suppression_days=days,
                side_effect=effect,
                check_in_after_days=check_in,
                re_mql_trigger=trigger,
                source=f"002:recycle / {scenario}",
            )
        )
    for code, label, suppression, days, effect in _DISQUALIFICATION:
        rows.append(
            ReasonCode(
                taxonomy=Taxonomy.DISQUALIFICATION,
                code=code,
                label=label,
                target_state=(
                    "account_team" if effect == Fx.ROUTE_TO_ACCOUNT_TEAM else "disqualified"
                ),
                suppression=suppression,
                suppression_days=days,
                side_effect=effect,
                reviewer_role=Role.SDR_MANAGER,
                source="002:recycle / formally disqualified",
            )
        )
    for code, label in _DISPOSITIONS:
        rows.append(
            ReasonCode(
                taxonomy=Taxonomy.DISPOSITION,
                code=code,
                label=label,
                source="000:catalog / Disposition Update",
            )
        )
    for code, label in _WIN_LOSS:
        rows.append(
            ReasonCode(
                taxonomy=Taxonomy.WIN_LOSS,
                code=code,
                label=label,
                reviewer_role=Role.VP_MARKETING,
                required_response="Share the analysis with Marketing within 2 weeks of close",
                source="001:sales / Win-Loss Feedback",
            )
        )
    for row in rows:
        row.version = version
        row.save()


def load_default_charter(version: CharterVersion, calendar) -> None:
    """Write v1's rows into `version` (an empty draft); business clocks use `calendar`."""
    _load_policies(version, calendar)
    for code, name, condition, metric, threshold, roles, action, deadline, key in HYGIENE_TRIGGERS:
        HygieneTrigger.objects.create(
            version=version,
            code=code,
            name=name,
            condition=condition,
            metric=metric,
            threshold=threshold,
            alert_roles=roles,
            required_action=action,
            deadline_amount=deadline[0],
            deadline_unit=deadline[1],
            source=f"002:hygiene / {key}",
        )
    _load_reason_codes(version)
    for code, name, category, points, tier, is_action, days, note, source in SCORING_SIGNALS:
        ScoringSignal.objects.create(
            version=version,
            code=code,
            name=name,
            category=category,
            points=points,
            action_tier=tier,
            is_action=is_action,
            inactivity_days=days,
            note=note,
            source=source,
        )
    ScoringModel.objects.create(version=version, **SCORING_MODEL)
    for code, definition, bar, verified, key in MQL_CRITERIA:
        MqlCriterion.objects.create(
            version=version,
            code=code,
            definition=definition,
            minimum_bar=bar,
            verified_by=verified,
            source=f"002:mql / {key}",
        )
    for code, name, confirm, gate, otherwise, source in QUALIFICATION:
        QualificationElement.objects.create(
            version=version,
            code=code,
            name=name,
            sdr_must_confirm=confirm,
            gate=gate,
            if_not_confirmed=otherwise,
            source=source,
        )
    for code, order, name, definition, age, action, rule, within, key in STAGES:
        OpportunityStage.objects.create(
            version=version,
            code=code,
            order=order,
            name=name,
            definition=definition,
            max_age_days=age,
            next_action=action,
            close_date_rule=rule,
            close_within_days=within,
            source=f"002:stages / {key}; 002:master / Stage Age Maximum",
        )
    for tier, trigger, touches, days, after_hours in CADENCES:
        CadencePlan.objects.create(
            version=version,
            tier=tier,
            trigger=trigger,
            touches=touches,
            over_business_days=days,
            after_hours=after_hours,
            source=f"002:sdr response by tier / Tier {tier}",
        )
    for number, day, channel, objective, tiers in CADENCE_TOUCHES:
        CadenceTouch.objects.create(
            version=version,
            number=number,
            day=day,
            channel=channel,
            objective=objective,
            tiers=tiers,
            source=f"002:cadence / {number}",
        )
    for code, name, definition, owner, direction, green, red, cadence, source in SCOREBOARD:
        ScoreboardMetric.objects.create(
            version=version,
            code=code,
            name=name,
            definition=definition,
            owner=owner,
            direction=direction,
            green_from=Decimal(green),
            red_from=Decimal(red),
            cadence=cadence,
            source=source,
        )
    for code, name, frequency, attendees, agenda, output in REVIEW_MEETINGS:
        ReviewMeeting.objects.create(
            version=version,
            code=code,
            name=name,
            frequency=frequency,
            attendees=attendees,
            agenda=agenda,
            output=output,
            source=f"002:meetings / {name}",
        )
    for code, term, definition, source in DEFINITIONS:
        Definition.objects.create(
            version=version, code=code, term=term, definition=definition, source=source
        )
