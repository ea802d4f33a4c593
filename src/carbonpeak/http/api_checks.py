"""What the rooms' API endpoints share: the permission check, and the refusal body's schema.

A refusal is raised, never returned: `common.problems.Refused` (and every room's error built on it)
reaches the one exception handler (`http.problems`), which answers `{"errors": [{field, reason, row?}]}`.
"""

from __future__ import annotations

from typing import Annotated

from django.db import models
from django.http import HttpRequest
from pydantic import Field

from carbonpeak.common.periods import MAX_YEAR, MIN_YEAR
from carbonpeak.common.problems import NotAllowed, Problem
from carbonpeak.http.problems import ErrorsOut, ProblemOut
from carbonpeak.people.permissions import Permission, can

__all__ = ["ErrorsOut", "Month", "ProblemOut", "Year", "forbidden", "longest", "need"]

# A year or month in a path or query: out of range is a 422 naming it, never a date the database cannot hold.
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]
Month = Annotated[int, Field(ge=1, le=12)]


def longest(model: type[models.Model], field: str) -> int:
    """The model field's max_length: what an input schema declares, so a longer string is refused by name
    (422) before it reaches a database that would cut it (PostgreSQL) or keep it whole (SQLite)."""
    limit = model._meta.get_field(field).max_length  # type: ignore[union-attr]
    assert isinstance(limit, int), f"{model.__name__}.{field} has no max_length"
    return limit


def forbidden(reason: str = "无权访问 / not allowed", field: str = "permission") -> NotAllowed:
    """The 403 refusal (raise it)."""
    return NotAllowed([Problem(field, reason)])


def need(request: HttpRequest, permission: Permission, obj: object = None) -> None:
    """403 unless the caller holds `permission` (on `obj`, where the permission depends on it)."""
    if not can(request.user, permission, obj):
        raise forbidden()
