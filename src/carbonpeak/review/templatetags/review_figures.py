"""Template filters for the review pages' figures (through common/figures.py)."""

from __future__ import annotations

from typing import Any

from django import template

from carbonpeak.common.figures import Kind
from carbonpeak.http.figures import shown

register = template.Library()


@register.filter
def percent(value: Any) -> str:
    """0.0123 → "1.2%"; a share too small for one decimal keeps two significant digits; None → "—"."""
    return shown(value, Kind.SHARE)
