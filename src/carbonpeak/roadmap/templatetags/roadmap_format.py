"""Number formats of the roadmap pages, through the one layer (common/figures.py): tonnes shown as 10⁴ t
(万吨), shares as percent."""

from __future__ import annotations

from typing import Any

from django import template

from carbonpeak.common.figures import Kind, as_number
from carbonpeak.http.figures import shown

register = template.Library()


@register.filter
def wan(value: Any) -> str:
    """tCO2 in a column headed 10⁴ t: 6123456.7 → "612.3", 11614000 → "1,161"."""
    number = as_number(value)
    return shown(None if number is None else number / 10_000, Kind.CO2, compact=False)


@register.filter
def num(value: Any) -> str:
    """A scenario parameter: 0.35 → "0.35", 1234567 → "1,234,567"; a year among them stays 2030."""
    if isinstance(value, str) and as_number(value) is None:
        return value
    number = as_number(value)
    if number is not None and number.is_integer() and 1000 <= abs(number) < 10_000:
        return shown(number, Kind.YEAR)  # parameters hold years (start, end, peak) beside quantities
    return shown(value, Kind.QUANTITY, compact=False)


@register.filter
def pct(value: Any) -> str:
    """A fraction as percent: 0.873 → "87.3%"."""
    return shown(value, Kind.SHARE)


@register.filter
def signed(value: Any) -> str:
    """A change already in percent, with its sign: -14.23 → "−14.2%", 3 → "+3.0%"."""
    return shown(value, Kind.PERCENT, signed=True)


@register.filter
def taken_off(value: Any) -> str:
    """An amount in 10⁴ t taken off a total (a measure's avoided emissions in the wedges' key), written as
    the change it makes: 78.46 → "−78.46"; a contribution that adds emissions (−1.2) → "+1.2"."""
    number = as_number(value)
    return shown(None if number is None else -number, Kind.CO2, compact=False, signed=True)
