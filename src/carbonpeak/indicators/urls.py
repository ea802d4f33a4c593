from django.urls import path

from carbonpeak.indicators import views

app_name = "indicators"
urlpatterns = [path("", views.indicator_list, name="indicator_list")]
