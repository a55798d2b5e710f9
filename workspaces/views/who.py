from slaportal.org.roles import Role


def who_context(request, role: Role) -> dict:
    """The card of who the viewer is and their team, on every workspace."""
    team = request.user.team
    members = team.memberships.select_related("user") if team else []
    return {"workspace_role": role, "team": team, "members": members}
