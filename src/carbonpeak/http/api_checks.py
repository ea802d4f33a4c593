"""What the rooms' API endpoints share: the permission check, and the refusal body's schema.

A refusal is raised, never returned: `common.problems.Refused` (and every room's error built on it)
reaches the one exception handler (`http.problems`), which answers `{"errors": [{field, reason, row?}]}`.
"""

from __future__ import annotations

from django.http import HttpRequest

from carbonpeak.common.problems import NotAllowed, Problem
from carbonpeak.http.problems import ErrorsOut, ProblemOut
from carbonpeak.people.permissions import Permission, can

__all__ = ["ErrorsOut", "ProblemOut", "forbidden", "need"]


def forbidden(reason: str = "无权访问 / not allowed", field: str = "permission") -> NotAllowed:
    """The 403 refusal (raise it)."""
    return NotAllowed([Problem(field, reason)])


def need(request: HttpRequest, permission: Permission, obj: object = None) -> None:
    """403 unless the caller holds `permission` (on `obj`, where the permission depends on it)."""
    if not can(request.user, permission, obj):
        raise forbidden()
