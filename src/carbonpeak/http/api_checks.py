"""What the rooms' API endpoints share: the permission check and the answer to input refused field by field.

The refusal body `{"errors": [{where, field, reason}]}` is the one of the rooms whose input errors are
`common.issues.InputError` (accounting, review, roadmap); rooms with another error shape keep their own.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Schema, Status
from ninja.errors import HttpError

from carbonpeak.common.issues import InputError
from carbonpeak.people.permissions import Permission, can


class IssueOut(Schema):
    where: str
    field: str
    reason: str


class ErrorsOut(Schema):
    errors: list[IssueOut]


def need(request: HttpRequest, permission: Permission, obj: object = None) -> None:
    """403 unless the caller holds `permission` (on `obj`, where the permission depends on it)."""
    if not can(request.user, permission, obj):
        raise HttpError(403, "无权访问 / forbidden")


def refused(exc: InputError) -> Status[Any]:
    """422 listing every issue of the refused input."""
    return Status(422, {"errors": [i.as_dict() for i in exc.issues]})
