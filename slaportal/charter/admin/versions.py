"""The charter in the admin: RevOps edits drafts; leaders sign; published versions are read-only.

Lifecycle buttons post to this admin's own URLs, which call the charter services (the same
functions the API and commands use); refusals come back as messages naming what is missing.
"""

from contextlib import contextmanager
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import (
    display_for_field,
    display_for_value,
    label_for_field,
    lookup_field,
)
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst

from slaportal.events import Event
from slaportal.fsm import TransitionRefused
from slaportal.org.roles import Role
from slaportal.readonly_admin import ReadOnlyAdmin

from .. import services
from ..diff import diff_versions
from ..models import (
    CONTENT_MODELS,
    CadencePlan,
    CadenceTouch,
    CharterEdit,
    CharterVersion,
    CharterVersionFrozen,
    Definition,
    EscalationStep,
    HygieneTrigger,
    LeadTier,
    MqlCriterion,
    OpportunityStage,
    Policy,
    QualificationElement,
    ReasonCode,
    ReviewMeeting,
    ScoreboardMetric,
    ScoringModel,
    ScoringSignal,
    editing_as,
)

EVENT_LISTS = ("start_events", "stop_events", "pause_events", "resume_events")
ROLE_LISTS = ("notify_roles", "alert_roles")


class AuditedAdmin(admin.ModelAdmin):
    """Attributes every charter edit made through these pages to the signed-in person."""

    @contextmanager
    def _as(self, request):
        with editing_as(request.user):
            yield

    def changeform_view(self, request, *args, **kwargs):
        with self._as(request):
            return super().changeform_view(request, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        with self._as(request):
            return super().delete_view(request, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):
        with self._as(request):
            return super().changelist_view(request, *args, **kwargs)


def _choice_list_field(db_field, choices, *, coerce=str):
    return forms.TypedMultipleChoiceField(
        choices=choices,
        coerce=coerce,
        required=not db_field.blank,
        widget=forms.CheckboxSelectMultiple,
        label=db_field.verbose_name.capitalize(),
        help_text=db_field.help_text,
    )


class ChoiceListsMixin:
    """Lists of events, roles or tiers (stored as JSON) edited as checkboxes."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in EVENT_LISTS:
            return _choice_list_field(db_field, Event.choices)
        if db_field.name in ROLE_LISTS:
            return _choice_list_field(db_field, Role.choices)
        if db_field.name == "tiers":
            return _choice_list_field(db_field, LeadTier.choices, coerce=int)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


def _frozen(parent) -> bool:
    """Whether the row being edited (a version, or a row of one) is in a frozen version."""
    version = parent if isinstance(parent, CharterVersion) else getattr(parent, "version", None)
    return version is not None and version.is_frozen


class FrozenAwareInline(ChoiceListsMixin, admin.TabularInline):
    """An inline of a version's rows: read-only once the version is published."""

    extra = 0
    show_change_link = True
    exclude = ("source",)

    def has_add_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_delete_permission(request, obj)


@admin.register(CharterVersion)
class CharterVersionAdmin(AuditedAdmin):
    list_display = ("__str__", "state", "effective_from", "author", "published_at", "signatures")
    list_filter = ("state",)
    list_select_related = ("author",)
    fields = (
        "number",
        "state",
        "effective_from",
        "change_notes",
        "author",
        "based_on",
        "created_at",
        "published_at",
        "published_by",
        "sign_off_list",
        "recent_edits",
    )
    # Only the notes and the effective-from are typed in; the lifecycle writes the rest.
    readonly_fields = tuple(
        name for name in fields if name not in ("effective_from", "change_notes")
    )
    change_form_template = "admin/charter/charterversion/change_form.html"
    change_list_template = "admin/charter/charterversion/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(signature_count=Count("sign_offs"))

    @admin.display(description="Sign-offs")
    def signatures(self, version):
        return f"{version.signature_count} of 3"

    @admin.display(description="Signed off by")
    def sign_off_list(self, version):
        sign_offs = version.sign_offs.select_related("signer")
        if not sign_offs:
            return "Nobody yet."
        return format_html_join(
            "",
            "<div>{}: {} on {}</div>",
            (
                (s.get_function_display(), s.signer, f"{s.signed_at:%Y-%m-%d %H:%M}")
                for s in sign_offs
            ),
        )

    @admin.display(description="Audit trail")
    def recent_edits(self, version):
        edits = version.edits.select_related("editor")[:15]
        listing = format_html_join("", "<div>{}</div>", ((str(edit),) for edit in edits))
        link = reverse("admin:charter_charteredit_changelist") + f"?version__id__exact={version.pk}"
        return format_html('{}<p><a href="{}">Every edit of this version</a></p>', listing, link)

    def has_change_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request):
        return False  # drafts start from the "New draft" buttons (start_draft)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        version = self.get_object(request, object_id)
        context = {**(extra_context or {})}
        if version:
            if version.is_frozen and request.method == "GET":
                messages.info(request, CharterVersionFrozen(version).message)
            context.update(
                versions=CharterVersion.objects.exclude(pk=version.pk).order_by("-number"),
                compare_with=version.compared_by_default(),
                rebase_onto=(onto := version.rebase_target()),
                rebase_onto_scheduled=bool(onto and onto.effective_from > timezone.now()),
                may_sign_off=version.may_sign_off(request.user),
                row_sections=row_sections(self.admin_site, request, version),
            )
        return super().change_view(request, object_id, form_url, extra_context=context)

    def get_urls(self):
        own = [
            path(
                "new-draft/", self.admin_site.admin_view(self.new_draft), name="charter_new_draft"
            ),
            path(
                "<int:pk>/act/<str:action>/",
                self.admin_site.admin_view(self.act),
                name="charter_version_act",
            ),
            path(
                "<int:pk>/compare/",
                self.admin_site.admin_view(self.compare),
                name="charter_version_compare",
            ),
        ]
        return own + super().get_urls()

    def new_draft(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        based_on = request.POST.get("based_on")
        base = get_object_or_404(CharterVersion, pk=based_on) if based_on else None
        try:
            draft = services.start_draft(request.user, based_on=base)
        except PermissionDenied as refusal:
            messages.error(request, str(refusal))
            return redirect("admin:charter_charterversion_changelist")
        except TransitionRefused as refusal:
            messages.error(request, _refusal_message(refusal))
            return redirect("admin:charter_charterversion_change", base.pk)
        messages.success(request, f"Started draft v{draft.number}.")
        return redirect("admin:charter_charterversion_change", draft.pk)

    def act(self, request, pk, action):
        """Submit for review, sign off, publish or rebase, through the charter services."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        version = get_object_or_404(CharterVersion, pk=pk)
        try:
            if action == "submit":
                services.submit_for_review(version, request.user)
                done = "submitted for review"
            elif action == "sign":
                services.sign_off(version, request.user)
                done = "signed off"
            elif action == "publish":
                effective_from = parse_datetime(request.POST.get("effective_from") or "")
                if effective_from and timezone.is_naive(effective_from):
                    effective_from = timezone.make_aware(effective_from)
                services.publish(version, request.user, effective_from=effective_from)
                done = "published"
            elif action == "rebase":
                done = _rebased_message(services.rebase(version, request.user))
            else:
                raise PermissionDenied(f"Unknown action “{action}”.")
        except TransitionRefused as refusal:
            messages.error(request, _refusal_message(refusal))
        except PermissionDenied as refusal:
            messages.error(request, str(refusal) or "You may not do that.")
        else:
            messages.success(request, f"Charter v{version.number} {done}.")
        return redirect("admin:charter_charterversion_change", pk)

    def compare(self, request, pk):
        new = get_object_or_404(CharterVersion.objects.select_related("based_on"), pk=pk)
        default = new.compared_by_default()
        old_pk = request.GET.get("with")
        old = get_object_or_404(CharterVersion, pk=old_pk) if old_pk else default
        context = {
            **self.admin_site.each_context(request),
            "title": f"Changes from v{old.number} to v{new.number}" if old else "Compare",
            "old": old,
            "new": new,
            "diffs": diff_versions(old, new) if old else [],
            "versions": CharterVersion.objects.exclude(pk=pk).order_by("-number"),
            "compare_default": default,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/charter/charterversion/compare.html", context)


def _refusal_message(refusal: TransitionRefused) -> str:
    missing = f" Missing: {'; '.join(refusal.unmet)}." if refusal.unmet else ""
    return f"{refusal.detail}{missing}"


def _rebased_message(rebased: services.Rebased) -> str:
    onto, base = rebased.onto.number, rebased.started_from.number
    taken = (
        f"took v{onto}'s changes since v{base}: {'; '.join(rebased.taken)}"
        if rebased.taken
        else f"v{onto} changed no row since v{base}"
    )
    kept = f"; kept this draft's own: {'; '.join(rebased.kept)}" if rebased.kept else ""
    return f"rebased onto v{onto} ({taken}{kept})"


@dataclass
class SummaryRow:
    cells: list[str]
    url: str | None
    delete_url: str | None


@dataclass
class RowSection:
    """One kind of row of a version, as a compact read-only table linking to each row's page."""

    name: str
    singular: str
    anchor: str
    headers: list[str]
    rows: list[SummaryRow]
    add_url: str | None


# Escalation steps are edited on their policy's page.
SUMMARY_MODELS = tuple(model for model in CONTENT_MODELS if model is not EscalationStep)


def _url_of_row(name: str):
    """`pk → URL` for an admin URL of one row, reversed once."""
    marker = "0000-row-pk-0000"
    prefix, suffix = reverse(name, args=[marker]).split(marker)
    return lambda pk: f"{prefix}{pk}{suffix}"


def row_sections(admin_site, request, version: CharterVersion) -> list[RowSection]:
    """Every kind of row of `version`, one query each, in the columns of its own list page
    (less the version): the version page stays small however many rows the charter holds."""
    sections = []
    for model in SUMMARY_MODELS:
        model_admin = admin_site._registry[model]
        opts = model._meta
        columns = [name for name in model_admin.list_display if name != "version"]
        may_view = model_admin.has_view_or_change_permission(request)
        may_delete = not version.is_frozen and model_admin.has_delete_permission(request)
        # One reverse per kind of row, not two per row (a third of the page's time otherwise).
        change_url = _url_of_row(f"admin:charter_{opts.model_name}_change") if may_view else None
        delete_url = _url_of_row(f"admin:charter_{opts.model_name}_delete") if may_delete else None
        rows = []
        for row in model.objects.filter(version=version):
            row.version = version
            cells = []
            for name in columns:
                model_field, attr, value = lookup_field(name, row, model_admin)
                cells.append(
                    display_for_value(value, "—", boolean=getattr(attr, "boolean", False))
                    if model_field is None
                    else display_for_field(value, model_field, "—")
                )
            rows.append(
                SummaryRow(
                    cells=cells,
                    url=change_url and change_url(row.pk),
                    delete_url=delete_url and delete_url(row.pk),
                )
            )
        addable = (
            not version.is_frozen
            and model_admin.has_add_permission(request)
            and not (model is ScoringModel and rows)
        )
        sections.append(
            RowSection(
                name=capfirst(opts.verbose_name_plural),
                singular=str(opts.verbose_name),
                anchor=f"rows-{opts.model_name}",
                headers=[capfirst(label_for_field(name, model, model_admin)) for name in columns],
                rows=rows,
                add_url=reverse(f"admin:charter_{opts.model_name}_add") + f"?version={version.pk}"
                if addable
                else None,
            )
        )
    return sections


class VersionRowAdmin(ChoiceListsMixin, AuditedAdmin):
    """A kind of charter row on its own page: filterable by version, read-only when frozen.
    Saving or deleting a row goes back to its version's page, where every row is listed."""

    list_filter = ("version",)
    list_select_related = ("version",)

    def _back_to_version(self, version_id: int) -> HttpResponseRedirect:
        url = reverse("admin:charter_charterversion_change", args=[version_id])
        return HttpResponseRedirect(f"{url}#rows-{self.opts.model_name}")

    def response_post_save_add(self, request, obj):
        return self._back_to_version(obj.version_id)

    def response_post_save_change(self, request, obj):
        return self._back_to_version(obj.version_id)

    def delete_model(self, request, obj):
        request.charter_version_id = obj.version_id
        super().delete_model(request, obj)

    def response_delete(self, request, obj_display, obj_id):
        response = super().response_delete(request, obj_display, obj_id)
        version_id = getattr(request, "charter_version_id", None)
        if version_id is None or IS_POPUP_VAR in request.POST:
            return response
        return self._back_to_version(version_id)

    def has_change_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "version":
            kwargs["queryset"] = CharterVersion.objects.exclude(
                state__in=CharterVersion.FROZEN_STATES
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class EscalationStepInline(FrozenAwareInline):
    model = EscalationStep
    fields = ("order", "after_amount", "after_unit", "relative_to", "notify_roles", "action")
    show_change_link = False

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "action":  # the ladder fits a 1366 px screen beside the sidebar
            field.widget = forms.TextInput(attrs={"size": 18})
        return field


@admin.register(Policy)
class PolicyAdmin(VersionRowAdmin):
    list_display = ("code", "name", "version", "owner_role", "target", "breach", "is_active")
    list_filter = ("version", "subject", "owner_role", "is_active")
    search_fields = ("code", "name")
    inlines = [EscalationStepInline]
    fieldsets = [
        (
            None,
            {
                "fields": (
                    "version",
                    "code",
                    "name",
                    "description",
                    "subject",
                    "owner_role",
                    "is_active",
                    "source",
                )
            },
        ),
        ("Clock", {"fields": ("start_events", "stop_events", "pause_events", "resume_events")}),
        ("Applies to", {"fields": ("lead_tier", "account_tier", "action", "stage")}),
        (
            "Timing",
            {
                "fields": (
                    ("target_amount", "target_unit"),
                    ("breach_amount", "breach_unit"),
                    ("warn_amount", "warn_unit"),
                    "calendar",
                )
            },
        ),
        (
            "After hours",
            {
                "fields": (
                    "after_hours_rule",
                    ("after_hours_amount", "after_hours_unit"),
                    "after_hours_by",
                )
            },
        ),
    ]

    @admin.display(description="Target")
    def target(self, policy):
        return f"{policy.target_amount} {policy.get_target_unit_display()}"

    @admin.display(description="Breach")
    def breach(self, policy):
        if policy.breach_amount is None:
            return "—"
        return f"{policy.breach_amount} {policy.get_breach_unit_display()}"

    def save_formset(self, request, form, formset, change):
        # Steps belong to their policy's version.
        for step_form in formset.forms:
            if hasattr(step_form, "instance") and isinstance(step_form.instance, EscalationStep):
                step_form.instance.version = form.instance.version
        super().save_formset(request, form, formset, change)


def _register_row_admin(row_model, display):
    admin.site.register(
        row_model,
        type(f"{row_model.__name__}Admin", (VersionRowAdmin,), {"list_display": display}),
    )


for _row_model, _display in (
    (HygieneTrigger, ("code", "name", "version", "metric", "threshold")),
    (ReasonCode, ("code", "label", "taxonomy", "version", "suppression", "side_effect")),
    (ScoringSignal, ("code", "name", "version", "category", "points", "action_tier")),
    (ScoringModel, ("__str__", "mql_threshold", "review_band_min", "icp_fit_minimum")),
    (MqlCriterion, ("code", "version", "minimum_bar")),
    (QualificationElement, ("code", "name", "version", "gate")),
    (OpportunityStage, ("order", "name", "version", "max_age_days", "close_within_days")),
    (CadencePlan, ("tier", "version", "touches", "over_business_days")),
    (CadenceTouch, ("number", "day", "channel", "version")),
    (ScoreboardMetric, ("code", "name", "version", "green_from", "red_from", "cadence")),
    (ReviewMeeting, ("name", "frequency", "version")),
    (Definition, ("term", "version")),
):
    _register_row_admin(_row_model, _display)


@admin.register(CharterEdit)
class CharterEditAdmin(ReadOnlyAdmin):
    list_display = ("at", "version", "editor", "action", "subject_type", "subject_repr", "changes")
    list_filter = ("version", "action", "subject_type")
    list_select_related = ("version", "editor")
    date_hierarchy = "at"
