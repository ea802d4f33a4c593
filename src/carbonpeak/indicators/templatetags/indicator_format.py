"""Numbers as a reader expects them: no padded zeros, thousands separated, shares in %."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def num(value: Any, digits: int = 4) -> str:
    """1.42 not 1.4200, 455,000 not 455000.0, at most `digits` decimals."""
    if value is None or value == "":
        return "—"
    number = float(value)
    text = f"{number:,.{int(digits)}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@register.filter
def share(value: Any) -> str:
    """A fraction as a percentage with one decimal: 0.0102 → 1.0%."""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.1f}%"


@register.filter
def level_label(value: Any) -> str:
    """A 晴雨表 level's words (the label of its choice)."""
    from carbonpeak.indicators.models import BarometerLevel

    return str(BarometerLevel(str(value)).label)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """`mapping[key]` in a template (a place's target value by year)."""
    return mapping.get(key) if hasattr(mapping, "get") else None
