from django.urls import path

from carbonpeak.web.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:kind>/", views.upload, name="upload"),
    path("<slug:kind>/template.xlsx", views.template, name="template"),
    path("<slug:kind>/example", views.example, name="example"),
    path("<slug:kind>/<int:pk>/", views.preview, name="preview"),
    path("<slug:kind>/<int:pk>/confirm", views.confirm, name="confirm"),
    path("<slug:kind>/<int:pk>/discard", views.discard, name="discard"),
]
