from django.urls import path

from .views import charter

urlpatterns = [
    path("charter/sign-off/", charter.sign_off_list, name="charter-sign-off-list"),
    path("charter/<int:version_id>/sign-off/", charter.sign_off_page, name="charter-sign-off"),
]
