from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "carbonpeak.monitoring"
    verbose_name = "能耗在线监测 / Energy monitoring"
