"""Numbers as a reader expects them, through the one formatting layer (common/figures.py)."""

from __future__ import annotations

from typing import Any

from django import template

from carbonpeak.common.figures import Kind
from carbonpeak.http.figures import shown

register = template.Library()


@register.filter
def num(value: Any) -> str:
    """A quantity in a table: 1.42 not 1.4200, 455,000 not 455000.0, 4 significant digits."""
    return shown(value, Kind.QUANTITY, compact=False)


@register.filter
def share(value: Any) -> str:
    """A fraction as a percentage with one decimal: 0.0102 → 1.0%."""
    return shown(value, Kind.SHARE)


@register.filter
def level_label(value: Any) -> str:
    """A 晴雨表 level's words (the label of its choice)."""
    from carbonpeak.indicators.models import BarometerLevel

    return str(BarometerLevel(str(value)).label)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """`mapping[key]` in a template (a place's target value by year)."""
    return mapping.get(key) if hasattr(mapping, "get") else None
