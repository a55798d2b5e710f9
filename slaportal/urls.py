from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from slaportal.api.urls import app_name as api_app_name
from slaportal.api.urls import namespace as api_namespace
from slaportal.api.urls import urlpatterns as api_urlpatterns
from slaportal.health.views import HealthView
from slaportal.org import views as org_views

admin.site.site_header = "SLA Portal administration"
admin.site.site_title = "SLA Portal"

urlpatterns = [
    path("", org_views.home, name="home"),
    path("", include("workspaces.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("favicon.ico", org_views.favicon),
    path("health/", login_not_required(HealthView.as_view()), name="health"),
    path("api/v1/", include((api_urlpatterns, api_app_name), namespace=api_namespace)),
    path("admin/", admin.site.urls),
]
