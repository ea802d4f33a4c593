from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "carbonpeak.audit"
    verbose_name = "变更记录 / Audit trail"
