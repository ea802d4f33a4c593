"""Number formats of the roadmap pages: tonnes shown as 10⁴ t (万吨), shares as percent."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

from django import template

register = template.Library()


def _dash_when_blank(fmt: Callable[..., str]) -> Callable[..., str]:
    """A missing value (None, "") shows as "—" in every format, so each filter formats only numbers."""

    @functools.wraps(fmt)  # Django reads the wrapped signature to check the filter's argument
    def wrapper(value: Any, *args: Any) -> str:
        if value is None or value == "":
            return "—"
        return fmt(value, *args)

    return wrapper


@register.filter
@_dash_when_blank
def wan(value: Any, digits: int = 1) -> str:
    """tCO2 → 10⁴ t with thousands separators: 6123456.7 → "612.3"."""
    return f"{float(value) / 10_000:,.{digits}f}"


@register.filter
@_dash_when_blank
def num(value: Any) -> str:
    """A number without needless zeros: 300.0 → "300", 0.35 → "0.35", 1234567 → "1,234,567"."""
    if isinstance(value, str):
        return value
    v = float(value)
    if math.isinf(v) or math.isnan(v):
        return "—"
    if v == int(v) and abs(v) < 1e15:
        return f"{int(v):,}" if abs(v) >= 10_000 else str(int(v))
    return f"{v:.6g}"


@register.filter
@_dash_when_blank
def pct(value: Any, digits: int = 1) -> str:
    """A fraction as percent: 0.873 → "87.3%"."""
    return f"{float(value) * 100:.{digits}f}%"


@register.filter
@_dash_when_blank
def signed(value: Any, digits: int = 1) -> str:
    """A change in percent with its sign: -14.23 → "−14.2%"."""
    return f"{float(value):+.{digits}f}%".replace("-", "−")
