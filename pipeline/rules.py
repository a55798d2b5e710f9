"""The stage table of the charter in force (limits and close-date rules), per version."""

from functools import lru_cache

from slaportal.charter import in_force
from slaportal.charter.models import OpportunityStage


def stage_rules() -> dict[str, dict]:
    version_id = in_force.version_id_in_force()
    return stage_rules_of(version_id) if version_id else {}


@lru_cache(maxsize=16)
def stage_rules_of(version_id: int) -> dict[str, dict]:
    return {
        stage.code: {
            "name": stage.name,
            "max_age_days": stage.max_age_days,
            "close_within_days": stage.close_within_days,
        }
        for stage in OpportunityStage.objects.filter(version=version_id)
    }
