"""Observation rows (指标数据) as people enter or import them: checked, converted, ranged.

Pure module (no Django). A row names the indicator by code, a period (2023, 2023-Q2,
2023-05), a value and the unit it was written in; the value is converted by pint into the
indicator's own unit and checked against the indicator's plausible range. Every problem is
reported at once, naming the row, the field and the reason in Chinese and English.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import pint

from carbonpeak.common.issues import InputError, InputIssue, row_label
from carbonpeak.common.limits import InputTooLarge
from carbonpeak.common.measures import UNITS, registry
from carbonpeak.common.names import Name, Vocabulary, normalise
from carbonpeak.common.numbers import parse_number
from carbonpeak.common.periods import parse_period
from carbonpeak.common.tables import read_table as read_any_table
from carbonpeak.indicators.progress import period_end
from carbonpeak.plan.vocabulary import TargetKind

REQUIRED_COLUMNS = ("indicator", "period", "value", "unit")
OPTIONAL_COLUMNS = ("reference_value", "source", "note")
# A file's header may name its columns in Chinese (指标, 期间, 数值, 计量单位 …) as well as by these codes.
COLUMN_VOCABULARY = Vocabulary.of("列名", "column", (
    Name("indicator", "指标", "indicator", ("指标代码", "指标名称")),
    Name("period", "期间", "period", ("年份", "统计期", "时期")),
    Name("value", "数值", "value", ("值", "指标值")),
    Name("unit", "计量单位", "unit", ("单位",)),
    Name("reference_value", "参照值", "reference value", ("参考值", "对比值")),
    Name("source", "数据来源", "source", ("来源", "出处")),
    Name("note", "备注", "note", ("说明",)),
))


def column_code(header_cell: str) -> str:
    """The column a header cell names (its code), or the cell as written (lower-cased) when it names none."""
    found = COLUMN_VOCABULARY.find(header_cell)
    return found.code if found is not None else header_cell.strip().lower()


def with_codes(records: Iterable[Mapping[str, Any]], names: Mapping[str, str]) -> list[dict[str, Any]]:
    """Records whose `indicator` cell names an indicator by its name (单位GDP能耗降低) rather than its code, with
    the code; `names` maps each indicator's normalised Chinese and English names to its code."""
    out = []
    for record in records:
        raw = record.get("indicator")
        text = str(raw).strip() if raw is not None else ""
        code = names.get(normalise(text)) if text else None
        out.append({**record, "indicator": code} if code is not None else dict(record))
    return out

# How units are written in Chinese statistics, as pint expressions.
UNIT_ALIASES: dict[str, str] = {
    "%": "percent", "％": "percent", "百分比": "percent", "percent": "percent",
    "兆瓦": "megawatt", "万千瓦": "1e4 * kilowatt", "千瓦": "kilowatt", "吉瓦": "gigawatt",
    "个": "count", "座": "count", "处": "count", "台": "count", "根": "count", "枪": "count",
    "公里": "kilometer", "千米": "kilometer", "米": "meter",
    "平方米": "meter ** 2", "㎡": "meter ** 2", "m²": "meter ** 2", "万平方米": "1e4 * meter ** 2",
    "公顷": "hectare",
    "年": "dimensionless", "year": "dimensionless", "ratio": "dimensionless", "": "dimensionless",
    "吨标准煤/万元": "tce / (1e4 * CNY)", "tce/万元": "tce / (1e4 * CNY)",
    "千克标准煤/万元": "kgce / (1e4 * CNY)", "kgce/万元": "kgce / (1e4 * CNY)",
    "吨标准煤": "tce", "万吨标准煤": "1e4 * tce", "千克标准煤": "kgce", "tce": "tce", "万tce": "1e4 * tce",
    "千瓦时": "kWh", "万千瓦时": "1e4 * kWh", "亿千瓦时": "1e8 * kWh", "度": "kWh", "万度": "1e4 * kWh",
    "kWh": "kWh", "万kWh": "1e4 * kWh", "亿kWh": "1e8 * kWh",
    "立方米": "m3", "万立方米": "1e4 * m3", "亿立方米": "1e8 * m3", "m3": "m3", "万m3": "1e4 * m3",
    "吨": "t", "万吨": "1e4 * t", "t": "t", "万t": "1e4 * t",
    "吨二氧化碳": "t_CO2", "万吨二氧化碳": "1e4 * t_CO2", "tCO2": "t_CO2", "万tCO2": "1e4 * t_CO2",
    "万元": "1e4 * CNY", "亿元": "1e8 * CNY",
}


# Indicators whose values may be written without a unit.
UNITLESS = frozenset({"ratio", "year", "count"})


class ObservationInputError(InputError):
    """Raised with every problem of a file at once; nothing is stored when it is raised."""


@dataclass(frozen=True)
class IndicatorInfo:
    """What a row is checked against: the indicator's unit and the values it can take."""

    code: str
    unit: str
    kinds: frozenset[TargetKind]
    minimum: float | None = None
    maximum: float | None = None
    derived: bool = False  # computed by CarbonPeak: never entered or imported

    @property
    def needs_reference(self) -> bool:
        return TargetKind.RELATIVE_TO_REFERENCE in self.kinds


