from django.apps import AppConfig


class RoadmapConfig(AppConfig):
    name = "carbonpeak.roadmap"
    verbose_name = "碳达峰路线图 / Carbon-peak roadmap"

    def ready(self) -> None:
        # The inventory page shows the model's base-year CO2 through a hook (accounting is below this room).
        # So does the 碳达峰年份 indicator's page with the projected peak year.
        from carbonpeak.roadmap import base_year, projections  # noqa: F401
