"""Small lookups the plan's templates need."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Mapping[Any, Any] | None, key: Any) -> Any:
    """mapping[key], or None: a task's row in a dict keyed by task id."""
    return mapping.get(key) if mapping else None
