from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "carbonpeak.jobs"
    verbose_name = "定时任务 / Scheduled jobs"
