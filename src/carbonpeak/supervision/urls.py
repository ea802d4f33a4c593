from django.urls import path

from carbonpeak.supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("rounds.xlsx", views.round_list_xlsx, name="round_list_xlsx"),
    path("rounds/new", views.round_new, name="round_new"),
    path("rounds/<slug:code>/", views.round_detail, name="round_detail"),
    path("rounds/<slug:code>/xlsx", views.round_xlsx, name="round_xlsx"),
    path("rounds/<slug:code>/docx", views.round_docx, name="round_docx"),
    path("rounds/<slug:code>/reports.xlsx", views.round_reports_xlsx, name="round_reports_xlsx"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/action", views.report_action, name="report_action"),
    path("reports/<int:pk>/quantities/<int:qid>/accept", views.quantity_accept, name="quantity_accept"),
    path("evidence/<int:pk>", views.evidence_download, name="evidence_download"),
    path("tasks/<int:number>/", views.task_timeline, name="task_timeline"),
    path("assessment/<int:year>/", views.assessment, name="assessment"),
]
