"""How each measure of the charter's scoreboard is counted: a numerator and a denominator over
a scope (period, people, lead tier, source), each a queryset, so the number on the page and the
rows behind it come from the same filter (the drill-down counts what the metric counts).

A measure names the rows it counts (`unit`), says what it counts in words (`Definition`, shown
beside the number), and gives `counted(scope)`, the denominator's rows, and `passed()`, the
condition that puts a row in the numerator. The funnel's measures are read together in one
aggregate (`scoreboard.compute`); the others in one query each.

The period is business dates in the company's zone; a row belongs to the period of its
measured event (the MQL, the SAL, the SQL, the clock's start, the touch, the deal's opening).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import (
    Case,
    Count,
    Exists,
    Expression,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)

from escalations.models import Breach, Clock
from leads.models import Account, AccountSignal, IntentAction, Lead, SignalKind
from pipeline.models import Opportunity
from slaportal.charter.models import ScoreboardMetric
from slaportal.events import Event
from slaportal.events.models import EventRecord

from .models import LeadFunnel

M = ScoreboardMetric.Measure
LOGGING_WINDOW = timedelta(minutes=30)
FIRST_TOUCH_WINDOW = timedelta(hours=24)
QUALITY_ACCEPTANCE_WINDOW = timedelta(days=30)
SQO_WINDOW = timedelta(days=30)
COORDINATED_TOUCHES = 2


@dataclass(frozen=True)
class Scope:
    """What a scoreboard counts over: [start, end) and, when given, whose rows, of which lead
    tier and source (the qualifying action)."""

    start: datetime
    end: datetime
    now: datetime
    people: frozenset[int] | None = None
    tier: int | None = None
    source: str | None = None


@dataclass(frozen=True)
class Definition:
    numerator: str
    denominator: str
    excluded: str
    business_hours: bool


@dataclass(frozen=True)
class DailyRows:
    """How the daily rollups count a kind of row: the field that dates it, the fields that say
    whose it is, and its lead's tier and source (what a scope narrowed by them keeps)."""

    day_field: str
    people: tuple[str, ...]
    tier: Expression | F
    source: Expression | F


def _subject_lead(field: str) -> Case:
    """The `field` of the lead a row is about (its subject), None when it is not about a lead:
    what `leads_of` filters by, read per row."""
    lead = Lead.objects.filter(pk=OuterRef("subject_id")).values(field)[:1]
    return Case(When(subject_type="lead", then=Subquery(lead)), default=None)


class Measure:
    unit: str  # what the rows behind the number are: leads, clocks, accounts, touches…
    definition: Definition
    # A measure whose counts add up over days (each row counted on one day, for its people)
    # is kept in daily rollups.
    daily: DailyRows | None = None

    def counted(self, metric, scope: Scope) -> QuerySet:
        """The denominator's rows."""
        raise NotImplementedError

    def passed(self, metric, scope: Scope) -> Q:
        """The condition that puts a counted row in the numerator."""
        raise NotImplementedError

    def counts(self, metric, scope: Scope) -> tuple[int, int]:
        totals = self.counted(metric, scope).aggregate(
            denominator=Count("pk"), numerator=Count("pk", filter=self.passed(metric, scope))
        )
        return totals["numerator"], totals["denominator"]

    def rows(self, metric, scope: Scope, part: str) -> QuerySet:
        """The rows behind the number: `numerator`, `denominator` or `missed` (the difference)."""
        counted = self.counted(metric, scope)
        passed = self.passed(metric, scope)
        return {
            "numerator": counted.filter(passed),
            "missed": counted.exclude(passed),
        }.get(part, counted)


# --- The funnel: one row per lead since it became an MQL ------------------------------------


class FunnelMeasure(Measure):
    """A rate over the lead funnel: the leads that entered `cohort_field`'s gate in the period,
    and of them those whose later gate `passed` says."""

    unit = "leads"
    cohort_field = "mql_at"

    def __init__(self, passed: Q, definition: Definition, cohort_field: str = "mql_at", **only):
        self._passed, self.definition, self.cohort_field = passed, definition, cohort_field
        self.daily = DailyRows(cohort_field, ("sdr", "ae"), F("tier"), F("source"))
        self._only = Q(**only)

    def cohort(self, scope: Scope) -> Q:
        field = self.cohort_field
        within = Q(**{f"{field}__gte": scope.start, f"{field}__lt": scope.end}) & self._only
        if scope.people is not None:
            within &= Q(sdr__in=scope.people) | Q(ae__in=scope.people)
        if scope.tier is not None:
            within &= Q(tier=scope.tier)
        if scope.source:
            within &= Q(source=scope.source)
        return within

    def counted(self, metric, scope):
        return LeadFunnel.objects.filter(self.cohort(scope))

    def passed(self, metric, scope):
        return self._passed


