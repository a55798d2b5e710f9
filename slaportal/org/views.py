from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.templatetags.static import static


def home(request):
    """Send each person to their role's workspace; staff without a role (the superuser) to the
    admin, where their work is."""
    if request.user.role:
        return redirect("workspace", role=request.user.role)
    if request.user.is_staff:
        return redirect("admin:index")
    return render(request, "org/no_role.html")


@login_not_required
def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's, the API docs).
    Not a permanent redirect: the static file's hashed name changes with each release."""
    return redirect(static("img/favicon.svg"))
