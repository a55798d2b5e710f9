"""What managers and RevOps decide about leads the flow set aside: a lead scored in the review
band (promoted to MQL over its score, or held in nurture), the day-12 review of open SALs,
and RevOps' arbitration of an SQL an AE sent back for a territory or ownership conflict
(AE-REJ-05)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from slaportal.api.models import person_behind
from slaportal.charter.models import BusinessCalendar, DurationUnit, Policy
from slaportal.events import Event, publish_about, together
from slaportal.fsm import TransitionRefused, unmet
from slaportal.org.models import User
from slaportal.org.roles import Role

from ..models import REVIEW_STATES, Lead, LeadQuerySet, LeadTransition
from ..rules import rules_in_force

# A recycle code's consequences (suppression window, check-in, …) have one home, lifecycle's.
from .lifecycle import _apply_consequence, _reason, _run
from .routing import route

# Who may take a lead off the review list: the seeds leave it to the SDR manager's discretion;
# RevOps and the VP Marketing own the scoring model it overrides.
REVIEWERS = (Role.SDR_MANAGER, Role.REVOPS, Role.VP_MARKETING)
DECISIONS = ("reassign", "return_to_sal", "recycle")
# The charter policy whose warning is the SDR manager's check-in on open SALs (day 12 in v1).
SAL_RESOLUTION = "sal_resolution"


def _reviewer(caller, verb: str):
    person = person_behind(caller)
    if person is None or not (person.is_superuser or person.role in REVIEWERS):
        raise PermissionDenied(
            f"Only an SDR manager, RevOps or the VP Marketing may {verb} a lead on the review list."
        )
    return person


def _locked_on_review_list(lead: Lead) -> Lead:
    lead = Lead.objects.select_for_update().select_related("account").get(pk=lead.pk)
    missing = []
    if not lead.needs_review:
        model = rules_in_force().model
        missing.append(
            f"a score in the review band ({model.review_band_min}–{model.mql_threshold - 1}) "
            f"not yet reviewed (the score is {lead.score})"
        )
    if lead.state not in REVIEW_STATES:
        missing.append(f"a lead not yet worked (it is {lead.get_state_display()})")
    if missing:
        raise TransitionRefused("The lead is not on the review list.", missing)
    return lead


@transaction.atomic
def promote_from_review(lead: Lead, caller, *, note: str = "") -> Lead:
    """A manager overrides a review-band score: the lead becomes an MQL on its latest action,
    if it meets every other entry criterion, and is routed as intake routes an MQL; its events
    (state changed, became MQL, routed) start the SLA clocks an intake's would."""
    actor = _reviewer(caller, "promote")
    lead = _locked_on_review_list(lead)
    if missing := unmet(lead.promote):
        raise TransitionRefused(
            "Only the score can be overridden: the lead must meet every other MQL entry criterion.",
            missing,
        )
    now = timezone.now()
    with together():
        lead.mql_at, lead.needs_review = now, False
        # As intake takes the action just posted: the latest one recorded.
        lead.qualifying_action = (
            lead.actions.order_by("-id").values_list("code", flat=True).first() or ""
        )
        _run(lead, "promote", "promote", actor, score=lead.score, tier=lead.tier, note=note)
        publish_about(
            lead,
            Event.LEAD_BECAME_MQL,
            now,
            actor,
            score_overridden=True,
            enriched=lead.icp_fit_given,
        )
        route(lead, actor=actor, now=now)
    return lead


@transaction.atomic
def hold_in_review(lead: Lead, caller, *, note: str = "") -> Lead:
    """A manager keeps a review-band lead in nurture: it leaves the review list and stays
    where it is. A later intake that scores it in the band again puts it back."""
    actor = _reviewer(caller, "hold")
    lead = _locked_on_review_list(lead)
    lead.needs_review = False
    lead.save(update_fields=["needs_review"])
    # No state changed, so no event: no clock waits on a hold; the history row records it.
    LeadTransition.objects.create(
        lead=lead,
        name="hold",
        from_state=lead.state,
        to_state=lead.state,
        actor=actor,
        payload={"score": lead.score, "note": note},
    )
    return lead


class NoSalCheckIn(LookupError):
    """The charter in force has no check-in on the SAL resolution window."""


@dataclass(frozen=True)
class SalReview:
    business_days: int  # the check-in: this many business days after acceptance
    leads: list[Lead]  # oldest acceptance first, each with `accepted_at` and `check_in_at`


