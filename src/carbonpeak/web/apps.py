from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "carbonpeak.web"
    verbose_name = "网页外壳 / Web shell"

    def ready(self) -> None:
        # Every connection's writes move the data version on, in every process (server, jobs loop, commands).
        from carbonpeak.caching import versions

        versions.install()
