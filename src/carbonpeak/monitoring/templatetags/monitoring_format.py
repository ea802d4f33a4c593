"""How the monitoring pages write figures and the room's words: numbers with their units,
shares and changes in %, enumeration values and VEE flags in the reader's language."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.functional import Promise
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from carbonpeak.common.figures import Kind, as_number, is_english
from carbonpeak.http.figures import reader_language, shown
from carbonpeak.monitoring.figures.units import scaled_quantity, unit_text
from carbonpeak.monitoring.vocabulary import (
    AlertKind,
    AlertState,
    DataCentreStage,
    Flag,
    KeyUnitLevel,
    MeterKind,
    MeterRole,
)

register = template.Library()

LABELS: dict[str, Promise] = {
    AlertKind.SILENT: _("Unit silent"),
    AlertKind.LOW_COMPLETENESS: _("Data completeness below 90 %"),
    AlertKind.PUE_ABOVE_LIMIT: _("PUE above its limit"),
    AlertKind.PUE_ANNUAL_ABOVE_LIMIT: _("Annual PUE above its limit"),
    AlertKind.AHEAD_OF_BUDGET: _("Ahead of the energy budget"),
    AlertState.OPEN: pgettext_lazy("alert state", "Open"),
    AlertState.ACKNOWLEDGED: pgettext_lazy("alert state", "Acknowledged"),
    AlertState.CLOSED: pgettext_lazy("alert state", "Closed"),
    KeyUnitLevel.NATIONAL: _("National key unit"),
    KeyUnitLevel.CITY: _("City key unit"),
    KeyUnitLevel.DISTRICT: _("District key unit"),
    DataCentreStage.EXISTING: _("Existing data centre"),
    DataCentreStage.NEW: _("New data centre"),
    MeterKind.CUMULATIVE: _("Cumulative register"),
    MeterKind.INTERVAL: _("Interval energy"),
    MeterRole.TOTAL: pgettext_lazy("meter role", "Total meter"),
    MeterRole.IT_LOAD: pgettext_lazy("meter role", "IT load"),
    MeterRole.SUB_METER: pgettext_lazy("meter role", "Sub-meter"),
}

FLAG_LABELS: dict[Flag, Promise] = {
    Flag.DUPLICATE: _("duplicate"),
    Flag.NEGATIVE_DELTA: _("register went down"),
    Flag.ROLLOVER: _("rollover"),
    Flag.METER_REPLACED: _("meter replaced"),
    Flag.SPIKE: _("spike"),
    Flag.GAP_BEFORE: _("gap before"),
    Flag.FLAT_LINE: _("flat line"),
    Flag.OUT_OF_RANGE: _("out of range"),
    Flag.ESTIMATED: _("estimated"),
    Flag.EDITED: _("edited"),
}


def label_of(value: str) -> str:
    return str(LABELS.get(value, value))


def choices(enum: Any) -> list[tuple[str, str]]:
    """(value, label) pairs of a vocabulary enumeration, for a select."""
    return [(m.value, label_of(m.value)) for m in enum]


@register.filter
def label(value: Any) -> str:
    """An enumeration value of the room (alert kind, state, level, role …) in the reader's language."""
    return label_of(str(value))


@register.filter
def flags(bits: Any) -> str:
    """VEE flag bits as words: "spike, gap before"; "" when clean."""
    if not bits:
        return ""
    return ", ".join(str(text) for flag, text in FLAG_LABELS.items() if int(bits) & flag)


@register.filter
def unit_name(unit: Any) -> str:
    """A unit as the room stores it in the reader's words: "tce" → 吨标准煤 (zh) / tce (en)."""
    return unit_text(str(unit or ""), is_english(reader_language()))


@register.filter
def aside(text: Any, more: Any = "") -> str:
    """A remark in brackets as the reader's language writes them: （甲；乙） in Chinese, (a; b) in English."""
    english = is_english(reader_language())
    parts = [str(p) for p in (text, more) if p]
    if not parts:
        return ""
    return f"({'; '.join(parts)})" if english else f"（{'；'.join(parts)}）"


@register.filter
def qty(value: Any, unit: str = "") -> str:
    """A metered quantity in a table: 12345.678 "tce" → "12,346吨标准煤" / "12,346 tce"; 1.234 → "1.234";
    None → "—"."""
    return shown(value, Kind.QUANTITY, unit=unit_name(unit), compact=False)


@register.filter
def reading(value: Any, unit: str = "") -> str:
    """A meter's reading or a month's electricity with its unit: a large kWh figure in 万千瓦时 (zh) or MWh
    (en), 1,210,785,148 kWh → "121,079万千瓦时" / "1,210,785 MWh"; other units as `qty` writes them."""
    scaled, words = scaled_quantity(as_number(value), str(unit or ""), is_english(reader_language()))
    return shown(scaled, Kind.QUANTITY, unit=words, compact=False)


@register.filter
def per(value: Any, divisor: Any) -> str:
    """A quantity in a larger unit the column's heading names: 11365416 kWh |per:10000 → "1,136.5" (万千瓦时)."""
    number = as_number(value)
    scale = as_number(divisor)
    return shown(None if number is None or not scale else number / scale, Kind.QUANTITY, compact=False)


@register.filter
def pct(value: Any) -> str:
    """A share as a percentage: 0.875 → "87.5%"."""
    return shown(value, Kind.SHARE)


@register.filter
def delta(value: Any) -> str:
    """A relative change with its sign: 0.032 → "+3.2%", −0.01 → "−1.0%"."""
    return shown(value, Kind.CHANGE)


@register.filter
def pue(value: Any) -> str:
    return shown(value, Kind.RATIO)


@register.filter
def figure(alert: Any, which: str = "value") -> str:
    """An alert's value or limit as its kind reads: PUE 1.52, 78.8 %, 1,234 tce, 26 h."""
    value = getattr(alert, which)
    if value is None:
        return "—"
    if alert.kind == AlertKind.PUE_ABOVE_LIMIT:
        return pue(value)
    if alert.kind == AlertKind.LOW_COMPLETENESS:
        return pct(value)
    if alert.kind == AlertKind.AHEAD_OF_BUDGET:
        return qty(value, "tce")
    return qty(value, "h")


@register.filter
def message(alert: Any) -> str:
    """An alert's message in the reader's language."""
    zh = (get_language() or "zh-hans").startswith("zh")
    return str(alert.message_zh if zh else alert.message_en)
