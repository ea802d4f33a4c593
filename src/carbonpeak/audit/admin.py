"""The audit trail in the Django admin: read only. Records are added by the rooms' services alone and are
never changed or deleted (the model refuses too; `carbonpeak audit verify` shows any change made
around it)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from carbonpeak.audit.models import ChangeRecord


@admin.register(ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin[ChangeRecord]):
    list_display = ("at", "actor_label", "action", "entity", "entity_key", "seq")
    list_filter = ("entity", "action")
    readonly_fields = [f.name for f in ChangeRecord._meta.fields]
    actions = None  # no "delete selected"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