def _funnel(passed: Q, numerator: str, denominator: str, excluded: str = "none", **options):
    return FunnelMeasure(
        passed,
        Definition(numerator, denominator, excluded, business_hours=False),
        **options,
    )


# --- Clocks: the charter's own SLAs, met in time or not ------------------------------------


class ClockCompliance(Measure):
    unit = "clocks"
    daily = DailyRows(
        "started_at", ("owner",), _subject_lead("tier"), _subject_lead("qualifying_action")
    )
    definition = Definition(
        numerator="clocks of the policy stopped by their target (met)",
        denominator="clocks of the policy started in the period that are decided: met, missed, "
        "breached, or still running past their target",
        excluded="clocks cancelled because the lead or deal left the flow first; clocks still "
        "running within their target",
        business_hours=True,
    )

    def counted(self, metric, scope):
        return self.decided(metric.policy_codes, scope)

    @staticmethod
    def decided(codes, scope: Scope) -> QuerySet:
        clocks = Clock.objects.filter(
            code__in=codes, started_at__gte=scope.start, started_at__lt=scope.end
        ).filter(
            Q(status__in=[Clock.Status.MET, Clock.Status.MISSED, Clock.Status.BREACHED])
            | Q(status=Clock.Status.RUNNING, target_at__lte=scope.now)
        )
        if scope.people is not None:
            clocks = clocks.filter(owner__in=scope.people)
        if scope.tier is not None or scope.source:
            clocks = clocks.filter(subject_type="lead", subject_id__in=leads_of(scope))
        return clocks

    def passed(self, metric, scope):
        return Q(status=Clock.Status.MET)

    @classmethod
    def counts_by_policy(cls, codes, scope: Scope) -> dict[str, tuple[int, int]]:
        rows = (
            cls.decided(codes, scope)
            .order_by()
            .values("code")
            .annotate(d=Count("pk"), n=Count("pk", filter=Q(status=Clock.Status.MET)))
        )
        return {row["code"]: (row["n"], row["d"]) for row in rows}


def leads_of(scope: Scope) -> QuerySet:
    leads = Lead.objects.all()
    if scope.tier is not None:
        leads = leads.filter(tier=scope.tier)
    if scope.source:
        leads = leads.filter(qualifying_action=scope.source)
    return leads.values("pk")


# The leads that became an MQL in a scope's period: the funnel's first cohort.
MQLS = _funnel(Q(), "", "")


def mqls_of(scope: Scope) -> QuerySet:
    return MQLS.counted(None, scope)


# --- Breaches: leads and deals with at least one --------------------------------------------


class BreachRate(Measure):
    """Leads (by their MQL) and deals (by their opening) of the period with a breach on record.
    Two kinds of row: `counts` adds them, `rows` gives the leads' and the deals' lists."""

    unit = "leads and opportunities"
    definition = Definition(
        numerator="those with at least one SLA breach on record (any policy or hygiene rule, "
        "resolved or not)",
        denominator="MQLs of the period and opportunities opened in the period",
        excluded="none",
        business_hours=False,
    )
    daily = MQLS.daily  # and the opportunities' by their opening: `kinds_by_day`

    def _breached(self, subject_type: str, pk_field: str) -> Q:
        # IN (…) rather than a correlated EXISTS: one hashed set of the breached subjects for
        # the period's rows, not an index probe per row.
        subjects = Breach.objects.filter(subject_type=subject_type).values("subject_id")
        return Q(**{f"{pk_field}__in": subjects})

    def kinds_by_day(self, scope: Scope) -> list[tuple[QuerySet, Q, DailyRows]]:
        """Its two kinds of row with how the rollups count each."""
        (leads, breached_leads), (deals, breached_deals) = self.kinds(scope).values()
        deals_daily = DailyRows(
            "created_at", ("owner",), F("lead__tier"), F("lead__qualifying_action")
        )
        return [(leads, breached_leads, self.daily), (deals, breached_deals, deals_daily)]

    def kinds(self, scope: Scope) -> dict[str, tuple[QuerySet, Q]]:
        deals = Opportunity.objects.filter(created_at__gte=scope.start, created_at__lt=scope.end)
        if scope.people is not None:
            deals = deals.filter(owner__in=scope.people)
        if scope.tier is not None or scope.source:
            deals = deals.filter(lead__in=leads_of(scope))
        return {
            "leads": (mqls_of(scope), self._breached("lead", "lead_id")),
            "opportunities": (deals, self._breached("opportunity", "pk")),
        }

    def counts(self, metric, scope):
        numerator = denominator = 0
        for rows, breached in self.kinds(scope).values():
            totals = rows.aggregate(n=Count("pk", filter=breached), d=Count("pk"))
            numerator, denominator = numerator + totals["n"], denominator + totals["d"]
        return numerator, denominator

    def rows(self, metric, scope, part):
        return {
            kind: (
                rows.filter(breached)
                if part == "numerator"
                else rows.exclude(breached)
                if part == "missed"
                else rows
            )
            for kind, (rows, breached) in self.kinds(scope).items()
        }


