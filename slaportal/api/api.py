"""The integration API v1 (contract: shared/contract/API.md). Each app adds its router."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI
from ninja.parser import Parser

from leads.api import router as leads_router
from pipeline.api import lead_router as ae_accept_router
from pipeline.api import router as opportunities_router
from slaportal.charter.api import router as charter_router
from slaportal.fsm import TransitionRefused

from .auth import AUTH


class EmptyBodyIsAnEmptyObject(Parser):
    """A POST that needs no fields (`accept`, a meeting outcome) may come without a body."""

    def parse_body(self, request):
        return super().parse_body(request) if request.body.strip() else {}


api = NinjaAPI(
    parser=EmptyBodyIsAnEmptyObject(),
    title="SLA Portal integration API",
    version="1",
    urls_namespace="api",
    auth=AUTH,
    description="How the marketing platform, dialer, calendar and BI tools talk to SLA Portal.",
)
api.add_router("/charter", charter_router)
# Before the leads router: the AE's acceptance of an SQL also opens the opportunity, which only
# the pipeline (above leads) may do.
api.add_router("", ae_accept_router)
api.add_router("/leads", leads_router)
api.add_router("/opportunities", opportunities_router)


@api.exception_handler(TransitionRefused)
def refused(request, refusal: TransitionRefused):
    return api.create_response(
        request, {"detail": refusal.detail, "unmet": refusal.unmet}, status=409
    )


@api.exception_handler(PermissionDenied)
def forbidden(request, refusal: PermissionDenied):
    return api.create_response(
        request, {"detail": str(refusal) or "You may not do that."}, status=403
    )


@api.exception_handler(Http404)
def not_found(request, error: Http404):
    return api.create_response(request, {"detail": str(error) or "Not found."}, status=404)
