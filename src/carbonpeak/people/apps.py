from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "carbonpeak.people"
    verbose_name = "用户与角色 / People and roles"

    def ready(self) -> None:
        # Connect the account records' signal receivers and register the deploy checks.
        from carbonpeak.people import account_log, checks  # noqa: F401
