from django.urls import path

from carbonpeak.public import office_views, views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("tasks/<int:number>/", views.task, name="task"),
    path("indicators/<str:code>/", views.indicator, name="indicator"),
    path("office/", office_views.publications, name="office"),
    path("office/publish/", office_views.publish, name="publish"),
    path("office/feedback/", office_views.feedback_queue, name="feedback_queue"),
    path("office/feedback/<int:pk>/", office_views.feedback_answer, name="feedback_answer"),
]
