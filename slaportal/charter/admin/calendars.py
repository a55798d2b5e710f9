from collections import defaultdict

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils import timezone

from slaportal.businesstime import validated_intervals

from ..models import BusinessCalendar, ClosedDate, ExtraOpenDate, Weekday, WeeklyHours


class HoursFormSet(BaseInlineFormSet):
    """Refuses overlapping or backwards hours on the same day, naming the day."""

    group_by: str

    def label(self, group) -> str:
        return str(group)

    def clean(self):
        super().clean()
        by_group = defaultdict(list)
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("opens") or not data.get("closes"):
                continue
            by_group[data[self.group_by]].append((data["opens"], data["closes"]))
        errors = []
        for group, intervals in by_group.items():
            try:
                validated_intervals(intervals, self.label(group))
            except ValueError as error:
                errors.append(str(error))
        if errors:
            raise ValidationError(errors)


class WeeklyHoursFormSet(HoursFormSet):
    group_by = "weekday"

    def label(self, group) -> str:
        return Weekday(group).label


class ExtraOpenFormSet(HoursFormSet):
    group_by = "date"


class WeeklyHoursInline(admin.TabularInline):
    model = WeeklyHours
    formset = WeeklyHoursFormSet
    extra = 0


class ClosedDateInline(admin.TabularInline):
    model = ClosedDate
    extra = 0


class ExtraOpenDateInline(admin.TabularInline):
    model = ExtraOpenDate
    formset = ExtraOpenFormSet
    extra = 0


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "default_timezone",
        "holiday_country",
        "holiday_subdivision",
        "open_now",
    )
    search_fields = ("name",)
    readonly_fields = ("open_now", "next_opening")
    inlines = [WeeklyHoursInline, ClosedDateInline, ExtraOpenDateInline]

    @admin.display(description="Open now (default zone)")
    def open_now(self, calendar):
        return calendar.pk and calendar.engine().is_open(timezone.now())

    @admin.display(description="Next opening (default zone)")
    def next_opening(self, calendar):
        if not calendar.pk:
            return "—"
        return f"{calendar.engine().next_open(timezone.now()):%a %d %b %Y %H:%M %Z}"
