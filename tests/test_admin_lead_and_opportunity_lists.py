"""RevOps and support find leads and opportunities in the admin, among a million: each row
shows its next SLA deadline and its unresolved breaches, search and filters narrow the list,
a page costs the same queries at any size and never counts the whole table, and a person
sees only the rows the portal shows them."""

import itertools
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from escalations.models import Breach, Clock
from leads.models import Lead
from pipeline.models import Opportunity
from slaportal import readonly_admin
from slaportal.org.roles import Role
from tests.escalations.conftest import *  # noqa: F403  (org, now, mql, sql, opportunity…)
from tests.escalations.conftest import sweep

pytestmark = pytest.mark.django_db

# The Tier 1 MQL is routed at 10:00 New York on Tuesday 3 March 2026 (fixture `now`).
FIRST_TOUCH_TARGET = datetime(2026, 3, 3, 15, 5, tzinfo=UTC)
FIRST_TOUCH_BREACH = datetime(2026, 3, 3, 17, 0, tzinfo=UTC)
SAL_ACCEPT_TARGET = datetime(2026, 3, 3, 19, 0, tzinfo=UTC)
# Once accepted by its AE: the lead's three-way intro, the opportunity's next step.
INTRO_TARGET = datetime(2026, 3, 3, 17, 0, tzinfo=UTC)
NEXT_STEP_TARGET = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)


def changelist(client, model, **params):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.get(url, params)
    assert response.status_code == 200
    return response


def listed(response) -> list:
    return list(response.context["cl"].result_list)


def columns(response, row) -> tuple:
    """What the row's next-deadline and breach columns show."""
    admin = response.context["cl"].model_admin
    return admin.next_deadline(row), admin.breaches(row)


def copies(row, count: int, **fields) -> list:
    """`count` rows like `row` in one INSERT; `fields` maps a field to a value or a function of
    the copy's index."""
    model = type(row)
    own = {
        field.attname: getattr(row, field.attname)
        for field in model._meta.concrete_fields
        if not (field.primary_key or {field.name, field.attname} & fields.keys())
    }
    return model.objects.bulk_create(
        model(
            **own | {name: value(i) if callable(value) else value for name, value in fields.items()}
        )
        for i in range(count)
    )


def records_of(subject_type: str, subject_id: int) -> list:
    """The subject's clocks and breaches."""
    return [
        *Clock.objects.of(subject_type, subject_id),
        *Breach.objects.filter(subject_type=subject_type, subject_id=subject_id),
    ]


_copy_serial = itertools.count()


def leads_like(lead, count: int, **fields) -> list[Lead]:
    """Copies of `lead` with copies of its clocks and breaches."""
    made = copies(
        lead,
        count,
        email=lambda i: f"copy{next(_copy_serial)}@copies.example",
        external_id=None,
        **fields,
    )
    for record in records_of("lead", lead.pk):
        copies(record, len(made), subject_id=lambda i: made[i].pk)
    return made


def test_a_lead_shows_the_soonest_target_of_its_running_clocks(client, mql, org):
    client.force_login(org["revops"])

    response = changelist(client, Lead)

    assert columns(response, listed(response)[0]) == (FIRST_TOUCH_TARGET, 0)


def test_a_breached_clock_counts_as_a_breach_and_no_longer_as_a_deadline(client, mql, org, now):
    now.move_to(FIRST_TOUCH_BREACH)
    sweep()
    client.force_login(org["revops"])

    response = changelist(client, Lead)

    assert columns(response, listed(response)[0]) == (SAL_ACCEPT_TARGET, 1)


def test_a_resolved_breach_is_no_longer_counted(client, mql, org, now):
    from escalations.services import resolve

    now.move_to(FIRST_TOUCH_BREACH)
    sweep()
    resolve(Breach.objects.get(), org["sdrmgr"], root_cause="Rep out sick, no cover")
    client.force_login(org["revops"])

    response = changelist(client, Lead)

    assert columns(response, listed(response)[0]) == (SAL_ACCEPT_TARGET, 0)


