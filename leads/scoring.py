"""How a lead is judged against the charter: score, ICP fit, persona, tier and MQL criteria.

Pure functions of the lead's data, its actions and the charter's rules (`rules.LeadRules`), so
they can be tested and re-run (charter replay) without the database.
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from slaportal.charter.models import MqlCriterion

from .rules import LeadRules


@dataclass(frozen=True)
class Firmographics:
    company: str
    industry: str
    employees: int | None


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str
    email: str
    phone: str
    title: str


@dataclass(frozen=True)
class ActionSeen:
    code: str
    occurred_at: datetime


@dataclass(frozen=True)
class Assessment:
    score: int
    breakdown: tuple[tuple[str, int], ...]
    icp_fit: int
    persona: str
    tier: int | None
    criteria: dict[str, dict]


PERSONA_NAMES = {"buyer": "an economic buyer", "influencer": "an influencer", "": "neither"}


def _matches(title: str, patterns: list[str]) -> bool:
    return any(
        re.search(rf"\b{re.escape(pattern)}\b", title, re.IGNORECASE) for pattern in patterns
    )


def persona_of(title: str, rules: LeadRules) -> str:
    if _matches(title, rules.model.buyer_title_patterns):
        return "buyer"
    if _matches(title, rules.model.influencer_title_patterns):
        return "influencer"
    return ""


def in_target_industry(company: Firmographics, rules: LeadRules) -> bool:
    return company.industry.strip().lower() in {i.lower() for i in rules.model.target_industries}


def in_size_range(company: Firmographics, rules: LeadRules) -> bool:
    model = rules.model
    return company.employees is not None and (
        model.company_size_min <= company.employees <= model.company_size_max
    )


def icp_fit_of(company: Firmographics, rules: LeadRules) -> int:
    """0–100 from the charter's ICP: half for the industry, half for the company size."""
    return 50 * in_target_industry(company, rules) + 50 * in_size_range(company, rules)


def role_based(email: str, rules: LeadRules) -> bool:
    local = email.split("@", 1)[0].split("+", 1)[0].lower()
    return local in {prefix.lower() for prefix in rules.model.role_email_prefixes}


def _action_tier(code: str, rules: LeadRules) -> int | None:
    """The action's tier in the charter in force; None for a signal a later version dropped
    (the action stays recorded, it just no longer counts)."""
    signal = rules.signals.get(code)
    return signal.action_tier if signal else None


def _tier_counts(actions: list[ActionSeen], rules: LeadRules) -> dict[int, int]:
    counts = {1: 0, 2: 0, 3: 0}
    for action in actions:
        if tier := _action_tier(action.code, rules):
            counts[tier] += 1
    return counts


# Tier-2 actions this close together make a behavioural cluster ("3+ clicks in 7 days").
CLUSTER_WINDOW = timedelta(days=7)


def tier_of(actions: list[ActionSeen], rules: LeadRules) -> int | None:
    """1 for a hand-raise, 2 for a behavioural cluster (enough Tier-2 actions within a week),
    3 for ICP and intent without either."""
    tiers = {action.code: _action_tier(action.code, rules) for action in actions}
    if 1 in tiers.values():
        return 1
    needed = rules.model.tier2_actions_for_intent
    times = sorted(action.occurred_at for action in actions if tiers[action.code] == 2)
    clusters = zip(times, times[needed - 1 :], strict=False)
    if any(later - earlier <= CLUSTER_WINDOW for earlier, later in clusters):
        return 2
    return 3 if any(tiers.values()) else None


