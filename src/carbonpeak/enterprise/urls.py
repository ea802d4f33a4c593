from django.urls import path

from carbonpeak.enterprise import grade_views, views

app_name = "enterprise"
urlpatterns = [
    path("", views.filing_list, name="filing_list"),
    path("units/<str:code>/filings/<int:year>/open", views.filing_open, name="filing_open"),
    path("filings/<int:pk>/", views.filing_detail, name="filing_detail"),
    path("filings/<int:pk>/action", views.filing_action, name="filing_action"),
    path("filings/<int:pk>/xlsx", views.filing_xlsx, name="filing_xlsx"),
    path("filings/<int:pk>/docx", views.filing_docx, name="filing_docx"),
    path("emissions/", views.emissions_table, name="emissions"),
    path("filings/<int:pk>/publish", views.filing_publish, name="filing_publish"),
    path("disclosures/", views.disclosures, name="disclosures"),
    path("disclosures/status/", views.disclosure_status, name="disclosure_status"),
    path("home/", views.home, name="home"),
    path("grades/", grade_views.grades_page, name="grades"),
    path("grades/xlsx", grade_views.grades_xlsx, name="grades_xlsx"),
    path("output/", views.output, name="output"),
]
