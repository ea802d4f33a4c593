from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "carbonpeak.people"
    verbose_name = "用户与角色 / People and roles"