def open_sals_for_review(
    leads: LeadQuerySet | None = None, *, now: datetime | None = None
) -> SalReview:
    """The SALs still open on or after their check-in day: N business days after the latest
    acceptance, N the warning of the charter's SAL resolution policy (12 in v1; its ladder
    tells the SDR manager then). `leads` narrows the list (e.g. `Lead.objects.visible_to(...)`).

    Business days are counted in each lead's own zone, so no single cutoff instant fits every
    lead. One query takes the SALs accepted at least N − 2 calendar days ago, a bound that
    holds in every zone and calendar (N business days after an instant is never sooner than
    N − 1 days, less a DST hour), oldest acceptance first; the calendar then decides each lead
    exactly, as the clock's warning does. Over-fetched are only the SALs of the few days the
    bound is loose by, and the queries do not grow with the list (the charter's row is a
    second, small one; the calendar is remembered)."""
    now = now or timezone.now()
    rules = rules_in_force()
    days, unit, calendar_id = (
        Policy.objects.filter(version=rules.version_id, code=SAL_RESOLUTION, is_active=True)
        .values_list("warn_amount", "warn_unit", "calendar")
        .first()
    ) or (None, None, None)
    if unit != DurationUnit.BUSINESS_DAYS:
        raise NoSalCheckIn(
            "The charter in force sets no check-in on open SALs: the SAL resolution policy "
            f"(“{SAL_RESOLUTION}”) needs a warning in business days."
        )
    calendar = BusinessCalendar.current(calendar_id or rules.calendar_id)
    candidates = (Lead.objects.all() if leads is None else leads).open_sals_accepted_by(
        now - timedelta(days=max(days - 2, 0))
    )
    due = []
    for lead in candidates.select_related("owner", "account"):
        lead.check_in_at = calendar.engine(lead.timezone).add_days(lead.accepted_at, days)
        if lead.check_in_at <= now:
            due.append(lead)
    return SalReview(business_days=days, leads=due)


@transaction.atomic
def arbitrate(
    lead: Lead,
    caller,
    *,
    decision: str,
    ae: User | None = None,
    reason_code: str | None = None,
    note: str = "",
) -> Lead:
    """RevOps settles an SQL the AE sent to arbitration (AE-REJ-05), by `decision`:

    - "reassign": back to SQL with `ae`, another active AE, who confirms the briefing anew;
      published as a qualification, so the new AE's acceptance clock starts;
    - "return_to_sal": back to the SDR as an SAL, without an AE (the next qualification
      picks one afresh: the account's AE, else the least loaded);
    - "recycle": recycled with `reason_code` from the recycle taxonomy (one that recycles),
      its consequence applied as an SDR's recycle applies it; the lead's clocks are cancelled.

    Each writes an "arbitrate" history row and publishes `lead.arbitrated`."""
    person = person_behind(caller)
    if person is None or not (person.is_superuser or person.role == Role.REVOPS):
        raise PermissionDenied(
            "Only RevOps arbitrates an SQL an AE sent back for a territory or account "
            "ownership conflict (AE-REJ-05)."
        )
    if decision not in DECISIONS:
        raise TransitionRefused(
            f"No arbitration decision named “{decision}”.",
            [f"a decision: one of {', '.join(DECISIONS)}"],
        )
    lead = Lead.objects.select_for_update().select_related("account").get(pk=lead.pk)
    if lead.state != Lead.State.ARBITRATION:
        raise TransitionRefused(
            "Only a lead in arbitration can be arbitrated.",
            [f"a lead an AE sent to arbitration (the lead is {lead.get_state_display()})"],
        )
    now = timezone.now()
    with together():
        if decision == "reassign":
            _reassign(lead, person, ae, note, now)
        elif decision == "return_to_sal":
            lead.ae = None
            _run(lead, "return_from_arbitration", "arbitrate", person, decision=decision, note=note)
        else:
            code = _reason("recycle", reason_code)
            if code.target_state not in ("", Lead.State.RECYCLED):
                recycling = [
                    c.code
                    for c in rules_in_force().reason_codes[code.taxonomy].values()
                    if c.target_state in ("", Lead.State.RECYCLED)
                ]
                raise TransitionRefused(
                    f"{code.code} does not recycle the lead: it sends it to "
                    f"{Lead.State(code.target_state).label}.",
                    [f"a recycle reason code that recycles: one of {', '.join(recycling)}"],
                )
            _run(
                lead,
                "recycle_from_arbitration",
                "arbitrate",
                person,
                reason_code=code.code,
                decision=decision,
                note=note,
            )
            _apply_consequence(lead, code, now)
            publish_about(lead, Event.LEAD_RECYCLED, now, person, reason_code=code.code)
        publish_about(lead, Event.LEAD_ARBITRATED, now, person, decision=decision)
    return lead


def _reassign(lead: Lead, person, ae: User | None, note: str, now: datetime) -> None:
    if ae is None or not User.objects.with_role(Role.AE).filter(pk=ae.pk, is_active=True).exists():
        raise TransitionRefused(
            "A reassigned SQL goes to an active AE.", ["an active AE to hand the SQL to"]
        )
    if ae.pk == lead.ae_id:
        raise TransitionRefused(
            "A reassigned SQL goes to another AE.",
            [f"an AE other than {ae.username}, who sent it to arbitration"],
        )
    lead.ae, lead.briefing_read_at = ae, None
    _run(lead, "reassign", "arbitrate", person, decision="reassign", ae=ae.username, note=note)
    # A hand-off to a new AE, as the first one was: their acceptance clock starts.
    publish_about(lead, Event.LEAD_QUALIFIED, now, person, reassigned=True)
