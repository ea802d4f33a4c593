"""Links drawn only where the viewer may follow them (no dead ends).

`{% load links %}` then `{% if user|may_see_task:t %}<a …>{% endif %}`: the same decision the task page
makes (`people.permissions`), so a department or enterprise user is never shown a link that answers 403.
The tasks a user may see are read once per request and kept on the user object.
"""

from __future__ import annotations

from typing import Any

from django import template

from carbonpeak.people.permissions import AnyUser, Permission, can, visible_tasks
from carbonpeak.plan.models import Department, Task
from carbonpeak.web.imports.registry import find, permitted

register = template.Library()
_CACHE = "_carbonpeak_visible_task_numbers"


def _visible_task_numbers(user: AnyUser) -> frozenset[int]:
    """The numbers of the tasks whose page opens for the user (task pages are addressed by number)."""
    cached: frozenset[int] | None = getattr(user, _CACHE, None)
    if cached is None:
        cached = frozenset(visible_tasks(user, Task.objects.all()).values_list("number", flat=True))
        setattr(user, _CACHE, cached)
    return cached


@register.filter
def may_see_task(user: AnyUser, task: Any) -> bool:
    """Whether the task's page opens for this user (`task` a Task or its number)."""
    number = task.number if isinstance(task, Task) else int(task)
    return number in _visible_task_numbers(user)


@register.filter
def may_see_department(user: AnyUser, department: Department) -> bool:
    return can(user, Permission.VIEW_DEPARTMENT, department)


@register.filter
def may(user: AnyUser, permission: str) -> bool:
    """Whether the user holds a permission (object rules aside): `user|may:"view_task"`."""
    return can(user, Permission(permission))


@register.filter
def may_import(user: AnyUser, kind: str) -> bool:
    """Whether the import page of `kind` (web/imports) exists and opens for the user: `user|may_import:"plan"`."""
    importer = find(kind)
    return importer is not None and can(user, importer.permission)


@register.filter
def may_import_any(user: AnyUser) -> bool:
    """Whether the 数据导入 index opens for the user (some importer is theirs)."""
    return bool(permitted(user))
