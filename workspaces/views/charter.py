"""Charter sign-off for the leaders who sign it (Marketing, SDR and Sales): the versions in
review awaiting them and those they signed, and a version's page showing what publishing it
would change, who has signed and who still must, with the "Sign off" button. The button calls
the same service as the admin's; whether it is offered follows the same rule
(`CharterVersion.sign_off_refusal`)."""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from slaportal.charter import services
from slaportal.charter.diff import diff_versions
from slaportal.charter.models import (
    SIGN_OFF_FUNCTION_OF_ROLE,
    CharterVersion,
    SignOff,
    SignOffFunction,
)
from slaportal.fsm import TransitionRefused
from slaportal.org.roles import Role

# A leader signs a few versions a year: the latest of them are enough to look back on.
SIGNED_SHOWN = 50


def _signing_function(user) -> SignOffFunction:
    """The function the viewer signs for; anyone who does not sign gets a 403 (the service's
    own words), so an SDR sees neither the drafts nor the button."""
    function = SIGN_OFF_FUNCTION_OF_ROLE.get(user.role)
    if function is None or not user.has_perm("charter.sign_off_charterversion"):
        raise PermissionDenied("Only Marketing, SDR and Sales leaders sign off the charter.")
    return function


def _with_sign_offs(versions):
    return versions.select_related("based_on").prefetch_related(
        Prefetch("sign_offs", queryset=SignOff.objects.select_related("signer"))
    )


@dataclass
class Listed:
    version: CharterVersion
    sign_offs: list[SignOff]
    mine: SignOff | None = None
    # Another leader's signature for the viewer's own function: nothing left for them to sign.
    covered_by: SignOff | None = None


def _listed(version: CharterVersion, user, function: SignOffFunction) -> Listed:
    sign_offs = list(version.sign_offs.all())
    return Listed(
        version=version,
        sign_offs=sign_offs,
        mine=next((s for s in sign_offs if s.signer_id == user.pk), None),
        covered_by=next((s for s in sign_offs if s.function == function), None),
    )


def sign_off_list(request):
    user = request.user
    function = _signing_function(user)
    in_review = _with_sign_offs(
        CharterVersion.objects.filter(state=CharterVersion.State.IN_REVIEW).exclude(
            sign_offs__signer=user
        )
    )
    signed = _with_sign_offs(CharterVersion.objects.filter(sign_offs__signer=user))
    pending = [_listed(version, user, function) for version in in_review]
    return render(
        request,
        "workspaces/charter_sign_off_list.html",
        {
            "function": function,
            "awaiting": [entry for entry in pending if entry.covered_by is None],
            "covered": [entry for entry in pending if entry.covered_by is not None],
            "signed": [_listed(version, user, function) for version in signed[:SIGNED_SHOWN]],
            "functions_count": len(SignOffFunction),
        },
    )


@dataclass
class Signature:
    function: SignOffFunction
    sign_off: SignOff | None
    # Who may still sign for a function nobody has signed for yet.
    candidates: list


def _signatures(version: CharterVersion) -> list[Signature]:
    done = {sign_off.function: sign_off for sign_off in version.sign_offs.all()}
    candidates = defaultdict(list)
    if len(done) < len(SignOffFunction):
        leaders = (
            get_user_model()
            .objects.filter(
                is_active=True,
                groups__name__in=[role.label for role in SIGN_OFF_FUNCTION_OF_ROLE],
            )
            .annotate(group_name=F("groups__name"))
            .order_by("username")
        )
        for leader in leaders:
            role = Role.from_group_name(leader.group_name)
            candidates[SIGN_OFF_FUNCTION_OF_ROLE[role]].append(leader)
    return [
        Signature(
            function, done.get(function), candidates[function] if function not in done else []
        )
        for function in SignOffFunction
    ]


def _refusal_in_words(refusal: Exception) -> str:
    if isinstance(refusal, TransitionRefused):
        missing = f" Missing: {'; '.join(refusal.unmet)}." if refusal.unmet else ""
        return f"{refusal.detail}{missing}"
    return str(refusal) or "You may not sign this version."


@require_http_methods(["GET", "HEAD", "POST"])
def sign_off_page(request, version_id: int):
    _signing_function(request.user)
    # Leaders read every version (as in the admin); the service decides what they may sign.
    version = get_object_or_404(
        _with_sign_offs(CharterVersion.objects.select_related("author")), pk=version_id
    )
    if request.method == "POST":
        try:
            services.sign_off(version, request.user)
        except (TransitionRefused, PermissionDenied) as refusal:
            messages.error(request, f"Not signed: {_refusal_in_words(refusal)}")
        else:
            messages.success(request, f"You signed off charter v{version.number}.")
        return redirect("charter-sign-off", version_id=version.pk)

    compared_with = version.compared_by_default()
    signatures = _signatures(version)
    refusal = version.sign_off_refusal(request.user)
    return render(
        request,
        "workspaces/charter_sign_off.html",
        {
            "version": version,
            "compared_with": compared_with,
            "compared_with_is_scheduled": bool(
                compared_with
                and compared_with.is_frozen
                and compared_with.effective_from > timezone.now()
            ),
            "diffs": diff_versions(compared_with, version) if compared_with else [],
            "signatures": signatures,
            "fully_signed": all(s.sign_off for s in signatures),
            "rebase_onto": version.rebase_target(),
            "may_sign_off": refusal is None,
            "refusal": _refusal_in_words(refusal) if refusal else "",
        },
    )
