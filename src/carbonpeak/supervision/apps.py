from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "carbonpeak.supervision"
    verbose_name = "调度督办 / Supervision"
