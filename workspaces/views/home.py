from functools import partial

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from slaportal.org.roles import Role

from . import ae, manager, scoreboard, sdr
from .who import who_context

# The roles whose workspace is a page of its own; the others see who they are and their team.
_PAGES = {
    Role.SDR: sdr.workspace,
    Role.AE: ae.workspace,
    # Marketing's half of the bilateral SLA, and the CRO's whole of it, is the scoreboard.
    **{role: partial(scoreboard.workspace, role=role) for role in (Role.MARKETING_OPS, Role.CRO)},
    **{
        role: partial(manager.workspace, role=role)
        for role in (
            Role.SDR_MANAGER,
            Role.AE_MANAGER,
            Role.VP_SALES,
            Role.VP_MARKETING,
            Role.REVOPS,
        )
    },
}


def workspace(request, role: str):
    if role not in Role.values:
        raise Http404("No such workspace.")
    role = Role(role)
    if request.user.role != role and not request.user.is_superuser:
        raise PermissionDenied(f"This is the {role.label} workspace.")
    if role in _PAGES:
        return _PAGES[role](request)
    return render(request, "org/workspace.html", who_context(request, role))
