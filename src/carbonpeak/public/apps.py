from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "carbonpeak.public"
    verbose_name = "公众网站 / Public site"
