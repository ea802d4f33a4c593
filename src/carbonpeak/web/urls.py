from django.urls import include, path

from carbonpeak.web import search_views, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("search/", search_views.search_page, name="search"),
    path("search.xlsx", search_views.search_xlsx, name="search_xlsx"),
    path("imports/", include("carbonpeak.web.imports.urls")),
]
