"""Figures in the language of the request being answered: the one formatting layer (`common.figures`)
for templates, views and exports on the Django side. Every room's template filters (`num`, `qty`, `pct`,
`wan` …, and `{% load figures %}`: `fig`, `fig_table`, `in_unit`) call `shown`."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

from carbonpeak.common.figures import Kind, format_figure


def reader_language() -> str:
    return get_language() or "zh-hans"


def shown(value: Any, kind: Kind | str, *, unit: str = "", compact: bool = True, signed: bool | None = None) -> str:
    """`format_figure` in the reader's language."""
    return format_figure(value, kind, reader_language(), unit=unit, compact=compact, signed=signed)
