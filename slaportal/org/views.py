from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.templatetags.static import static

from .roles import Role


def home(request):
    """Send each person to their role's workspace; staff without a role (the superuser) to the
    admin, where their work is."""
    if request.user.role:
        return redirect("workspace", role=request.user.role)
    if request.user.is_staff:
        return redirect("admin:index")
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


@login_not_required
def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's, the API docs).
    Not a permanent redirect: the static file's hashed name changes with each release."""
    return redirect(static("img/favicon.svg"))
