"""The SLA charter's data. So far: business calendars, the hours every SLA clock counts in."""

from datetime import date, datetime, time, timedelta
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from slaportal import businesstime

from ..timezones import is_timezone, resolve_timezone


def validate_timezone(name: str) -> None:
    if not is_timezone(name):
        raise ValidationError(f"“{name}” is not an IANA time zone (e.g. America/New_York).")


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


MIDNIGHT = time(0)
# How long a process may keep a calendar it read (see `BusinessCalendar.current`).
CURRENT_MEMORY = timedelta(seconds=2)
_HOURS_HELP = "Local wall time. A closing time of 00:00 means midnight at the end of the day."


class BusinessCalendar(models.Model):
    """Weekly open hours and closed dates; applied in each prospect's own time zone."""

    name = models.CharField(max_length=100, unique=True)
    default_timezone = models.CharField(
        max_length=64,
        default="America/New_York",
        validators=[validate_timezone],
        help_text="Used when a prospect's time zone cannot be told from their data.",
    )
    holiday_country = models.CharField(
        max_length=2,
        blank=True,
        help_text="ISO country code whose public holidays close the calendar.",
    )
    holiday_subdivision = models.CharField(
        max_length=10, blank=True, help_text="ISO subdivision code (e.g. ENG, NSW), optional."
    )
    # Bumped by every edit of the calendar or its rows: engines are cached by it.
    changed_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.changed_at = timezone.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "changed_at"}
        super().save(*args, **kwargs)
        _edited(self.pk)

    def clean(self):
        self.holiday_country = self.holiday_country.upper()
        self.holiday_subdivision = self.holiday_subdivision.upper()
        if self.holiday_subdivision and not self.holiday_country:
            raise ValidationError({"holiday_subdivision": "A subdivision needs its country."})
        if self.holiday_country:
            try:
                businesstime.BusinessCalendar(
                    "UTC",
                    {0: [(time(9), time(17))]},
                    country=self.holiday_country,
                    subdivision=self.holiday_subdivision or None,
                )
            except ValueError as error:
                raise ValidationError({"holiday_country": str(error).capitalize() + "."}) from error

    def engine(self, timezone_name: str | None = None) -> businesstime.BusinessCalendar:
        """The arithmetic of this calendar in `timezone_name` (default: the calendar's)."""
        return _engine(self.pk, self.changed_at, timezone_name or self.default_timezone)

    def timezone_for(self, *, timezone: str = "", country: str = "", region: str = "") -> str:
        """A prospect's zone: explicit, else from country/region, else this calendar's default."""
        return resolve_timezone(
            default=self.default_timezone, timezone=timezone, country=country, region=region
        )

    @classmethod
    def touch(cls, calendar_id: int) -> None:
        cls.objects.filter(pk=calendar_id).update(changed_at=timezone.now())
        _edited(calendar_id)

    @classmethod
    def current(cls, calendar_id: int) -> "BusinessCalendar":
        """The calendar as it is now, remembered for a moment: every intake, routing and clock
        start asks, and a calendar is edited a few times a year. An edit in this process is
        seen at once; in another, within `CURRENT_MEMORY` (as a charter published there is).
        The instance is shared: read it, never save it."""
        now = timezone.now()
        remembered = _current.get(calendar_id)
        if remembered is None or abs(now - remembered[0]) >= CURRENT_MEMORY:
            remembered = _current[calendar_id] = (now, cls.objects.get(pk=calendar_id))
        return remembered[1]

    def spec(self) -> dict:
        """Everything the arithmetic needs, as JSON: what a snapshot keeps."""
        hours: dict[str, list] = {}
        for row in self.weekly_hours.all():
            hours.setdefault(str(row.weekday), []).append([_wall(row.opens), _wall(row.closes)])
        extra_open: dict[str, list] = {}
        for row in self.extra_open_dates.all():
            extra_open.setdefault(row.date.isoformat(), []).append(
                [_wall(row.opens), _wall(row.closes)]
            )
        return {
            "timezone": self.default_timezone,
            "hours": hours,
            "closed": sorted(row.date.isoformat() for row in self.closed_dates.all()),
            "extra_open": extra_open,
            "country": self.holiday_country,
            "subdivision": self.holiday_subdivision,
        }

    def snapshot(self) -> "CalendarSnapshot":
        """This calendar as it is now, kept for the clocks that start under it."""
        return _snapshot(self.pk, self.changed_at)


_current: dict[int, tuple[datetime, BusinessCalendar]] = {}  # read at, calendar


def forget_current() -> None:
    _current.clear()


def _edited(calendar_id: int) -> None:
    """After an edit: forget the calendar at once, and again when it commits (a read in
    between, in this process, would remember it as it was before). Its snapshot is taken when
    the edit commits, outside any clock's transaction: a snapshot first made by a transaction
    that then rolled back would be remembered without its row."""
    forget_current()
    transaction.on_commit(forget_current)
    transaction.on_commit(lambda: _snapshot_of(calendar_id), robust=True)


def _snapshot_of(calendar_id: int) -> None:
    calendar = BusinessCalendar.objects.filter(pk=calendar_id).first()
    if calendar is not None:  # not deleted meanwhile
        calendar.snapshot()


def _wall(moment: time) -> str:
    return moment.strftime("%H:%M:%S.%f")


