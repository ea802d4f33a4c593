from django.urls import path

from carbonpeak.review import register_views, views

app_name = "review"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("assess/", views.intake, name="intake"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("projects/<int:pk>/decision", views.project_decide, name="project_decide"),
    path("projects/<int:pk>/reassess", views.project_reassess, name="project_reassess"),
    path("projects/<int:pk>/operating", views.project_operating, name="project_operating"),
    path("projects/<int:pk>/register", views.project_to_register, name="project_to_register"),
    path("projects/<int:pk>/opinion.docx", views.project_docx, name="project_docx"),
    path("register/", register_views.register_list, name="register"),
    path("register/<int:pk>/", register_views.register_entry, name="register_entry"),
    path("register/<int:pk>/edit", register_views.register_edit, name="register_edit"),
    path("register/<int:pk>/actual", register_views.register_actual, name="register_actual"),
    path("register/<int:pk>/link", register_views.register_link, name="register_link"),
]
