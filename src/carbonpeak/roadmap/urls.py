from django.urls import path

from carbonpeak.roadmap import editor_views, views

app_name = "roadmap"
urlpatterns = [
    path("", views.home, name="home"),
    path("load-defaults", views.load_defaults, name="load_defaults"),
    path("new/", editor_views.scenario_new, name="scenario_new"),
    path("s/<slug:slug>/", views.scenario_detail, name="scenario"),
    path("s/<slug:slug>/edit/", editor_views.scenario_edit, name="scenario_edit"),
    path("s/<slug:slug>/delete", editor_views.scenario_delete, name="scenario_delete"),
    path("run/", views.results, name="results"),
    path("export.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("export.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
]
