from django.urls import path

from carbonpeak.people import views

app_name = "people"
urlpatterns = [
    path("password/", views.password_change, name="password_change"),
    path("locks/", views.locks, name="locks"),
    path("locks/unlock", views.unlock, name="unlock"),
]
