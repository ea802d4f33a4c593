"""Numbers as a reader expects them, through the one formatting layer (common/figures.py)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.translation import gettext as _

from carbonpeak.common.figures import MINUS, Kind, as_number, format_measure, is_english, join_unit, kind_of_unit
from carbonpeak.common.measures import UNITS
from carbonpeak.http.figures import reader_language, shown
from carbonpeak.indicators.progress import Progress

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


@register.filter
def as_entered(value: Any, unit_text: str) -> str:
    """A value as it was entered, every digit kept (the column exists to show the unrounded figure beside the
    rounded one), written as the layer writes figures: separators, a real minus, the unit joined as the layer
    joins it (−8.397%, 1.317, 5,000 万千瓦时)."""
    if as_number(value) is None:
        return "—"
    try:
        exact = Decimal(str(value))
    except InvalidOperation:
        return "—"
    digits = f"{abs(exact):,f}"
    if "." in digits:
        digits = digits.rstrip("0").rstrip(".")
    sign = MINUS if exact < 0 and any(c in "123456789" for c in digits) else ""
    return join_unit(f"{sign}{digits}", str(unit_text or "").strip())


@register.simple_tag
def behind_path(progress: Progress, unit_code: str) -> str:
    """How far the latest value is behind the expected path, as a reader of this indicator reads it: for a
    ratio (PUE) the gap in the indicator's own unit, never a percentage of one; otherwise the share of the
    change still required (`Progress.shortfall`). Ahead of or on the path reads as such, not as "0.0%"."""
    if progress.shortfall is None or progress.gap_to_path is None:
        return "—"
    if progress.shortfall <= 1e-9:
        return _("Not behind")
    if kind_of_unit(str(unit_code)) is Kind.RATIO:
        info = UNITS.get(str(unit_code))
        lang = reader_language()
        text = "" if info is None else info.en if is_english(lang) else info.zh
        return format_measure(abs(progress.gap_to_path), str(unit_code), text, lang)
    return shown(progress.shortfall, Kind.SHARE)


# A footnote marker printed after an abbreviation in the plan's text (能源利用效率（PUE²）): a superscript figure
# right after it reads as a power, so it is written as a note reference instead. Capitals only: m² is a unit.
_FOOTNOTE = re.compile(r"(?<=[A-Z])([¹²³⁴⁵⁶⁷⁸⁹⁰]+)")
_PLAIN_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


@register.filter
def footnotes(text: Any) -> str:
    """The plan's text with its footnote markers as note references: "（PUE²）" → "（PUE[注2]）"."""
    return _FOOTNOTE.sub(lambda m: f"[注{m.group(1).translate(_PLAIN_DIGITS)}]", str(text or ""))


@register.filter
def bracketed(text: Any) -> str:
    """An aside after a figure, bracketed as the reader's language writes it: 1.32（2026） in Chinese,
    1.32 (2026) in English. Put right after the figure, without a space."""
    return f" ({text})" if is_english(reader_language()) else f"（{text}）"