def engine_of(spec: dict, timezone_name: str | None = None) -> businesstime.BusinessCalendar:
    """The arithmetic of a calendar's `spec` in `timezone_name` (default: the calendar's)."""

    def intervals(pairs):
        return [(time.fromisoformat(opens), time.fromisoformat(closes)) for opens, closes in pairs]

    return businesstime.BusinessCalendar(
        timezone_name or spec["timezone"],
        {int(weekday): intervals(pairs) for weekday, pairs in spec["hours"].items()},
        holidays=[date.fromisoformat(day) for day in spec["closed"]],
        country=spec["country"] or None,
        subdivision=spec["subdivision"] or None,
        extra_open={
            date.fromisoformat(d): intervals(pairs) for d, pairs in spec["extra_open"].items()
        },
    )


@lru_cache(maxsize=512)
def _engine(calendar_id: int, changed_at, timezone_name: str) -> businesstime.BusinessCalendar:
    calendar = BusinessCalendar.objects.prefetch_related(
        "weekly_hours", "closed_dates", "extra_open_dates"
    ).get(pk=calendar_id)
    return engine_of(calendar.spec(), timezone_name)


@lru_cache(maxsize=512)
def _snapshot(calendar_id: int, changed_at) -> "CalendarSnapshot":
    calendar = BusinessCalendar.objects.prefetch_related(
        "weekly_hours", "closed_dates", "extra_open_dates"
    ).get(pk=calendar_id)
    snapshot, _ = CalendarSnapshot.objects.get_or_create(
        calendar=calendar, changed_at=changed_at, defaults={"spec": calendar.spec()}
    )
    return snapshot


class CalendarSnapshot(models.Model):
    """A business calendar as it was between two edits. A running SLA clock keeps the hours
    it started under: an edit of the calendar moves no deadline already set."""

    calendar = models.ForeignKey(
        BusinessCalendar, on_delete=models.PROTECT, related_name="snapshots"
    )
    changed_at = models.DateTimeField()
    spec = models.JSONField()

    class Meta:
        ordering = ["calendar", "-changed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["calendar", "changed_at"], name="calendar_snapshot_once_per_edit"
            )
        ]

    def __str__(self):
        return f"{self.calendar_id} as of {self.changed_at:%Y-%m-%d %H:%M}"

    def engine(self, timezone_name: str | None = None) -> businesstime.BusinessCalendar:
        return snapshot_engine(self.pk, timezone_name or self.spec["timezone"], self.spec)


_snapshot_engines: dict[tuple[int, str], businesstime.BusinessCalendar] = {}


def snapshot_engine(
    snapshot_id: int, timezone_name: str, spec: dict | None = None
) -> businesstime.BusinessCalendar:
    """The arithmetic of a snapshot in a zone, built once per process (a snapshot never
    changes): a running clock needs only the snapshot's id and its zone."""
    key = (snapshot_id, timezone_name)
    if key not in _snapshot_engines:
        if spec is None:
            spec = CalendarSnapshot.objects.values_list("spec", flat=True).get(pk=snapshot_id)
        _snapshot_engines[key] = engine_of(spec, timezone_name)
    return _snapshot_engines[key]


class CalendarRow(models.Model):
    """A row of a calendar; saving or deleting one invalidates the calendar's cached engine."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        BusinessCalendar.touch(self.calendar_id)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        BusinessCalendar.touch(self.calendar_id)
        return result


def _opens_before_closes() -> models.Q:
    return models.Q(opens__lt=models.F("closes")) | models.Q(closes=MIDNIGHT)


class WeeklyHours(CalendarRow):
    calendar = models.ForeignKey(
        BusinessCalendar, on_delete=models.CASCADE, related_name="weekly_hours"
    )
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens = models.TimeField(help_text=_HOURS_HELP)
    closes = models.TimeField(help_text=_HOURS_HELP)

    class Meta:
        verbose_name_plural = "weekly hours"
        ordering = ["calendar", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=_opens_before_closes(), name="weekly_hours_open_before_close"
            ),
            models.CheckConstraint(
                condition=models.Q(weekday__lte=6), name="weekly_hours_weekday_valid"
            ),
            models.UniqueConstraint(
                fields=["calendar", "weekday", "opens"], name="weekly_hours_unique_opening"
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class ClosedDate(CalendarRow):
    calendar = models.ForeignKey(
        BusinessCalendar, on_delete=models.CASCADE, related_name="closed_dates"
    )
    date = models.DateField()
    reason = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["calendar", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["calendar", "date"], name="closed_date_unique_per_calendar"
            )
        ]

    def __str__(self):
        return f"{self.date} closed" + (f" ({self.reason})" if self.reason else "")


class ExtraOpenDate(CalendarRow):
    """A date open although the week or the holidays say closed (e.g. a quarter-end Saturday)."""

    calendar = models.ForeignKey(
        BusinessCalendar, on_delete=models.CASCADE, related_name="extra_open_dates"
    )
    date = models.DateField()
    opens = models.TimeField(help_text=_HOURS_HELP)
    closes = models.TimeField(help_text=_HOURS_HELP)
    reason = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["calendar", "date", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=_opens_before_closes(), name="extra_open_open_before_close"
            ),
            models.UniqueConstraint(
                fields=["calendar", "date", "opens"], name="extra_open_unique_opening"
            ),
        ]

    def __str__(self):
        return f"{self.date} open {self.opens:%H:%M}–{self.closes:%H:%M}"
