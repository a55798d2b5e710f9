from escalations.models import Notification


def notification_bell(request):
    """The unread count of the bell in the top bar; one indexed count, lazily on use."""
    user = request.user
    if not user.is_authenticated:
        return {}
    return {"unread_notifications": lambda: Notification.objects.inbox(user).unread().count()}
