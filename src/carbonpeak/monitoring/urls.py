from django.urls import path

from carbonpeak.monitoring.alerts import views as alert_views
from carbonpeak.monitoring.pages import views
from carbonpeak.monitoring.registry import views as registry_views

app_name = "monitoring"
urlpatterns = [
    path("", views.home, name="home"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/new", registry_views.unit_create, name="unit_create"),
    path("units/<str:code>/", views.unit_detail, name="unit_detail"),
    path("units/<str:code>/pue/", views.data_centre, name="data_centre"),
    path("units/<str:code>/edit", registry_views.unit_edit, name="unit_edit"),
    path("units/<str:code>/meters/new", registry_views.meter_create, name="meter_create"),
    path("units/<str:code>/tokens", registry_views.token_issue, name="token_issue"),
    path("tokens/<int:pk>/revoke", registry_views.token_revoke, name="token_revoke"),
    path("meters/<str:code>/", views.meter_detail, name="meter_detail"),
    path("meters/<str:code>/edit", registry_views.meter_edit, name="meter_edit"),
    path("meters/<str:code>/reading", registry_views.reading_edit, name="reading_edit"),
    path("alerts/", alert_views.alert_list, name="alert_list"),
    path("alerts/<int:pk>/", alert_views.alert_detail, name="alert_detail"),
    path("alerts/<int:pk>/acknowledge", alert_views.alert_acknowledge, name="alert_acknowledge"),
    path("alerts/<int:pk>/close", alert_views.alert_close, name="alert_close"),
]
