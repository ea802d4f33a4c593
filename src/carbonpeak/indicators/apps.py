from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "carbonpeak.indicators"
    verbose_name = "指标与目标 / Indicators and targets"

    def ready(self) -> None:
        # The plan's task page shows its indicators' status through a hook (plan is below this room).
        from carbonpeak.indicators import task_page  # noqa: F401
