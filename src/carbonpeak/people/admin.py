from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from carbonpeak.audit import actors
from carbonpeak.people.account_log import AccountEvent, record
from carbonpeak.people.models import ApiToken, Enterprise, Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin[Profile]):
    list_display = ("user", "role", "department", "enterprise", "must_change_password")
    list_filter = ("role", "must_change_password")

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        # A profile the office makes is for a user whose password the office chose: it is changed at login.
        return {"must_change_password": True, **super().get_changeform_initial_data(request)}


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin[Enterprise]):
    list_display = ("name", "uscc")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """A read-only list: tokens are issued and revoked on the office's 接口令牌 page or with `carbonpeak tokens`
    (people/tokens.py), where the clear text is shown once and each step is an audit record. The admin's
    add form could only store a token nobody knows, and a change or delete here would go unrecorded."""

    list_display = ("user", "name", "created", "expires_at", "last_used", "revoked")
    list_filter = ("revoked",)
    fields = ("user", "name", "created", "created_by", "expires_at", "last_used", "revoked")  # never the digest

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False


User = get_user_model()


class OfficeUserAdmin(UserAdmin):  # type: ignore[type-arg]
    """Django's user admin; a password the office sets for someone else must be changed at their next login."""

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and isinstance(response, HttpResponseRedirect):
            user = self.get_object(request, id)
            if user is not None and user.pk != request.user.pk:
                Profile.objects.filter(user=user).update(must_change_password=True)
                record(AccountEvent.PASSWORD_SET_BY_OFFICE, user.get_username(), request, actor=request.user,
                       actor_label=actors.of_request(request), must_change_password=True)
        return response


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, OfficeUserAdmin)
