from django import forms
from django.contrib import admin, messages
from django.utils import timezone

from .models import ApiToken, Scope


class ApiTokenForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(choices=Scope.choices, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = ApiToken
        fields = ("name", "scopes")


TOKEN_FIELDS = (
    "name",
    "prefix",
    "scopes",
    "created_by",
    "created_at",
    "last_used_at",
    "revoked_at",
)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = TOKEN_FIELDS
    list_select_related = ("created_by",)
    actions = ["revoke"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ApiTokenForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return ("name", "scopes") if obj is None else TOKEN_FIELDS

    def get_readonly_fields(self, request, obj=None):
        return (
            () if obj is None else ("prefix", "scopes", "created_by", "created_at", "last_used_at")
        )

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        key = obj.set_new_key()
        obj.scopes = sorted(form.cleaned_data["scopes"])
        obj.created_by = request.user
        obj.save()
        messages.warning(
            request,
            f"The key of “{obj.name}” is {key} — copy it now: it is stored only as a digest "
            f"and cannot be shown again.",
        )

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        revoked = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"Revoked {revoked} token(s).")
