from django.urls import path

from carbonpeak.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.status, name="status"),
    path("<str:name>/run", views.run_now, name="run_now"),
]
