from django.urls import path

from .views import ae, opportunities

urlpatterns = [
    path("workspace/ae/sqls/<int:lead_id>/<str:action>/", ae.sql_action, name="ae-sql-action"),
    path(
        "opportunities/<int:opportunity_id>/",
        opportunities.opportunity_page,
        name="opportunity",
    ),
    path(
        "opportunities/<int:opportunity_id>/<str:action>/",
        opportunities.opportunity_action,
        name="opportunity-action",
    ),
]