def test_a_lead_and_its_opportunity_show_their_own_clocks(client, opportunity, org):
    # The same id on both: the columns must tell a lead's clocks from an opportunity's.
    assert opportunity.pk == opportunity.lead_id
    client.force_login(org["revops"])

    leads, opportunities = changelist(client, Lead), changelist(client, Opportunity)

    assert columns(leads, listed(leads)[0]) == (INTRO_TARGET, 0)
    assert columns(opportunities, listed(opportunities)[0]) == (NEXT_STEP_TARGET, 0)


def test_an_opportunity_shows_its_unresolved_breaches(client, opportunity, org, now):
    now.move_to(NEXT_STEP_TARGET)
    sweep()
    client.force_login(org["revops"])

    response = changelist(client, Opportunity)

    breached = Breach.objects.unresolved().filter(subject_type="opportunity").count()
    assert breached
    assert columns(response, listed(response)[0])[1] == breached


def test_the_lead_list_sorts_by_next_deadline_soonest_first(client, mql, org):
    later = leads_like(mql, 1)[0]
    Clock.objects.of("lead", later.pk).update(target_at=SAL_ACCEPT_TARGET)
    idle = leads_like(mql, 1)[0]
    Clock.objects.of("lead", idle.pk).delete()
    client.force_login(org["revops"])
    column = changelist(client, Lead).context["cl"].list_display.index("next_deadline")

    response = changelist(client, Lead, o=column)

    assert listed(response) == [mql, later, idle]


@pytest.mark.parametrize(
    "query", ["dana@acme", "Reyes", "Acme", "acme.example", "map-8812"], ids=str
)
def test_support_finds_a_lead_by_email_name_company_or_external_id(client, mql, org, query):
    leads_like(mql, 3, first_name="Other", last_name="Person")
    client.force_login(org["revops"])

    found = listed(changelist(client, Lead, q=query))

    assert mql in found
    assert len(found) == (1 if query in ("dana@acme", "Reyes", "map-8812") else 4)


def test_revops_filters_leads_by_state_tier_review_and_owner(client, mql, org):
    other = leads_like(mql, 1, state=Lead.State.SAL, tier=2, needs_review=True, owner=org["sdr2"])
    client.force_login(org["revops"])

    def found(**params):
        return listed(changelist(client, Lead, **params))

    assert found(state__exact=Lead.State.MQL) == [mql]
    assert found(tier=2) == other
    assert found(needs_review__exact=1) == other
    assert found(owner__id__exact=org["sdr1"].pk) == [mql]


def test_revops_finds_opportunities_by_name_or_company_and_filters_by_stage_and_owner(
    client, opportunity, org, make_user
):
    other_ae = make_user(Role.AE)
    other = copies(
        opportunity,
        1,
        lead_id=None,
        name="Globex renewal",
        stage=Opportunity.Stage.STAGE_3,
        owner=other_ae,
    )
    client.force_login(org["revops"])

    def found(**params):
        return listed(changelist(client, Opportunity, **params))

    assert found(q="Globex") == other
    assert set(found(q="acme.example")) == {opportunity, *other}
    assert found(stage__exact=Opportunity.Stage.STAGE_3) == other
    assert found(owner__id__exact=opportunity.owner_id) == [opportunity]


def queries_for(client, model) -> int:
    with CaptureQueriesContext(connection) as queries:
        changelist(client, model)
    return len(queries)


def test_the_lead_list_costs_the_same_queries_for_200_leads_as_for_10(
    client, mql, org, now, django_assert_max_num_queries
):
    now.move_to(FIRST_TOUCH_BREACH)
    sweep()  # every copy has a breach and running clocks, its owner and account to show
    leads_like(mql, 9)
    client.force_login(org["revops"])
    at_ten = queries_for(client, Lead)

    leads_like(mql, 190)

    with django_assert_max_num_queries(at_ten):
        response = changelist(client, Lead)
    assert len(listed(response)) == 100
    assert columns(response, listed(response)[-1]) == (SAL_ACCEPT_TARGET, 1)


