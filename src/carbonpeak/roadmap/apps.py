from django.apps import AppConfig


class RoadmapConfig(AppConfig):
    name = "carbonpeak.roadmap"
    verbose_name = "碳达峰路线图 / Carbon-peak roadmap"