def score_of(
    persona: str,
    company: Firmographics,
    actions: list[ActionSeen],
    rules: LeadRules,
    *,
    unsubscribed: bool,
    now: datetime,
) -> tuple[int, tuple[tuple[str, int], ...]]:
    """Appendix B: demographic fit, each action signal once, decay, the unsubscribe penalty."""
    signals, breakdown = rules.signals, []

    def add(code: str) -> None:
        if code in signals:
            breakdown.append((code, signals[code].points))

    if in_target_industry(company, rules):
        add("target_industry")
    if in_size_range(company, rules):
        add("company_size")
    if persona:
        add(f"{persona}_persona")
    for code in sorted({action.code for action in actions}):
        if signals.get(code) and signals[code].action_tier:
            add(code)
    latest = max((action.occurred_at for action in actions), default=None)
    decays = sorted(
        (signal for signal in signals.values() if signal.inactivity_days),
        key=lambda signal: -signal.inactivity_days,
    )
    for decay in decays:  # the longest silence that applies replaces the shorter ones
        if latest and now - latest >= timedelta(days=decay.inactivity_days):
            add(decay.code)
            break
    if unsubscribed:
        add("unsubscribe")
    return sum(points for _, points in breakdown), tuple(breakdown)


def criteria_of(
    person: Person,
    persona: str,
    company: Firmographics,
    actions: list[ActionSeen],
    rules: LeadRules,
    *,
    icp_fit: int,
    score: int,
    territory_staffed: bool,
) -> dict[str, dict]:
    """Each MQL entry criterion of the charter, met or not, with a sentence saying why."""
    model = rules.model
    counts = _tier_counts(actions, rules)
    missing = [
        label
        for label, value in (
            ("first name", person.first_name),
            ("last name", person.last_name),
            ("company", company.company),
            ("email", person.email),
            ("phone", person.phone),
        )
        if not value.strip()
    ]
    try:
        validate_email(person.email)
        email_problem = "role-based address" if role_based(person.email, rules) else ""
    except ValidationError:
        email_problem = "not a valid address"
    results = {
        MqlCriterion.Code.ICP_FIT: (
            icp_fit >= model.icp_fit_minimum,
            f"ICP fit of at least {model.icp_fit_minimum} (is {icp_fit})",
        ),
        MqlCriterion.Code.PERSONA: (
            bool(persona),
            f"a buyer or influencer title (“{person.title or 'no title'}” maps to "
            f"{PERSONA_NAMES[persona]})",
        ),
        MqlCriterion.Code.INTENT: (
            counts[1] >= model.tier1_actions_for_intent
            or counts[2] >= model.tier2_actions_for_intent,
            f"{model.tier1_actions_for_intent} Tier-1 or {model.tier2_actions_for_intent} "
            f"Tier-2 actions (has {counts[1]} and {counts[2]})",
        ),
        MqlCriterion.Code.DATA_COMPLETE: (
            not missing,
            "complete data" + (f" (missing {', '.join(missing)})" if missing else ""),
        ),
        MqlCriterion.Code.EMAIL_VALID: (
            not email_problem,
            "a valid, personal email" + (f" ({email_problem})" if email_problem else ""),
        ),
        MqlCriterion.Code.TERRITORY: (
            territory_staffed,
            "an actively staffed territory"
            + ("" if territory_staffed else " (REJ-07: outside current coverage)"),
        ),
    }
    criteria = {
        code: {"met": met, "detail": detail}
        for code, (met, detail) in results.items()
        if code in rules.criteria
    }
    criteria["score"] = {
        "met": score >= model.mql_threshold,
        "detail": f"a score of at least {model.mql_threshold} (is {score})",
    }
    return criteria


def assess(
    person: Person,
    company: Firmographics,
    actions: list[ActionSeen],
    rules: LeadRules,
    *,
    icp_fit: int | None,
    unsubscribed: bool,
    territory_staffed: bool,
    now: datetime,
) -> Assessment:
    """The lead judged against the charter, in one call: `icp_fit` is the enrichment system's
    when it gave one, else computed from the charter's ICP."""
    persona = persona_of(person.title, rules)
    if icp_fit is None:
        icp_fit = icp_fit_of(company, rules)
    score, breakdown = score_of(
        persona, company, actions, rules, unsubscribed=unsubscribed, now=now
    )
    return Assessment(
        score=score,
        breakdown=breakdown,
        icp_fit=icp_fit,
        persona=persona,
        tier=tier_of(actions, rules),
        criteria=criteria_of(
            person,
            persona,
            company,
            actions,
            rules,
            icp_fit=icp_fit,
            score=score,
            territory_staffed=territory_staffed,
        ),
    )
