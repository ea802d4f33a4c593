from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "carbonpeak.indicators"
    verbose_name = "指标与目标 / Indicators and targets"
