"""The integration API v1 (contract: shared/contract/API.md). Each app adds its router."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from django.urls import reverse
from ninja import NinjaAPI, Schema
from ninja.errors import ValidationError
from ninja.parser import Parser

from escalations.api import notifications_router
from escalations.api import router as breaches_router
from leads.api import CHARTER_CODES, accounts_router
from leads.api import router as leads_router
from leads.rules import NoCharterInForce
from pipeline.api import lead_router as ae_accept_router
from pipeline.api import router as opportunities_router
from scoreboard.api import router as scoreboard_router
from slaportal.charter.api import router as charter_router
from slaportal.fsm import TransitionRefused

from .auth import AUTH


class PortalParser(Parser):
    def parse_body(self, request):
        """A POST whose fields are all optional (`advance`, `ae_accept`) may come without a
        body."""
        return super().parse_body(request) if request.body.strip() else {}

    def parse_querydict(self, data, list_fields, request):
        """A single-valued query parameter given twice is ambiguous: refused, not guessed."""
        repeated = [key for key in data if key not in list_fields and len(data.getlist(key)) > 1]
        if repeated:
            raise ValidationError(
                [
                    {"loc": ["query", key], "msg": "given more than once", "type": "repeated"}
                    for key in repeated
                ]
            )
        return super().parse_querydict(data, list_fields, request)


class PortalAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """The document, with the codes of the charter in force as the enums of the fields
        that take them (the intake's action, a disposition's code): the codes are charter data,
        so a static schema could not list them."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        try:
            enums = {field: codes() for field, codes in CHARTER_CODES.items()}
        except NoCharterInForce:
            return schema
        for (component, field), codes in enums.items():
            schema["components"]["schemas"][component]["properties"][field]["enum"] = codes
        return schema


api = PortalAPI(
    parser=PortalParser(),
    title="SLA Portal integration API",
    version="1",
    urls_namespace="api",
    auth=AUTH,
    description="How the marketing platform, dialer, calendar and BI tools talk to SLA Portal. "
    "Refusals: 401 without a valid credential, 403 without the right, 404 for what you may not "
    "see, 409 when a gate refuses (with what is missing), 422 naming each bad field, 503 while "
    "no charter version is in force.",
)
api.add_router("/charter", charter_router)
api.add_router("", ae_accept_router)
api.add_router("/leads", leads_router)
api.add_router("/opportunities", opportunities_router)
api.add_router("/accounts", accounts_router)
api.add_router("/breaches", breaches_router)
api.add_router("/notifications", notifications_router)
api.add_router("/scoreboard", scoreboard_router)


class IndexOut(Schema):
    title: str
    openapi: str
    docs: str


@api.get("/", auth=None, response=IndexOut, summary="Where the API is described")
def index(request):
    return {
        "title": api.title,
        "openapi": reverse("api:openapi-json"),
        "docs": reverse("api:openapi-view"),
    }


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


@api.exception_handler(NoCharterInForce)
def no_charter(request, error: NoCharterInForce):
    return api.create_response(
        request,
        {
            "detail": "No SLA charter version is in force yet: RevOps must publish one "
            "(admin → Charter versions) before leads can be taken in or moved."
        },
        status=503,
    )


@api.exception_handler(RequestDataTooBig)
def too_big(request, error: RequestDataTooBig):
    return api.create_response(
        request,
        {
            "detail": f"body: larger than the {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes a "
            "request may carry; send less at a time."
        },
        status=413,
    )
