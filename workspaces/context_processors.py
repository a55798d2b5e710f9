from django.urls import reverse

from escalations.models import Notification
from slaportal.charter.models import SIGN_OFF_FUNCTION_OF_ROLE
from slaportal.org.roles import Role


def navigation(request):
    """The navigation links of the signed-in user's role, for the base layout."""
    user = request.user
    if not user.is_authenticated:
        return {"nav_links": []}
    links = []
    if user.role:
        links.append((f"{user.role.label} workspace", reverse("workspace", args=[user.role])))
    elif user.is_superuser:
        links += [(f"{role.label} workspace", reverse("workspace", args=[role])) for role in Role]
    if user.role or user.is_superuser:
        # Both teams see the same numbers.
        links.append(("Scoreboard", reverse("scoreboard")))
    if user.role in SIGN_OFF_FUNCTION_OF_ROLE:
        links.append(("Charter sign-off", reverse("charter-sign-off-list")))
    if user.role == Role.REVOPS or user.is_superuser:
        links.append(("System health", reverse("health")))
    if user.is_staff:
        links.append(("Admin", reverse("admin:index")))
    return {"nav_links": links}


def notification_bell(request):
    """The unread count of the bell in the top bar; one indexed count, lazily on use."""
    user = request.user
    if not user.is_authenticated:
        return {}
    return {"unread_notifications": lambda: Notification.objects.inbox(user).unread().count()}
