"""Business calendars as RevOps keeps them in the admin, and the engines built from them."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from slaportal.charter.models import BusinessCalendar, ClosedDate, ExtraOpenDate, WeeklyHours
from slaportal.charter.services import DEFAULT_CALENDAR_NAME, ensure_default_calendar

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
FRIDAY_5PM = datetime(2026, 6, 5, 17, tzinfo=NEW_YORK)


@pytest.fixture
def calendar():
    return ensure_default_calendar()


def test_the_default_calendar_is_weekdays_8_to_18_with_us_holidays(calendar):
    engine = calendar.engine()

    assert engine.add(FRIDAY_5PM, timedelta(hours=2)) == datetime(2026, 6, 8, 9, tzinfo=NEW_YORK)
    assert not engine.is_open(datetime(2026, 7, 3, 10, tzinfo=NEW_YORK))  # July 4th observed
    assert ensure_default_calendar() == calendar
    assert BusinessCalendar.objects.get().name == DEFAULT_CALENDAR_NAME


def test_the_same_hours_apply_in_the_prospects_own_zone(calendar):
    london = calendar.engine("Europe/London")

    assert london.next_open(datetime(2026, 6, 6, 12, tzinfo=LONDON)) == datetime(
        2026, 6, 8, 8, tzinfo=LONDON
    )
    assert london.zone == LONDON


def test_editing_a_row_rebuilds_the_engine(calendar):
    assert calendar.engine().is_open(datetime(2026, 6, 9, 10, tzinfo=NEW_YORK))

    ClosedDate.objects.create(calendar=calendar, date=date(2026, 6, 9), reason="Offsite")
    ExtraOpenDate.objects.create(
        calendar=calendar, date=date(2026, 6, 13), opens=time(9), closes=time(12)
    )
    calendar.refresh_from_db()

    assert not calendar.engine().is_open(datetime(2026, 6, 9, 10, tzinfo=NEW_YORK))
    assert calendar.engine().is_open(datetime(2026, 6, 13, 10, tzinfo=NEW_YORK))


def test_a_snapshot_keeps_the_hours_as_they_were(calendar):
    """Running clocks keep the calendar they started under; an edit makes a new snapshot."""
    before = calendar.snapshot()
    ClosedDate.objects.create(calendar=calendar, date=date(2026, 6, 9), reason="Offsite")
    calendar.refresh_from_db()
    after = calendar.snapshot()
    tuesday_10am = datetime(2026, 6, 9, 10, tzinfo=NEW_YORK)

    assert before.engine().is_open(tuesday_10am)
    assert not after.engine().is_open(tuesday_10am)
    assert before.engine("Europe/London").timezone == "Europe/London"
    assert calendar.snapshot() == after  # once per edit
    assert before.engine().add(FRIDAY_5PM, timedelta(hours=2)) == calendar.engine().add(
        FRIDAY_5PM, timedelta(hours=2)
    )


@pytest.mark.django_db(transaction=True)
def test_a_snapshot_is_taken_when_the_edit_commits_and_survives_a_rolled_back_clock_start():
    """The first clock after an edit must not make the snapshot itself: its transaction may
    roll back, and the process would remember a snapshot without its row."""
    from django.db import transaction

    from slaportal.charter.models import CalendarSnapshot

    calendar = ensure_default_calendar()
    WeeklyHours.objects.filter(calendar=calendar, weekday=0).update(opens=time(7))
    with transaction.atomic():
        BusinessCalendar.touch(calendar.pk)  # an edit, committed
    calendar.refresh_from_db()
    assert CalendarSnapshot.objects.filter(calendar=calendar, changed_at=calendar.changed_at)

    taken = []

    @transaction.atomic
    def a_request_that_fails():
        taken.append(calendar.snapshot())  # its clock starts, then something goes wrong
        raise RuntimeError

    with pytest.raises(RuntimeError):
        a_request_that_fails()

    assert CalendarSnapshot.objects.filter(pk=calendar.snapshot().pk).exists()
    assert [calendar.snapshot()] == taken
    assert taken[0].spec["hours"]["0"][0][0].startswith("07:00")


def test_a_built_engine_is_reused_without_queries(calendar, django_assert_num_queries):
    calendar.engine()

    with django_assert_num_queries(0):
        calendar.engine()


def test_building_an_engine_takes_a_fixed_number_of_queries(calendar, django_assert_num_queries):
    for day in range(1, 20):
        ClosedDate.objects.create(calendar=calendar, date=date(2026, 8, day))
    calendar.refresh_from_db()

    with django_assert_num_queries(4):
        calendar.engine()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"default_timezone": "Mars/Olympus"}, "default_timezone", "not an IANA time zone"),
        ({"holiday_country": "XX"}, "holiday_country", "No public holidays known"),
        ({"holiday_country": "US", "holiday_subdivision": "ZZ"}, "holiday_country", "subdivision"),
        ({"holiday_subdivision": "ENG"}, "holiday_subdivision", "needs its country"),
    ],
)
def test_bad_calendar_settings_are_refused_with_a_reason(fields, field, message):
    calendar = BusinessCalendar(name="Bad", **fields)

    with pytest.raises(ValidationError) as refused:
        calendar.full_clean()

    assert message in " ".join(refused.value.message_dict[field])


def test_the_database_refuses_hours_that_close_before_they_open(calendar):
    with pytest.raises(IntegrityError, match="weekly_hours_open_before_close"):
        WeeklyHours.objects.create(calendar=calendar, weekday=5, opens=time(18), closes=time(8))


def test_closing_at_midnight_means_the_end_of_the_day(calendar):
    WeeklyHours.objects.create(calendar=calendar, weekday=5, opens=time(20), closes=time(0))
    calendar.refresh_from_db()

    engine = calendar.engine()
    assert engine.is_open(datetime(2026, 6, 6, 23, 59, tzinfo=NEW_YORK))
    assert engine.elapsed(
        datetime(2026, 6, 6, tzinfo=NEW_YORK), datetime(2026, 6, 7, tzinfo=NEW_YORK)
    ) == timedelta(hours=4)


# --- the prospect's zone -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("lead", "zone"),
    [
        ({"timezone": "Asia/Kolkata", "country": "US", "region": "CA"}, "Asia/Kolkata"),
        ({"country": "US", "region": "CA"}, "America/Los_Angeles"),
        ({"country": "US", "region": "az"}, "America/Phoenix"),
        ({"country": "US", "region": "NY"}, "America/New_York"),
        ({"country": "GB"}, "Europe/London"),
        ({"country": "in"}, "Asia/Kolkata"),
        ({"country": "AU"}, "Australia/Sydney"),
        ({"country": "US", "region": "??"}, "America/New_York"),  # unknown region: the country
        ({"country": "ZZ"}, "America/Chicago"),  # unknown country: the calendar's default
        ({}, "America/Chicago"),
    ],
)
def test_a_prospects_zone_is_explicit_else_regional_else_national_else_default(lead, zone):
    calendar = BusinessCalendar(name="Central", default_timezone="America/Chicago")

    assert calendar.timezone_for(**lead) == zone


def test_an_unknown_explicit_zone_is_refused():
    with pytest.raises(ValueError, match="unknown time zone 'Europe/Atlantis'"):
        BusinessCalendar(name="x").timezone_for(timezone="Europe/Atlantis")


# --- the admin -----------------------------------------------------------------------------


def calendar_form(**overrides):
    form = {
        "name": "EMEA hours",
        "default_timezone": "Europe/London",
        "holiday_country": "GB",
        "holiday_subdivision": "ENG",
        "weekly_hours-TOTAL_FORMS": "2",
        "weekly_hours-INITIAL_FORMS": "0",
        "weekly_hours-0-weekday": "0",
        "weekly_hours-0-opens": "09:00",
        "weekly_hours-0-closes": "12:00",
        "weekly_hours-1-weekday": "0",
        "weekly_hours-1-opens": "13:00",
        "weekly_hours-1-closes": "17:30",
        "closed_dates-TOTAL_FORMS": "1",
        "closed_dates-INITIAL_FORMS": "0",
        "closed_dates-0-date": "2026-06-15",
        "closed_dates-0-reason": "Offsite",
        "extra_open_dates-TOTAL_FORMS": "0",
        "extra_open_dates-INITIAL_FORMS": "0",
    }
    return {**form, **overrides}


def test_revops_creates_a_split_shift_calendar_in_the_admin(client, revops):
    client.force_login(revops)

    response = client.post(reverse("admin:charter_businesscalendar_add"), calendar_form())

    assert response.status_code == 302, response.content.decode()[-3000:]
    created = BusinessCalendar.objects.get(name="EMEA hours")
    engine = created.engine()
    assert engine.elapsed(
        datetime(2026, 6, 8, tzinfo=LONDON), datetime(2026, 6, 9, tzinfo=LONDON)
    ) == timedelta(hours=7.5)
    assert not engine.is_open(datetime(2026, 6, 15, 10, tzinfo=LONDON))


def test_the_admin_refuses_overlapping_hours_naming_the_day(client, revops):
    client.force_login(revops)

    response = client.post(
        reverse("admin:charter_businesscalendar_add"),
        calendar_form(**{"weekly_hours-1-opens": "11:00"}),
    )

    assert response.status_code == 200
    assert "Monday: opening hours overlap at 11:00" in response.content.decode()
    assert not BusinessCalendar.objects.filter(name="EMEA hours").exists()


def test_the_calendar_page_shows_the_next_opening(client, revops, calendar):
    client.force_login(revops)

    response = client.get(reverse("admin:charter_businesscalendar_change", args=[calendar.pk]))

    assert response.status_code == 200
    assert "Next opening" in response.content.decode()


def test_sdrs_cannot_edit_calendars(client, sdr, calendar):
    client.force_login(sdr)

    response = client.get(reverse("admin:charter_businesscalendar_change", args=[calendar.pk]))

    assert response.status_code == 302
