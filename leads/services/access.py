"""Who may see a lead, post intake and account signals, and run which transition on a lead."""

from slaportal.api.models import ApiToken, Scope
from slaportal.fsm import starts_here, unmet
from slaportal.org.roles import Role

from ..models import Lead

# The contract's transition names, by who works them.
SDR_TRANSITIONS = ("accept", "reject", "qualify", "recycle", "disqualify")
AE_TRANSITIONS = ("ae_accept", "ae_reject")
# ae_reject runs one of these, depending on the AE-REJ code; any of them shows availability.
_MODEL_TRANSITION = {"ae_reject": "return_to_sal"}


def _marketing_feed(caller, scope: Scope) -> bool:
    """What Marketing's systems post: their tokens with `scope`, Marketing Ops and RevOps."""
    if isinstance(caller, ApiToken):
        return caller.allows(scope)
    return caller.is_superuser or caller.role in (Role.MARKETING_OPS, Role.REVOPS)


def may_post_intake(caller) -> bool:
    """Intake is an integration path: the marketing platform's or a form's token, Marketing
    Ops and RevOps; `None` is the portal itself (demo data)."""
    return caller is None or _marketing_feed(caller, Scope.LEADS_INTAKE)


def may_post_signals(caller) -> bool:
    """Account signals come from the marketing platform, the intent provider, the event app,
    the gift platform and product analytics, or from Marketing Ops and RevOps."""
    return _marketing_feed(caller, Scope.SIGNALS_WRITE)


def leads_visible_to(caller):
    if isinstance(caller, ApiToken):
        return Lead.objects.all()
    return Lead.objects.visible_to(caller)


def may_act(caller, lead: Lead, name: str) -> bool:
    """An SDR on their own leads, an AE on SQLs assigned to them, managers for their team,
    RevOps for all; an integration token with the leads:write right for all."""
    if isinstance(caller, ApiToken):
        return caller.allows(Scope.LEADS_WRITE)
    if caller.is_superuser or caller.role == Role.REVOPS:
        return True
    worker = lead.owner if name in SDR_TRANSITIONS else lead.ae
    if worker is None:
        return False
    if worker.pk == caller.pk:
        return True
    manager_role = Role.SDR_MANAGER if name in SDR_TRANSITIONS else Role.AE_MANAGER
    team = worker.team
    return caller.role == manager_role and team is not None and team.manager_id == caller.pk


def may_work(caller, lead: Lead, scope: Scope) -> bool:
    """Touches and meetings: whoever works the lead, or a token with `scope`."""
    if isinstance(caller, ApiToken):
        return caller.allows(scope)
    return may_act(caller, lead, "accept") or may_act(caller, lead, "ae_accept")


def available_transitions(lead: Lead, caller) -> list[dict]:
    """For the caller: each transition, whether they may run it now, and what is missing."""
    available = []
    for name in SDR_TRANSITIONS + AE_TRANSITIONS:
        bound = getattr(lead, _MODEL_TRANSITION.get(name, name))
        missing = unmet(bound)
        if not may_act(caller, lead, name):
            missing = ["you do not work this lead", *missing]
        available.append(
            {
                "name": name,
                "allowed": not missing,
                "unmet": missing,
                "from_here": starts_here(bound),
            }
        )
    return available
