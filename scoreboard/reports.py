"""What the scoreboard's charts, the seeds' measurement framework and the diagnostic flags
count, each in SQL over a scope: speed to lead against live contact, the funnel with its
conversion at each gate, touches per SDR per business day, daily MQL volume by source, the
monthly engagement of Tier A accounts, SAL→SQO velocity by account tier, the win-loss
repository, AE rejections by code, SDR SQL→opportunity conversion and rejection by code."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    Value,
    When,
)
from django.db.models.functions import TruncDate, TruncMonth

from escalations.models import Breach, Clock
from leads.models import Account, Activity, IntentAction
from pipeline.models import Opportunity
from slaportal import company
from slaportal.org.models import User
from slaportal.org.roles import Role

from . import board
from .measures import Scope, leads_of, mqls_of
from .models import LeadFunnel

# Speed to lead: the first touch's delay after routing, in the seeds' steps (002's chart).
DELAYS = (
    ("under 5 min", timedelta(minutes=5)),
    ("5–30 min", timedelta(minutes=30)),
    ("30 min – 2 h", timedelta(hours=2)),
    ("2–24 h", timedelta(hours=24)),
    ("over 24 h", None),
)
NEVER = "not touched"
# 002: an SDR makes 80–100 touches a day.
TOUCHES_A_DAY = (80, 100)
# 002: an AE rejecting more than 20 % of SQLs as "not a real buyer" or "no pain" is a flag.
AE_REJECTION_FLAG = 20
AE_FLAG_CODES = ("AE-REJ-01", "AE-REJ-02")
# 002: SQL→opportunity conversion on the SDR scorecard, read 4–6 weeks after the SQL.
SQL_MATURITY = (timedelta(weeks=4), timedelta(weeks=6))


def percent(part: int, whole: int) -> float | None:
    """`part` of `whole` in percent to one decimal; None of nothing."""
    return round(100 * part / whole, 1) if whole else None


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    of: int  # what `count` is a share of (0: no share)

    @property
    def share(self) -> float | None:
        return percent(self.count, self.of)


def speed_to_lead(scope: Scope) -> list[Bar]:
    """Routed MQLs by how soon the first touch came, each with its live-contact rate."""
    delay = ExpressionWrapper(F("first_touch_at") - F("routed_at"), output_field=DurationField())
    limits = [
        When(first_touch_at__isnull=True, then=Value(NEVER)),
        *(
            When(delay__lte=limit, then=Value(label))
            for label, limit in DELAYS
            if limit is not None
        ),
    ]
    rows = (
        mqls_of(scope)
        .filter(routed_at__isnull=False)
        .annotate(delay=delay)
        .annotate(step=Case(*limits, default=Value(DELAYS[-1][0]), output_field=CharField()))
        .order_by()
        .values("step")
        .annotate(n=Count("pk"), live=Count("pk", filter=Q(connected_at__isnull=False)))
    )
    found = {row["step"]: row for row in rows}
    return [
        Bar(label, found.get(label, {}).get("live", 0), found.get(label, {}).get("n", 0))
        for label in [*(label for label, _ in DELAYS), NEVER]
    ]


def _through_each_gate() -> dict[str, Count]:
    """MQLs, and how many of them passed each later gate."""
    return {
        "mql": Count("pk"),
        "sal": Count("pk", filter=Q(accepted_at__isnull=False)),
        "sql": Count("pk", filter=Q(qualified_at__isnull=False)),
        "opportunity": Count("pk", filter=Q(converted_at__isnull=False)),
    }


def funnel(scope: Scope) -> list[Bar]:
    """The MQLs of the period through each gate; each bar's share is of the gate before."""
    totals = mqls_of(scope).aggregate(**_through_each_gate())
    steps = [("MQL", "mql"), ("SAL", "sal"), ("SQL", "sql"), ("Opportunity", "opportunity")]
    bars, before = [], 0
    for label, key in steps:
        bars.append(Bar(label, totals[key], before))
        before = totals[key]
    return bars


