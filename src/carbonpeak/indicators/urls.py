from django.urls import path

from carbonpeak.indicators import place_views, views, warning_views

app_name = "indicators"
urlpatterns = [
    path("", views.indicator_list, name="indicator_list"),
    path("warnings/", views.warning_list, name="warning_list"),
    path("warnings.xlsx", warning_views.warning_list_xlsx, name="warning_list_xlsx"),
    path("warnings/run", views.warning_run, name="warning_run"),
    path("warnings/<int:pk>/", views.warning_detail, name="warning_detail"),
    # Before <code>/: "places" is no indicator's code.
    path("places/", place_views.places_barometer, name="places"),
    path("places.xlsx", place_views.places_barometer_xlsx, name="places_xlsx"),
    path("<slug:code>/", views.indicator_detail, name="indicator_detail"),
    path("<slug:code>/places/target", place_views.place_target, name="place_target"),
    path("<slug:code>/places/value", place_views.place_value, name="place_value"),
    path("<slug:code>/places/<slug:place>/<str:period>/evidence", place_views.place_evidence,
         name="place_evidence"),
    path("<slug:code>/<str:period>/evidence", views.evidence_download, name="evidence_download"),
]
