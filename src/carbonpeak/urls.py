from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from carbonpeak.api import api

urlpatterns = [
    path("", include("carbonpeak.web.urls")),
    path("plan/", include("carbonpeak.plan.urls")),
    path("indicators/", include("carbonpeak.indicators.urls")),
    path("accounting/", include("carbonpeak.accounting.urls")),
    path("supervision/", include("carbonpeak.supervision.urls")),
    path("review/", include("carbonpeak.review.urls")),
    path("monitoring/", include("carbonpeak.monitoring.urls")),
    path("enterprise/", include("carbonpeak.enterprise.urls")),
    path("roadmap/", include("carbonpeak.roadmap.urls")),
    path("jobs/", include("carbonpeak.jobs.urls")),
    path("public/", include("carbonpeak.public.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(template_name="people/login.html"), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("carbonpeak.people.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
