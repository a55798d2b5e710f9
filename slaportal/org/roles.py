"""The portal's roles: each is a Django group carrying its permissions.

A user's role is the group they belong to; RevOps changes it in the admin. Later issues extend
``ROLE_PERMISSIONS`` as their models arrive; ``sync_role_groups`` runs after every migrate.
"""

from dataclasses import dataclass

from django.db import models


class Role(models.TextChoices):
    # The label is the group's name, as RevOps sees it in the admin.
    REVOPS = "revops", "RevOps"
    MARKETING_OPS = "marketing_ops", "Marketing Ops"
    SDR = "sdr", "SDR"
    SDR_MANAGER = "sdr_manager", "SDR Manager"
    AE = "ae", "AE"
    AE_MANAGER = "ae_manager", "AE Manager"
    VP_SALES = "vp_sales", "VP Sales"
    VP_MARKETING = "vp_marketing", "VP Marketing"
    # Chairs the remediation meeting when a commitment goes red (001's escalation framework).
    CRO = "cro", "CRO"

    @classmethod
    def from_group_name(cls, name: str) -> "Role | None":
        return next((role for role in cls if role.label == name), None)


@dataclass(frozen=True)
class RoleSpec:
    # Staff roles may open the admin (where the charter and taxonomies are edited).
    staff: bool
    permissions: tuple[str, ...]


def _crud(app_label: str, *models: str) -> tuple[str, ...]:
    return tuple(
        f"{app_label}.{action}_{model}"
        for model in models
        for action in ("add", "change", "delete", "view")
    )


_TEAM_VIEW = ("org.view_team", "org.view_teammembership")
_CHARTER_CONTENTS = (
    "policy",
    "escalationstep",
    "hygienetrigger",
    "reasoncode",
    "scoringsignal",
    "scoringmodel",
    "mqlcriterion",
    "qualificationelement",
    "opportunitystage",
    "cadenceplan",
    "cadencetouch",
    "scoreboardmetric",
    "reviewmeeting",
    "definition",
)
# Leaders read the charter; those who sign it off do so in the admin, never edit it.
_CHARTER_READ = (
    "charter.view_charterversion",
    *(f"charter.view_{model}" for model in _CHARTER_CONTENTS),
)
_CHARTER_SIGN_OFF = (*_CHARTER_READ, "charter.sign_off_charterversion")

ROLE_PERMISSIONS: dict[Role, RoleSpec] = {
    Role.REVOPS: RoleSpec(
        staff=True,
        permissions=(
            *_crud("org", "team", "teammembership"),
            "org.view_user",
            "auth.view_group",
            # Beat's schedules are edited in the admin by RevOps.
            "django_celery_beat.view_periodictask",
            "django_celery_beat.change_periodictask",
            "django_celery_beat.view_intervalschedule",
            "django_celery_beat.view_crontabschedule",
            "health.view_heartbeat",
            *_crud("charter", "businesscalendar", "weeklyhours", "closeddate", "extraopendate"),
            *_crud("charter", *_CHARTER_CONTENTS),
            "charter.add_charterversion",
            "charter.change_charterversion",
            "charter.view_charterversion",
            "charter.publish_charterversion",
            "charter.view_charteredit",
            "charter.view_signoff",
            *_crud("api", "apitoken"),
            *_crud("leads", "territory", "territoryregion", "territorymember", "suppresseddomain"),
            *_crud("leads", "account"),
            "leads.view_accountsignal",
            # Leads and opportunities are read here with their whole history.
            *(
                f"leads.view_{model}"
                for model in ("lead", "intentaction", "activity", "meeting", "leadtransition")
            ),
            *(
                f"pipeline.view_{model}"
                for model in (
                    "opportunity",
                    "stageentry",
                    "nextstep",
                    "closedatechange",
                    "amountchange",
                    "opportunityactivity",
                    "opportunitymeeting",
                )
            ),
            # The SLA engine's records and the event log they come from, read in the admin.
            *(
                f"escalations.view_{model}"
                for model in ("clock", "milestone", "breach", "escalation", "notification")
            ),
            "events.view_eventrecord",
        ),
    ),
    Role.MARKETING_OPS: RoleSpec(
        staff=True,
        permissions=(
            *_TEAM_VIEW,
            "charter.view_charterversion",
            *(f"charter.view_{model}" for model in _CHARTER_CONTENTS),
        ),
    ),
    Role.SDR: RoleSpec(staff=False, permissions=()),
    Role.SDR_MANAGER: RoleSpec(staff=True, permissions=(*_TEAM_VIEW, *_CHARTER_SIGN_OFF)),
    Role.AE: RoleSpec(staff=False, permissions=()),
    Role.AE_MANAGER: RoleSpec(staff=True, permissions=(*_TEAM_VIEW, *_CHARTER_SIGN_OFF)),
    Role.VP_SALES: RoleSpec(staff=True, permissions=(*_TEAM_VIEW, *_CHARTER_SIGN_OFF)),
    Role.VP_MARKETING: RoleSpec(staff=True, permissions=(*_TEAM_VIEW, *_CHARTER_SIGN_OFF)),
    Role.CRO: RoleSpec(
        staff=True,
        permissions=(*_TEAM_VIEW, *_CHARTER_READ),
    ),
}
