"""Figures in templates, through the one formatting layer (`common.figures`), in the reader's language.

`{% load figures %}` then `{{ value|fig:"energy tce" }}` (a card or a sentence: 万/亿 in Chinese, million in
English), `{{ value|fig_table:"co2" }}` (a table column compared row by row: plain separated figures) and
`{{ value|in_unit:indicator.unit }}` (an indicator's value with its unit, the kind read from the unit).
The rooms' own filters (`num`, `qty`, `pct`, `wan` …) are thin wrappers over the same layer.
"""

from __future__ import annotations

from typing import Any

from django import template

from carbonpeak.common.figures import format_measure, is_english, parse_spec
from carbonpeak.common.measures import UNITS
from carbonpeak.http.figures import reader_language, shown

register = template.Library()


@register.filter
def fig(value: Any, spec: str) -> str:
    """`{{ 12345.6|fig:"energy tce" }}` → 1.235万 tce (zh), 12,346 tce (en)."""
    kind, unit = parse_spec(spec)
    return shown(value, kind, unit=unit)


@register.filter
def fig_table(value: Any, spec: str) -> str:
    """`{{ 12345.6|fig_table:"energy" }}` → 12,346: separated, never scaled (a column is compared)."""
    kind, unit = parse_spec(spec)
    return shown(value, kind, unit=unit, compact=False)


@register.filter
def in_unit(value: Any, unit_code: str) -> str:
    """An indicator's value with its unit in the reader's language: −22.0%, 1.32, 45.5万平方米, 310 MW."""
    info = UNITS.get(str(unit_code))
    lang = reader_language()
    text = "" if info is None else info.en if is_english(lang) else info.zh
    return format_measure(value, str(unit_code), text, lang)
