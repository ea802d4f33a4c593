from django.urls import path

from carbonpeak.plan import views

app_name = "plan"
urlpatterns = [
    path("tasks/", views.task_list, name="task_list"),
    path("tasks.xlsx", views.task_list_xlsx, name="task_list_xlsx"),
    path("tasks/<int:number>/", views.task_detail, name="task_detail"),
    path("departments/", views.department_list, name="department_list"),
    path("departments/<slug:code>/", views.department_detail, name="department_detail"),
]