def default_range(unit: str, kinds: Iterable[TargetKind]) -> tuple[float | None, float | None]:
    """The values an indicator can physically take, unless its plan entry says otherwise.

    A share is 0–100 %; a change versus the base year cannot fall below −100 %; counts,
    lengths, areas, capacities and ratios are not negative. A plan entry may narrow it
    (PUE, for instance, is at least 1).
    """
    kind_set = set(kinds)
    if unit == "percent":
        if TargetKind.CHANGE_VS_BASE in kind_set:
            return -100.0, None
        return 0.0, 100.0
    if unit == "year":
        return 1900.0, 2200.0
    return 0.0, None


@dataclass(frozen=True)
class ObservationRow:
    row: int
    indicator: str
    period: str
    period_start: date
    period_end: date
    value: float  # in the indicator's unit
    entered_value: float
    entered_unit: str
    reference_value: float | None
    source: str
    note: str


_ALIASES_READ = {normalise(k): v for k, v in UNIT_ALIASES.items()}  # ㎡, ％, 万 KWh … as people type them


def _pint_unit(text: str) -> str:
    cleaned = text.strip()
    if cleaned in UNIT_ALIASES:
        return UNIT_ALIASES[cleaned]
    if normalise(cleaned) in _ALIASES_READ:
        return _ALIASES_READ[normalise(cleaned)]
    for code, info in UNITS.items():
        if cleaned in (code, info.zh, info.en) and cleaned:
            return info.pint_expr
    # "kgce/万元" and the like: 万元 is 10⁴ CNY.
    return cleaned.replace("万元", "(1e4 * CNY)")


def convert(value: float, unit_text: str, indicator_unit: str) -> float:
    """The value in the indicator's unit; ValueError (zh / en) if the units do not fit."""
    return value * conversion_factor(unit_text, indicator_unit)


@cache
def conversion_factor(unit_text: str, indicator_unit: str) -> float:
    """How many of the indicator's units one `unit_text` is (cached: files repeat their units)."""
    ureg = registry()
    try:
        given = ureg.parse_expression(_pint_unit(unit_text))
        wanted = ureg.parse_expression(UNITS[indicator_unit].pint_expr)
    except (pint.errors.PintError, AttributeError, TypeError, ValueError) as exc:
        accepted = accepted_units(indicator_unit)
        raise ValueError(f"无法识别的单位「{unit_text}」，本指标可填：{'、'.join(accepted)} / unknown unit "
                         f"'{unit_text}'; this indicator accepts: {', '.join(accepted)}") from exc
    given_q = given if isinstance(given, pint.Quantity) else ureg.Quantity(1.0, given)
    wanted_q = wanted if isinstance(wanted, pint.Quantity) else ureg.Quantity(1.0, wanted)
    try:
        return float((given_q / wanted_q).to("dimensionless").magnitude)
    except pint.errors.DimensionalityError as exc:
        shown = UNITS[indicator_unit].zh or indicator_unit
        accepted = accepted_units(indicator_unit)
        raise ValueError(
            f"单位「{unit_text}」不能换算为本指标的单位「{shown}」，可填：{'、'.join(accepted)}"
            f"/ '{unit_text}' does not convert to '{indicator_unit}'; accepted: {', '.join(accepted)}"
        ) from exc


@cache
def accepted_units(indicator_unit: str) -> tuple[str, ...]:
    """The spellings of UNIT_ALIASES (and the unit's own names) that convert to the indicator's unit."""
    ureg = registry()
    wanted = 1.0 * ureg.parse_expression(UNITS[indicator_unit].pint_expr)
    info = UNITS[indicator_unit]
    out = [s for s in (info.zh, info.code) if s]
    for spelling, expr in UNIT_ALIASES.items():
        if not spelling or spelling in out:
            continue
        if wanted.dimensionless and expr != info.pint_expr:  # %, 个 and 年 are all pure numbers to pint
            continue
        try:
            (ureg.parse_expression(expr) / wanted).to("dimensionless")
        except (pint.errors.PintError, AttributeError):
            continue
        out.append(spelling)
    return tuple(out)


def _number(raw: Any, where: str, fld: str, issues: list[InputIssue], required: bool) -> float | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if required:
            issues.append(InputIssue(where, fld, "必填 / required"))
        return None
    try:
        value = float(raw) if isinstance(raw, int | float) and not isinstance(raw, bool) else parse_number(str(raw))
    except ValueError:
        issues.append(InputIssue(where, fld, f"不是数值：「{raw}」/ not a number"))
        return None
    if not math.isfinite(value):
        issues.append(InputIssue(where, fld, "必须是有限数值 / must be finite"))
        return None
    return value


