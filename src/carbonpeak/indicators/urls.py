from django.urls import path

from carbonpeak.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.indicator_list, name="indicator_list"),
    path("warnings/", views.warning_list, name="warning_list"),
    path("warnings/run", views.warning_run, name="warning_run"),
    path("warnings/<int:pk>/", views.warning_detail, name="warning_detail"),
    path("<slug:code>/", views.indicator_detail, name="indicator_detail"),
    path("<slug:code>/<str:period>/evidence", views.evidence_download, name="evidence_download"),
]
