from django.apps import AppConfig


class AccountingConfig(AppConfig):
    name = "carbonpeak.accounting"
    verbose_name = "能源与碳排放核算 / Energy and carbon accounting"
