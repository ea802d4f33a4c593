from django.contrib import admin

from carbonpeak.audit.models import ChangeRecord


@admin.register(ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin[ChangeRecord]):
    list_display = ("at", "actor_label", "action", "entity", "entity_key")
    list_filter = ("entity", "action")
    readonly_fields = [f.name for f in ChangeRecord._meta.fields]