def _in_range(value: float, info: IndicatorInfo, where: str, fld: str, issues: list[InputIssue]) -> None:
    low, high = info.minimum, info.maximum
    if low is not None and value < low:
        issues.append(InputIssue(where, fld, f"{value:g} 小于下限 {low:g} / below the minimum {low:g}"))
    if high is not None and value > high:
        issues.append(InputIssue(where, fld, f"{value:g} 大于上限 {high:g} / above the maximum {high:g}"))


_DERIVED = "本指标由系统计算，不能填报或导入 / this indicator is derived, not entered or imported"
_NEEDS_REFERENCE = "相对目标须同时填报参照值（如全市平均）/ a relative target needs the reference value"


def check_row(raw: Mapping[str, Any], row: int, catalogue: Mapping[str, IndicatorInfo],
              issues: list[InputIssue], today: date | None = None) -> ObservationRow | None:
    """One row checked; its problems are appended to `issues` and None is returned."""
    where = row_label(row)
    before = len(issues)
    code = str(raw.get("indicator") or "").strip()
    info = catalogue.get(code)
    if not code:
        issues.append(InputIssue(where, "indicator", "必填 / required"))
    elif info is None:
        issues.append(InputIssue(where, "indicator", f"未知指标「{code}」/ unknown indicator"))
    elif info.derived:
        issues.append(InputIssue(where, "indicator", _DERIVED))
    period_text = str(raw.get("period") or "").strip()
    period = None
    try:
        period = parse_period(period_text)
    except ValueError as exc:
        issues.append(InputIssue(where, "period", str(exc)))
    if period is not None and today is not None and period.start > today:
        issues.append(InputIssue(where, "period", f"期间「{period.label}」尚未开始 / the period has not begun yet"))
        period = None
    value = _number(raw.get("value"), where, "value", issues, required=True)
    unit_text = str(raw.get("unit") if raw.get("unit") is not None else "").strip()
    reference = _number(raw.get("reference_value"), where, "reference_value", issues, required=False)
    converted = converted_reference = None
    if info is not None and not unit_text and info.unit not in UNITLESS:
        issues.append(InputIssue(where, "unit", "必填 / required"))
    elif info is not None:
        if value is not None:
            try:
                converted = convert(value, unit_text, info.unit)
                _in_range(converted, info, where, "value", issues)
            except ValueError as exc:
                issues.append(InputIssue(where, "unit", str(exc)))
        if reference is not None:
            try:
                converted_reference = convert(reference, unit_text, info.unit)
                _in_range(converted_reference, info, where, "reference_value", issues)
            except ValueError:
                pass  # the unit error is reported once, on the value
        elif info.needs_reference:
            issues.append(InputIssue(where, "reference_value", _NEEDS_REFERENCE))
    if len(issues) > before or period is None or converted is None or info is None or value is None:
        return None
    return ObservationRow(
        row=row, indicator=code, period=period.label, period_start=period.start,
        period_end=period_end(period.start, period.label), value=converted, entered_value=value,
        entered_unit=unit_text, reference_value=converted_reference,
        source=str(raw.get("source") or "").strip(), note=str(raw.get("note") or "").strip(),
    )


@dataclass(frozen=True)
class CheckedRows:
    rows: list[ObservationRow]
    issues: list[InputIssue]


def check_rows(records: Iterable[Mapping[str, Any]], catalogue: Mapping[str, IndicatorInfo],
               first_row: int = 2, today: date | None = None) -> CheckedRows:
    """Check every row; a period given twice for one indicator is an error on the second, and a
    period that starts after `today` (when given) cannot have been observed."""
    issues: list[InputIssue] = []
    rows: list[ObservationRow] = []
    seen: dict[tuple[str, str], int] = {}
    for n, raw in enumerate(records, start=first_row):
        checked = check_row(raw, n, catalogue, issues, today)
        if checked is None:
            continue
        key = (checked.indicator, checked.period)
        if key in seen:
            issues.append(InputIssue(row_label(n), "period",
                                     f"与第{seen[key]}行重复 / same indicator and period as row {seen[key]}"))
            continue
        seen[key] = n
        rows.append(checked)
    return CheckedRows(rows, issues)


def read_table(name: str, content: bytes) -> list[dict[str, Any]]:
    """The rows of a CSV (UTF-8 or GBK) or xlsx file as dictionaries keyed by the header (lower-cased),
    within the limits of `common/limits.py` (rows, columns, cells, size)."""
    try:
        table = read_any_table(name, content)
    except InputTooLarge as exc:
        where = row_label(exc.row) if exc.row else name
        raise ObservationInputError([InputIssue(where, exc.field, exc.reason)]) from exc
    header = [column_code(h) for h in table.header if h]
    _check_header(name, header)
    renamed = {h: column_code(h) for h in table.header if h}
    return [{renamed.get(str(k), str(k)): v for k, v in r.items()} for r in table.records]


def _check_header(name: str, header: Iterable[str]) -> None:
    present = {h.strip().lower() for h in header if h}
    missing = [c for c in REQUIRED_COLUMNS if c not in present]
    if missing:
        raise ObservationInputError([InputIssue(name, ", ".join(missing),
                                                "缺少必需的列 / missing required columns")])