def business_days(first: date, last: date) -> int:
    """Days with open hours on the company's calendar, first…last."""
    is_open = board.open_day_test()
    return sum(is_open(first + timedelta(days=n)) for n in range((last - first).days + 1))


def touches_per_sdr(scope: Scope, first: date, last: date) -> list[Bar]:
    """Each SDR's touches on leads in the period per business day (`count` touches a day, `of`
    the days), against the seeds' 80–100."""
    sdrs = User.objects.with_role(Role.SDR).filter(is_active=True)
    if scope.people is not None:
        sdrs = sdrs.filter(pk__in=scope.people)
    sdrs = list(sdrs.order_by("username"))
    made = dict(
        Activity.objects.filter(
            actor__in=[person.pk for person in sdrs],
            occurred_at__gte=scope.start,
            occurred_at__lt=scope.end,
            purpose=Activity.Purpose.TOUCH,
        )
        .values_list("actor")
        .annotate(n=Count("*"))  # not a column: the index answers alone
        .order_by()
    )
    days = business_days(first, last)
    return [
        Bar(person.username, round(made.get(person.pk, 0) / days) if days else 0, days)
        for person in sdrs
    ]


def mql_volume_by_source(scope: Scope) -> tuple[list[date], list[tuple[str, list[int]]]]:
    """Daily MQLs by source: the days, and per source its count on each day."""
    rows = (
        mqls_of(scope)
        .annotate(day=TruncDate("mql_at", tzinfo=company.time_zone()))
        .order_by()
        .values_list("source", "day")
        .annotate(n=Count("pk"))
    )
    first, end = company.date_of(scope.start), company.date_of(scope.end)
    days = [first + timedelta(days=n) for n in range((end - first).days)]
    counts: dict[str, dict[date, int]] = {}
    for source, day, n in rows:
        counts.setdefault(source, {})[day] = n
    return days, [
        (source, [by_day.get(day, 0) for day in days]) for source, by_day in sorted(counts.items())
    ]


def engagement_heatmap(scope: Scope, months: int = 6) -> tuple[list[date], list]:
    """Tier A target accounts by month: how many of their leads' touches and intent actions
    each month (the seeds' monthly heatmap of coordinated engagement)."""
    last = company.date_of(scope.end - timedelta(microseconds=1)).replace(day=1)
    firsts = [last]
    while len(firsts) < months:
        firsts.insert(0, (firsts[0] - timedelta(days=1)).replace(day=1))
    start, _ = board.period(firsts[0], firsts[0])
    zone = company.time_zone()
    accounts = Account.objects.filter(on_target_list=True, abx_tier=Account.Tier.A).order_by("name")
    touches = (
        Activity.objects.filter(lead__account__in=accounts, occurred_at__gte=start)
        .filter(occurred_at__lt=scope.end)
        .annotate(month=TruncMonth("occurred_at", tzinfo=zone))
        .order_by()
        .values_list("lead__account", "month")
        .annotate(n=Count("pk"))
    )
    actions = (
        IntentAction.objects.filter(account__in=accounts, occurred_at__gte=start)
        .filter(occurred_at__lt=scope.end)
        .annotate(month=TruncMonth("occurred_at", tzinfo=zone))
        .order_by()
        .values_list("account", "month")
        .annotate(n=Count("pk"))
    )
    cells: dict[tuple[int, date], list[int]] = {}
    for index, rows in enumerate((touches, actions)):
        for account, month, n in rows:
            cells.setdefault((account, board.date_of_truncation(month)), [0, 0])[index] = n
    return firsts, [
        (account, [cells.get((account.pk, month), [0, 0]) for month in firsts])
        for account in accounts
    ]


