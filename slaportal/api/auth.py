"""Who is calling the API: an integration's bearer token or a signed-in person's session."""

from django.core.exceptions import PermissionDenied
from ninja.security import HttpBearer, SessionAuth

from slaportal.org.roles import Role

from .models import ApiToken, Scope


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str) -> ApiToken | None:
        return ApiToken.objects.authenticate(token)


class PersonAuth(SessionAuth):
    """The browser session of a signed-in person, its writes CSRF-checked. A request from
    nobody signed in is unauthenticated (401), not a CSRF failure (403)."""

    def _get_key(self, request):
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)


# What a signed-in person may do through the API, by scope. Object-level rules (your own
# leads, your team's) are the services' business; these gate the endpoint itself.
SESSION_SCOPES = {
    Scope.CHARTER_READ: lambda user: True,
    Scope.LEADS_INTAKE: lambda user: user.role in (Role.MARKETING_OPS, Role.REVOPS),
    Scope.LEADS_READ: lambda user: user.role is not None,
    Scope.LEADS_WRITE: lambda user: user.role is not None,
    Scope.ACTIVITIES_WRITE: lambda user: user.role is not None,
    Scope.MEETINGS_WRITE: lambda user: user.role is not None,
    Scope.SIGNALS_WRITE: lambda user: user.role in (Role.MARKETING_OPS, Role.REVOPS),
    Scope.OPPORTUNITIES_READ: lambda user: user.role is not None,
    Scope.OPPORTUNITIES_WRITE: lambda user: (
        user.role in (Role.AE, Role.AE_MANAGER, Role.VP_SALES, Role.REVOPS)
    ),
    # Which breaches, and whether this one may be acknowledged, is the engine's business.
    Scope.BREACHES_READ: lambda user: user.role is not None,
    Scope.BREACHES_WRITE: lambda user: user.role is not None,
    # Both teams see the same numbers.
    Scope.SCOREBOARD_READ: lambda user: user.role is not None,
}

AUTH = [TokenAuth(), PersonAuth()]


def require(request, scope: Scope) -> None:
    """403 unless the caller (token or person) holds `scope`."""
    caller = request.auth
    if isinstance(caller, ApiToken):
        allowed = caller.allows(scope)
    else:
        allowed = caller.is_superuser or SESSION_SCOPES.get(scope, lambda user: False)(caller)
    if not allowed:
        raise PermissionDenied(f"This needs the “{scope.value}” right.")