# --- Touches: logged by the system in time ----------------------------------------------------


class LoggingTimeliness(Measure):
    unit = "touches"
    daily = DailyRows(
        "occurred_at", ("actor",), _subject_lead("tier"), _subject_lead("qualifying_action")
    )
    definition = Definition(
        numerator="touches the portal heard of within 30 minutes of the attempt (the dialer's "
        "or sequencer's timestamp against the portal's receipt)",
        denominator="touches on leads made in the period",
        excluded="none",
        business_hours=False,
    )

    def counted(self, metric, scope):
        touches = EventRecord.objects.filter(
            name=Event.LEAD_ACTIVITY_LOGGED,
            occurred_at__gte=scope.start,
            occurred_at__lt=scope.end,
        )
        if scope.people is not None:
            touches = touches.filter(actor__in=scope.people)
        if scope.tier is not None or scope.source:
            touches = touches.filter(subject_type="lead", subject_id__in=leads_of(scope))
        return touches

    def passed(self, metric, scope):
        return Q(received_at__lte=F("occurred_at") + LOGGING_WINDOW)


# --- Accounts: the ABX commitments -----------------------------------------------------------


def _marketing_touched(scope: Scope) -> Q:
    """An account Marketing engaged in the period: one of its leads acted on a campaign (an
    intent action) or the account sent a signal (intent, event, gift, usage)."""
    return Q(
        Exists(
            IntentAction.objects.filter(
                account=OuterRef("pk"), occurred_at__gte=scope.start, occurred_at__lt=scope.end
            )
        )
    ) | Q(
        Exists(
            AccountSignal.objects.filter(
                account=OuterRef("pk"), occurred_at__gte=scope.start, occurred_at__lt=scope.end
            )
        )
    )


class AccountMeasure(Measure):
    unit = "accounts"

    def __init__(self, definition: Definition, tier_a_only: bool):
        self.definition, self._tier_a_only = definition, tier_a_only

    def counted(self, metric, scope):
        accounts = Account.objects.filter(on_target_list=True).order_by()
        if self._tier_a_only:
            accounts = accounts.filter(abx_tier=Account.Tier.A)
        if scope.people is not None:
            accounts = accounts.filter(owner_ae__in=scope.people)
        return accounts


class TalCoverage(AccountMeasure):
    def passed(self, metric, scope):
        return _marketing_touched(scope)


class IntentCoverage(AccountMeasure):
    def passed(self, metric, scope):
        return Q(
            Exists(
                AccountSignal.objects.filter(
                    account=OuterRef("pk"),
                    kind=SignalKind.INTENT_SPIKE,
                    occurred_at__gte=scope.start,
                    occurred_at__lt=scope.end,
                )
            )
        )


class CoordinatedTouches(AccountMeasure):
    def passed(self, metric, scope):
        # The account's `engaged` events are its leads' and deals' touches by SDRs and AEs
        # (the event log's subject index): is there a COORDINATED_TOUCHES-th in the period?
        sales_touches = EventRecord.objects.filter(
            subject_type="account",
            subject_id=OuterRef("pk"),
            name=Event.ACCOUNT_ENGAGED,
            occurred_at__gte=scope.start,
            occurred_at__lt=scope.end,
        ).order_by()
        nth = sales_touches.values("pk")[COORDINATED_TOUCHES - 1 : COORDINATED_TOUCHES]
        return _marketing_touched(scope) & Q(Exists(nth))