def velocity_by_account_tier(scope: Scope) -> list[tuple[str, int, float | None]]:
    """SALs of the period that became opportunities: how many and their average days from SAL
    to SQO, per account tier."""
    converted = LeadFunnel.objects.filter(
        accepted_at__gte=scope.start, accepted_at__lt=scope.end, converted_at__isnull=False
    )
    if scope.people is not None:
        converted = converted.filter(Q(sdr__in=scope.people) | Q(ae__in=scope.people))
    rows = (
        converted.annotate(
            days=ExpressionWrapper(
                F("converted_at") - F("accepted_at"), output_field=DurationField()
            )
        )
        .order_by()
        .values("account_tier")
        .annotate(n=Count("pk"), average=Avg("days"))
    )
    found = {row["account_tier"]: row for row in rows}
    return [
        (
            f"Tier {tier}" if tier else "No tier",
            found.get(tier, {}).get("n", 0),
            _days(found.get(tier, {}).get("average")),
        )
        for tier in ("A", "B", "C", "")
    ]


def _days(average) -> float | None:
    if average is None:
        return None
    seconds = average.total_seconds() if hasattr(average, "total_seconds") else average / 1e6
    return round(seconds / 86400, 1)


def win_loss(scope: Scope) -> list[dict]:
    """Deals lost in the period by win-loss reason code, with how many had feedback."""
    lost = Opportunity.objects.filter(
        stage=Opportunity.Stage.LOST, closed_at__gte=scope.start, closed_at__lt=scope.end
    )
    if scope.people is not None:
        lost = lost.filter(owner__in=scope.people)
    return list(
        lost.order_by()
        .values("loss_reason_code")
        .annotate(n=Count("pk"), with_feedback=Count("pk", filter=~Q(loss_feedback="")))
        .order_by("-n", "loss_reason_code")
    )


def ae_rejections(scope: Scope) -> list[dict]:
    """Each AE's SQLs of the period and how many they sent back under AE-REJ-01/02, flagged
    over 20 %."""
    rows = (
        LeadFunnel.objects.filter(
            qualified_at__gte=scope.start, qualified_at__lt=scope.end, ae__isnull=False
        )
        .order_by()
        .values("ae__username")
        .annotate(
            sqls=Count("pk"),
            flagged=Count("pk", filter=Q(ae_rejection_code__in=AE_FLAG_CODES)),
        )
        .order_by("ae__username")
    )
    return [
        {
            **row,
            "share": percent(row["flagged"], row["sqls"]),
            "flag": 100 * row["flagged"] > AE_REJECTION_FLAG * row["sqls"],
        }
        for row in rows
    ]


def sdr_conversion_after_maturity(today: date) -> list[dict]:
    """Each SDR's SQLs made 4–6 weeks before `today`, and how many became opportunities."""
    young, old = SQL_MATURITY
    start, _ = board.period(today - old, today - old)
    _, end = board.period(today - young, today - young)
    rows = (
        LeadFunnel.objects.filter(qualified_at__gte=start, qualified_at__lt=end)
        .exclude(sdr=None)
        .order_by()
        .values("sdr__username")
        .annotate(sqls=Count("pk"), converted=Count("pk", filter=Q(converted_at__isnull=False)))
        .order_by("sdr__username")
    )
    return [{**row, "share": percent(row["converted"], row["sqls"])} for row in rows]


def rejections_by_code(scope: Scope) -> list[dict]:
    """The MQLs of the period the SDRs rejected, by code: the signal to recalibrate scoring."""
    mqls = mqls_of(scope)
    total = mqls.count()
    rows = (
        mqls.exclude(rejection_code="")
        .order_by()
        .values("rejection_code")
        .annotate(n=Count("pk"))
        .order_by("-n", "rejection_code")
    )
    return [{**row, "share": percent(row["n"], total)} for row in rows]


