from django.contrib import admin

from carbonpeak.people.models import ApiToken, Enterprise, Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin[Profile]):
    list_display = ("user", "role", "department", "enterprise")
    list_filter = ("role",)


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin[Enterprise]):
    list_display = ("name", "uscc")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ("user", "name", "created")
    readonly_fields = ("digest",)
