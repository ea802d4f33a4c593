from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "carbonpeak.review"
    verbose_name = "节能审查 / Project review"