def opportunities_created(scope: Scope) -> list[dict]:
    """The wall screen: each AE's opportunities opened in the period and how fast they were
    qualified (SAL to SQO, in days), fastest first among the most."""
    rows = (
        LeadFunnel.objects.filter(converted_at__gte=scope.start, converted_at__lt=scope.end)
        .exclude(ae=None)
        .annotate(
            days=ExpressionWrapper(
                F("converted_at") - F("accepted_at"), output_field=DurationField()
            )
        )
        .order_by()
        .values("ae__username", "ae__first_name", "ae__last_name")
        .annotate(n=Count("pk"), average=Avg("days"))
    )
    return sorted(
        ({**row, "days": _days(row["average"])} for row in rows),
        key=lambda row: (-row["n"], row["days"] if row["days"] is not None else 1e9),
    )


def clock_compliance_by_policy(scope: Scope, subject_type: str) -> list[dict]:
    """Each policy's clocks about `subject_type` started in the period: met of decided (the
    scoreboard's clock compliance, per policy)."""
    decided = Q(status__in=["met", "missed", "breached"]) | Q(
        status="running", target_at__lte=scope.now
    )
    clocks = Clock.objects.filter(
        subject_type=subject_type,
        policy__isnull=False,
        started_at__gte=scope.start,
        started_at__lt=scope.end,
    ).filter(decided)
    if scope.people is not None:
        clocks = clocks.filter(owner__in=scope.people)
    rows = (
        clocks.order_by()
        .values("code", "name")
        .annotate(decided=Count("pk"), met=Count("pk", filter=Q(status="met")))
        .order_by("name")
    )
    return [{**row, "share": percent(row["met"], row["decided"])} for row in rows]


def breaches_by_policy(scope: Scope) -> list[dict]:
    """The period's breaches by policy or hygiene rule, with where each stands."""
    breaches = Breach.objects.filter(breached_at__gte=scope.start, breached_at__lt=scope.end)
    if scope.people is not None:
        breaches = breaches.filter(owner__in=scope.people)
    return list(
        breaches.order_by()
        .values("code", "name")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(status=Breach.Status.OPEN)),
            acknowledged=Count("pk", filter=Q(status=Breach.Status.ACKNOWLEDGED)),
            resolved=Count("pk", filter=Q(status=Breach.Status.RESOLVED)),
            escalated=Count("pk", filter=Q(level__gte=2)),
        )
        .order_by("-total", "name")
    )


def conversion_by_source(scope: Scope) -> list[dict]:
    """What each source's MQLs of the period became (SAL, SQL, opportunity), and how the deals
    of leads from that source that closed in the period went: where to weight engagement
    (001's quarterly "what did we learn?")."""
    funnel = mqls_of(scope).order_by().values("source").annotate(**_through_each_gate())
    closed = Opportunity.objects.filter(
        stage__in=Opportunity.CLOSED, closed_at__gte=scope.start, closed_at__lt=scope.end
    )
    if scope.people is not None:
        closed = closed.filter(owner__in=scope.people)
    if scope.tier is not None or scope.source:
        closed = closed.filter(lead__in=leads_of(scope))
    outcomes = {
        row["lead__qualifying_action"]: row
        for row in closed.order_by()
        .values("lead__qualifying_action")
        .annotate(
            won=Count("pk", filter=Q(stage=Opportunity.Stage.WON)),
            lost=Count("pk", filter=Q(stage=Opportunity.Stage.LOST)),
        )
    }
    rows = {row["source"]: {**row, "won": 0, "lost": 0} for row in funnel}
    for source, outcome in outcomes.items():
        row = rows.setdefault(
            source, {"source": source, "mql": 0, "sal": 0, "sql": 0, "opportunity": 0}
        )
        row.update(won=outcome["won"], lost=outcome["lost"])
    return [
        {
            **row,
            "sal_share": percent(row["sal"], row["mql"]),
            "opportunity_share": percent(row["opportunity"], row["mql"]),
            "win_share": percent(row["won"], row["won"] + row["lost"]),
        }
        for row in sorted(rows.values(), key=lambda row: (-row["mql"], row["source"]))
    ]