def test_the_opportunity_list_costs_the_same_queries_for_200_as_for_10(
    client, opportunity, org, now, django_assert_max_num_queries
):
    now.move_to(NEXT_STEP_TARGET)
    sweep()

    def more(count):
        made = copies(opportunity, count, lead_id=None)
        for record in records_of("opportunity", opportunity.pk):
            copies(record, count, subject_id=lambda i: made[i].pk)

    more(9)
    client.force_login(org["revops"])
    at_ten = queries_for(client, Opportunity)

    more(190)

    with django_assert_max_num_queries(at_ten):
        response = changelist(client, Opportunity)
    assert len(listed(response)) == 100


@pytest.mark.parametrize("model", [Lead, Opportunity], ids=lambda model: model.__name__)
def test_the_unfiltered_list_counts_at_most_the_cap(client, opportunity, org, model):
    client.force_login(org["revops"])

    with CaptureQueriesContext(connection) as queries:
        changelist(client, model)

    counts = [query["sql"] for query in queries if query["sql"].startswith("SELECT COUNT(")]
    assert counts
    assert all(f"LIMIT {readonly_admin.COUNT_CAP + 1}" in sql for sql in counts), counts


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's estimate")
def test_on_postgresql_the_whole_lead_table_is_counted_by_the_planners_estimate(
    client, mql, org, monkeypatch
):
    leads_like(mql, 11)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE leads_lead")
    monkeypatch.setattr(readonly_admin, "COUNT_CAP", 5)
    client.force_login(org["revops"])

    with CaptureQueriesContext(connection) as queries:
        whole = changelist(client, Lead)
    filtered = changelist(client, Lead, state__exact=Lead.State.MQL)

    assert whole.context["cl"].result_count == 12
    assert not [query["sql"] for query in queries if query["sql"].startswith("SELECT COUNT(")]
    assert filtered.context["cl"].result_count == 6  # counted, and capped


@pytest.fixture
def outsider(make_user):
    """An SDR on no team: the SDR manager's team is not theirs."""
    return make_user(Role.SDR)


def test_a_manager_given_the_admin_list_sees_only_their_teams_leads(
    client, mql, org, outsider, make_user
):
    elsewhere = leads_like(mql, 1, owner=outsider)[0]
    manager = org["sdrmgr"]
    manager.user_permissions.add(Permission.objects.get(codename="view_lead"))
    client.force_login(manager)

    assert listed(changelist(client, Lead)) == [mql]
    assert listed(changelist(client, Lead, q=elsewhere.email)) == []
    page = client.get(reverse("admin:leads_lead_change", args=[elsewhere.pk]))
    assert page["Location"] == reverse("admin:index")  # "doesn't exist", as if it never had
    for overseer in (org["revops"], make_user(is_superuser=True, is_staff=True)):
        client.force_login(overseer)
        assert set(listed(changelist(client, Lead))) == {mql, elsewhere}


def test_a_manager_given_the_admin_list_sees_only_their_teams_opportunities(
    client, opportunity, org, make_user
):
    elsewhere = copies(opportunity, 1, lead_id=None, owner=make_user(Role.AE))[0]
    manager = org["aemgr"]
    manager.user_permissions.add(Permission.objects.get(codename="view_opportunity"))
    client.force_login(manager)

    assert listed(changelist(client, Opportunity)) == [opportunity]
    page = client.get(reverse("admin:pipeline_opportunity_change", args=[elsewhere.pk]))
    assert page["Location"] == reverse("admin:index")
    for overseer in (org["revops"], make_user(is_superuser=True, is_staff=True)):
        client.force_login(overseer)
        assert set(listed(changelist(client, Opportunity))) == {opportunity, elsewhere}
