"""The lead rules of the charter version in force, compiled once per version.

Published versions never change, so what is read from one is cached for the process's life;
finding which version is in force is one indexed query.
"""

from dataclasses import dataclass
from functools import lru_cache

from slaportal.charter import in_force
from slaportal.charter.models import (
    BusinessCalendar,
    CadencePlan,
    CharterVersion,
    Policy,
    QualificationElement,
    ReasonCode,
    ScoringModel,
    ScoringSignal,
)


@dataclass(frozen=True)
class LeadRules:
    version_id: int
    signals: dict[str, ScoringSignal]  # by code
    actions: frozenset[str]  # signal codes an integration may post as `action`
    model: ScoringModel
    criteria: tuple[str, ...]  # MQL entry criteria codes, in charter order
    required_elements: tuple[tuple[str, str], ...]  # (code, name) of the SQL gate
    preferred_elements: tuple[tuple[str, str], ...]
    reason_codes: dict[str, dict[str, ReasonCode]]  # taxonomy → code → row
    calendar_id: int  # the business calendar of the lead clocks (hours, holidays, zone)
    cadences: dict[int, CadencePlan]  # tier → plan


class NoCharterInForce(Exception):
    pass


def rules_in_force() -> LeadRules:
    version_id = in_force.version_id_in_force()
    if version_id is None:
        raise NoCharterInForce("No charter version is in force: publish one first.")
    return rules_of(version_id)


@lru_cache(maxsize=16)
def rules_of(version_id: int) -> LeadRules:
    signals = {signal.code: signal for signal in ScoringSignal.objects.filter(version=version_id)}
    elements = QualificationElement.objects.filter(version=version_id).order_by("pk")
    reason_codes: dict[str, dict[str, ReasonCode]] = {}
    for code in ReasonCode.objects.filter(version=version_id):
        reason_codes.setdefault(code.taxonomy, {})[code.code] = code
    return LeadRules(
        version_id=version_id,
        signals=signals,
        actions=frozenset(code for code, signal in signals.items() if signal.is_action),
        model=ScoringModel.objects.get(version=version_id),
        criteria=tuple(
            CharterVersion.objects.get(pk=version_id).mql_criteria.values_list("code", flat=True)
        ),
        required_elements=tuple(
            (e.code, e.name) for e in elements if e.gate == QualificationElement.Gate.REQUIRED
        ),
        preferred_elements=tuple(
            (e.code, e.name) for e in elements if e.gate == QualificationElement.Gate.PREFERRED
        ),
        reason_codes=reason_codes,
        cadences={plan.tier: plan for plan in CadencePlan.objects.filter(version=version_id)},
        calendar_id=(
            Policy.objects.filter(version=version_id, subject="lead", calendar__isnull=False)
            .values_list("calendar", flat=True)
            .first()
            or BusinessCalendar.objects.order_by("pk").values_list("pk", flat=True).first()
        ),
    )
