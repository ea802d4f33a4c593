from django.urls import path

from carbonpeak.accounting import views

app_name = "accounting"
urlpatterns = [
    path("", views.inventory, name="inventory"),
    path("inventory/<int:year>/", views.inventory, name="inventory_year"),
    path("inventory/<int:year>/xlsx", views.inventory_download, name="inventory_xlsx"),
    path("inventory/<int:year>/compile", views.inventory_compile, name="inventory_compile"),
    path("factors/", views.factor_sets, name="factor_sets"),
    path("factors/<slug:code>/", views.factor_set, name="factor_set"),
    path("calculate/", views.calculate, name="calculate"),
]
