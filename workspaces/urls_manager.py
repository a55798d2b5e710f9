from django.urls import path

from .views import manager

urlpatterns = [
    path(
        "manager/breaches/acknowledge/",
        manager.acknowledge_selected,
        name="manager-acknowledge-selected",
    ),
    path(
        "manager/breaches/<int:breach_id>/<str:action>/",
        manager.breach_action,
        name="manager-breach-action",
    ),
    path("manager/due-next/", manager.board, name="manager-board"),
    path("manager/review/", manager.review_list, name="manager-review"),
    path(
        "manager/review/<int:lead_id>/<str:decision>/",
        manager.review_action,
        name="manager-review-action",
    ),
    path("manager/sal-review/", manager.sal_review, name="manager-sal-review"),
    path("manager/arbitration/", manager.arbitration, name="manager-arbitration"),
    path("manager/arbitration/<int:lead_id>/", manager.arbitrate, name="manager-arbitrate"),
]
