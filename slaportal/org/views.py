from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from .roles import Role


def home(request):
    """Send each person to their role's workspace."""
    if request.user.role:
        return redirect("workspace", role=request.user.role)
    return render(request, "org/no_role.html")


def workspace(request, role: str):
    if role not in Role.values:
        raise Http404("No such workspace.")
    role = Role(role)
    if request.user.role != role and not request.user.is_superuser:
        raise PermissionDenied(f"This is the {role.label} workspace.")
    team = request.user.team
    members = team.memberships.select_related("user") if team else []
    return render(
        request,
        "org/workspace.html",
        {"workspace_role": role, "team": team, "members": members},
    )
