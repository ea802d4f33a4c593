from django.apps import AppConfig


class EnterpriseConfig(AppConfig):
    name = "carbonpeak.enterprise"
    verbose_name = "企业 / Enterprises"
