from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "carbonpeak.plan"
    verbose_name = "实施方案与任务 / Plan and tasks"
