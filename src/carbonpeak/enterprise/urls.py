from django.urls import path

from carbonpeak.enterprise import ghg_views, grade_views, notice_views, views

app_name = "enterprise"
urlpatterns = [
    path("", views.filing_list, name="filing_list"),
    path("units/<str:code>/filings/<int:year>/open", views.filing_open, name="filing_open"),
    path("filings/<int:pk>/", views.filing_detail, name="filing_detail"),
    path("filings/<int:pk>/action", views.filing_action, name="filing_action"),
    path("filings/<int:pk>/xlsx", views.filing_xlsx, name="filing_xlsx"),
    path("filings/<int:pk>/docx", views.filing_docx, name="filing_docx"),
    path("emissions/", ghg_views.emissions_table, name="emissions"),
    path("emissions/hand-over", ghg_views.hand_over, name="hand_over"),
    path("filings/<int:pk>/ghg/open", ghg_views.ghg_open, name="ghg_open"),
    path("ghg/<int:pk>/", ghg_views.ghg_detail, name="ghg_detail"),
    path("ghg/<int:pk>/action", ghg_views.ghg_action, name="ghg_action"),
    path("filings/<int:pk>/publish", views.filing_publish, name="filing_publish"),
    path("disclosures/", views.disclosures, name="disclosures"),
    path("disclosures/status/", views.disclosure_status, name="disclosure_status"),
    path("home/", views.home, name="home"),
    path("grades/", grade_views.grades_page, name="grades"),
    path("grades/xlsx", grade_views.grades_xlsx, name="grades_xlsx"),
    path("output/", views.output, name="output"),
    path("notices/", notice_views.notices, name="notices"),
]