_ACCOUNTS_ON_LIST = "accounts on the target account list"

MEASURES: dict[str, Measure] = {
    M.CLOCK_COMPLIANCE: ClockCompliance(),
    M.LIVE_CONTACT: _funnel(
        Q(connected_at__isnull=False),
        "MQLs with a connected call (a real conversation, not an attempt)",
        "leads that became an MQL in the period",
    ),
    M.MQL_TO_SAL: _funnel(
        Q(accepted_at__isnull=False),
        "MQLs the SDR accepted (SAL)",
        "leads that became an MQL in the period",
        "none: MQLs still awaiting the SDR count as not accepted yet",
    ),
    M.SAL_TO_SQL: _funnel(
        Q(qualified_at__isnull=False),
        "SALs promoted to SQL (through the SQL gate: a booked meeting and the briefing)",
        "leads the SDR accepted (SAL) in the period",
        "none: SALs still being worked count as not promoted yet",
        cohort_field="accepted_at",
    ),
    M.SAL_TO_SQO_30D: _funnel(
        Q(converted_at__lte=F("accepted_at") + SQO_WINDOW),
        "SALs an AE accepted as an opportunity within 30 days of the SAL",
        "SALs at Tier A accounts accepted in the period",
        cohort_field="accepted_at",
        account_tier=Account.Tier.A,
    ),
    M.SQL_TO_OPPORTUNITY: _funnel(
        Q(converted_at__isnull=False),
        "SQLs an AE accepted, opening the opportunity",
        "leads promoted to SQL in the period (a reassignment by RevOps is not a second SQL)",
        "none: SQLs awaiting the AE count as not converted yet",
        cohort_field="qualified_at",
    ),
    M.MQL_QUALITY: _funnel(
        Q(rejected_at__isnull=True),
        "MQLs the SDR did not reject back to Marketing (with a REJ code)",
        "leads that became an MQL in the period",
    ),
    M.QUALITY_MQL_TO_SAL_30D: _funnel(
        Q(accepted_at__lte=F("mql_at") + QUALITY_ACCEPTANCE_WINDOW),
        "quality MQLs accepted as SAL within 30 days",
        "MQLs of the period from an economic buyer (Director+) or on a hand-raise action",
        quality=True,
    ),
    M.BREACH_RATE: BreachRate(),
    M.ENRICHMENT: _funnel(
        Q(enriched=True),
        "MQLs whose firmographics came from the enrichment system before routing",
        "leads that became an MQL in the period",
    ),
    M.NOTIFIED_2H: FunnelMeasure(
        Q(notified_in_time=True),
        Definition(
            "MQLs routed to an SDR (Sales notified) within 2 business hours",
            "leads that became an MQL in the period and were routed",
            "MQLs not routed (held for a territory, REJ-07)",
            business_hours=True,
        ),
        routed_at__isnull=False,
    ),
    M.TOUCHED_24H: _funnel(
        Q(first_touch_at__lte=F("routed_at") + FIRST_TOUCH_WINDOW),
        "MQLs with a first touch within 24 hours of routing",
        "leads that became an MQL in the period and were routed",
        "MQLs not routed",
        routed_at__isnull=False,
    ),
    M.LOGGING_TIMELINESS: LoggingTimeliness(),
    M.TAL_COVERAGE: TalCoverage(
        Definition(
            "accounts Marketing engaged in the period (a lead's intent action or an account "
            "signal)",
            _ACCOUNTS_ON_LIST,
            "none",
            business_hours=False,
        ),
        tier_a_only=False,
    ),
    M.INTENT_COVERAGE: IntentCoverage(
        Definition(
            "accounts with an intent spike on record in the period",
            f"Tier A {_ACCOUNTS_ON_LIST}",
            "none",
            business_hours=False,
        ),
        tier_a_only=True,
    ),
    M.TIER1_CADENCE: CoordinatedTouches(
        Definition(
            f"accounts with {COORDINATED_TOUCHES} or more touches by SDRs or AEs in a period in "
            "which Marketing engaged them too",
            f"Tier A {_ACCOUNTS_ON_LIST}",
            "none",
            business_hours=False,
        ),
        tier_a_only=True,
    ),
}
