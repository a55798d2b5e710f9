from django.urls import path

from .views import scoreboard

urlpatterns = [
    path("scoreboard/", scoreboard.scoreboard, name="scoreboard"),
    path("scoreboard/metrics/<slug:code>/", scoreboard.metric_rows, name="scoreboard-rows"),
    path("scoreboard/commitments/", scoreboard.commitments_page, name="scoreboard-commitments"),
    path(
        "scoreboard/commitments/<int:miss_id>/",
        scoreboard.commitment_page,
        name="scoreboard-commitment",
    ),
    path(
        "scoreboard/commitments/<int:miss_id>/<str:action>/",
        scoreboard.commitment_action,
        name="scoreboard-commitment-action",
    ),
    path("scoreboard/framework/", scoreboard.framework, name="scoreboard-framework"),
    path("scoreboard/diagnostics/", scoreboard.diagnostics, name="scoreboard-diagnostics"),
    path("scoreboard/leaderboard/", scoreboard.leaderboard, name="scoreboard-leaderboard"),
    path("scoreboard/revenue-sync/", scoreboard.revenue_sync, name="scoreboard-revenue-sync"),
    path(
        "scoreboard/pipeline-review/",
        scoreboard.pipeline_review,
        name="scoreboard-pipeline-review",
    ),
    path("scoreboard/calibration/", scoreboard.calibration_pack, name="scoreboard-calibration"),
]
