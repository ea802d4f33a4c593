from django.urls import path

from carbonpeak.roadmap import views

app_name = "roadmap"
urlpatterns = [
    path("", views.home, name="home"),
]
