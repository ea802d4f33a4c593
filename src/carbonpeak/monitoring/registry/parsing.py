"""The register of key energy-using units (重点用能单位) and their meters, as imported from CSV or xlsx.

Pure module (no Django). `read_table` reads a file into rows; `check_unit_rows` and
`check_meter_rows` check every row on its own and return the good rows and a `RowError` for every
problem (row, field, reason in Chinese and English). USCCs are checked against GB 32100-2015
(`people.uscc`), industry codes against GB/T 4754-2017 (`review.industries`), energy types and
units against the accounting engine's catalogue, so a meter only measures what the engine counts.
docs/methodology/monitoring.md ("Registry import") lists every column.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TypeVar

from carbonpeak.accounting.catalogue import UNIT_VOCABULARY, EnergyType, energy_type_of, energy_vocabulary, unit_spec
from carbonpeak.common.industries import industry_problem
from carbonpeak.common.limits import InputTooLarge
from carbonpeak.common.names import Name, UnknownName, Vocabulary
from carbonpeak.common.numbers import parse_number
from carbonpeak.common.places import Places
from carbonpeak.common.tables import read_table as read_any_table
from carbonpeak.monitoring.readings.parsing import ReadingsInputError, RowError
from carbonpeak.monitoring.vocabulary import DEFAULT_INTERVAL_S, DataCentreStage, KeyUnitLevel, MeterKind, MeterRole
from carbonpeak.people.uscc import uscc_problem

UNIT_COLUMNS = ("code", "name", "uscc", "industry_code", "town", "data_center")
UNIT_OPTIONAL = ("level", "stage", "design_pue", "annual_budget_tce")
METER_COLUMNS = ("code", "unit_code", "energy_type", "unit", "kind", "multiplier", "role")
METER_OPTIONAL = ("interval_s", "register_max", "minimum", "maximum")

# A file's header may name its columns in Chinese (单位代码, 统一社会信用代码 …) as well as by these codes.
UNIT_HEADERS = Vocabulary.of("列名", "column", (
    Name("code", "单位代码", "unit code", ("代码", "编码", "单位编码")),
    Name("name", "单位名称", "name", ("名称", "企业名称")),
    Name("uscc", "统一社会信用代码", "USCC", ("信用代码", "社会信用代码")),
    Name("industry_code", "行业代码", "industry code", ("国民经济行业代码", "行业分类代码")),
    Name("town", "所在镇", "town", ("镇", "街道", "镇（街道、园区）", "所在镇（街道、园区）", "属地")),
    Name("data_center", "是否数据中心", "data centre", ("数据中心", "data center")),
    Name("level", "级别", "level", ("单位级别",)),
    Name("stage", "数据中心阶段", "stage", ("阶段", "新建或存量")),
    Name("design_pue", "设计PUE", "design PUE", ("设计能效", "设计电能利用效率")),
    Name("annual_budget_tce", "年度用能预算", "annual budget (tce)", ("年度用能预算（吨标准煤）", "用能预算")),
))
METER_HEADERS = Vocabulary.of("列名", "column", (
    Name("code", "计量点代码", "meter code", ("计量器具代码", "表计代码", "代码", "编码")),
    Name("unit_code", "单位代码", "unit code", ("用能单位代码", "所属单位代码", "所属单位")),
    Name("energy_type", "能源品种", "energy type", ("能源", "品种", "能源种类")),
    Name("unit", "计量单位", "unit of measure", ("单位名称",)),
    Name("kind", "读数类型", "kind", ("类型", "表计类型")),
    Name("multiplier", "倍率", "multiplier", ("变比", "互感器倍率")),
    Name("role", "计量用途", "role", ("用途", "表计用途")),
    Name("interval_s", "采集间隔（秒）", "interval (s)", ("采集间隔", "间隔")),
    Name("register_max", "表码上限", "register maximum", ("满量程", "最大表码")),
    Name("minimum", "下限", "minimum", ("每期下限", "最小值")),
    Name("maximum", "上限", "maximum", ("每期上限", "最大值")),
))


_TRUE = {"true", "1", "yes", "y", "是", "t"}
_FALSE = {"false", "0", "no", "n", "否", "f"}
# Each choice by its code, its Chinese and English names (what a refusal lists and the import template offers)
# and the other ways people write it; read case-, space-, `-` and `_`-insensitively (common/names), so
# "IT load", "it-load", "IT负载" and "it_load" are one role.
LEVELS = Vocabulary.of("级别", "level", (
    Name("national", "国家级", "National", ("国家", "national key unit")),
    Name("city", "市级", "City", ("市", "city key unit")),
    Name("district", "区级", "District", ("区", "district key unit")),
))
STAGES = Vocabulary.of("数据中心阶段", "stage", (
    Name("new", "新建", "New", ("new data centre",)),
    Name("existing", "存量", "Existing", ("既有", "existing data centre")),
))
KINDS = Vocabulary.of("读数类型", "kind", (
    Name("cumulative", "累计", "Cumulative", ("累计值", "cumulative register")),
    Name("interval", "区间", "Interval", ("增量", "间隔", "interval energy")),
))
ROLES = Vocabulary.of("计量用途", "role", (
    Name("total", "总表", "Total", ("total meter", "main meter")),
    Name("it_load", "IT负载", "IT load", ("it", "it load meter")),
    Name("sub_meter", "分表", "Sub-meter", ("子表", "submeter")),
))
_CHOICES = (*LEVELS.names, *STAGES.names, *KINDS.names, *ROLES.names)
CHOICES_ZH = {n.code: n.zh for n in _CHOICES}
CHOICES_EN = {n.code: n.en for n in _CHOICES}
# The 技术规范 sends real-time data every 15 min, relaxable to 30 min or 1 h; a day must hold whole intervals.
INTERVALS_S = (300, 600, 900, 1800, 3600)

E = TypeVar("E")


class RegistryInputError(ReadingsInputError):
    """The file cannot be read at all (not text, not an xlsx, empty, beyond the limits); carries its issues."""


@dataclass(frozen=True)
class UnitRow:
    row: int
    code: str
    name: str
    uscc: str  # 统一社会信用代码
    industry_code: str  # GB/T 4754-2017 class
    town: str
    data_center: bool
    level: KeyUnitLevel
    stage: DataCentreStage | None  # data centres only
    design_pue: float | None
    annual_budget_tce: float | None  # 年度用能预算


@dataclass(frozen=True)
class MeterRow:
    row: int
    code: str
    unit_code: str
    energy_type: str  # accounting engine code
    unit: str  # canonical unit code of the catalogue (kWh, m3, t, GJ…)
    kind: MeterKind
    multiplier: float  # CT/PT ratio: readings × multiplier = energy in `unit`
    role: MeterRole
    interval_s: int
    register_max: float | None  # as the register shows it (before the multiplier)
    minimum: float | None  # of the energy per interval, in `unit`
    maximum: float | None


def read_table(name: str, content: bytes) -> list[dict[str, object]]:
    """The rows of a CSV (UTF-8 or GBK, BOM allowed) or xlsx file, keyed by the lower-cased header,
    within the limits of `common/limits.py` (rows, columns, cells, size)."""
    try:
        return read_any_table(name, content).records
    except InputTooLarge as exc:
        raise RegistryInputError([RowError(exc.row, exc.field, exc.reason_zh, exc.reason_en)]) from exc


class _Row:
    """Reads one row's fields, collecting a RowError for every problem."""

    def __init__(self, raw: Mapping[str, object], row: int, errors: list[RowError]):
        self.raw, self.row, self.errors = raw, row, errors
        self.before = len(errors)

    @property
    def ok(self) -> bool:
        return len(self.errors) == self.before

    def add(self, field: str, zh: str, en: str) -> None:
        self.errors.append(RowError(self.row, field, zh, en))

    def refuse(self, field: str, text: str, vocabulary: Vocabulary) -> None:
        """An unknown name: the field, and the names accepted (common/names)."""
        refusal = UnknownName(field, text, vocabulary)
        self.add(field, refusal.reason_zh, refusal.reason_en)

    def text(self, field: str, required: bool = True) -> str:
        value = self.raw.get(field)
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a code typed into Excel comes back as 2614.0
        text = "" if value is None else str(value).strip()
        if not text and required:
            self.add(field, "必填", "required")
        return text

    def choice(self, field: str, names: Vocabulary, enum: Callable[[str], E], default: str | None = None
               ) -> E | None:
        text = self.text(field, required=default is None)
        if not text:
            return enum(default) if default is not None else None
        found = names.find(text)
        if found is None:
            allowed_zh = "、".join(n.zh for n in names.names)
            allowed_en = ", ".join(n.en for n in names.names)
            self.add(field, f"应为 {allowed_zh} 之一：「{text}」", f"must be one of {allowed_en}: {text!r}")
            return None
        return enum(found.code)

    def number(self, field: str, *, required: bool = False, above: float | None = None,
               at_least: float | None = None) -> float | None:
        value = self.raw.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(field, "必填", "required")
            return None
        try:
            number = float(value) if isinstance(value, int | float) and not isinstance(value, bool) \
                else parse_number(str(value))
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            self.add(field, f"须为数字：「{value}」", f"must be a number: {value!r}")
            return None
        if above is not None and not number > above:
            self.add(field, f"须大于 {above:g}：{number:g}", f"must be greater than {above:g}: {number:g}")
            return None
        if at_least is not None and number < at_least:
            self.add(field, f"不能小于 {at_least:g}：{number:g}", f"must be at least {at_least:g}: {number:g}")
            return None
        return number

    def flag(self, field: str) -> bool | None:
        value = self.raw.get(field)
        if isinstance(value, bool):
            return value
        text = self.text(field).lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        if text:
            self.add(field, f"应为 是/否（true/false、1/0）：「{text}」",
                     f"must be true/false, yes/no or 1/0: {text!r}")
        return None


def _missing_columns(records: list[Mapping[str, object]], required: Iterable[str]) -> RowError | None:
    present = set().union(*(r.keys() for r in records)) if records else set()
    missing = [c for c in required if c not in present]
    if not records or not missing:
        return None
    cols = ", ".join(missing)
    return RowError(1, cols, f"缺少必需的列：{cols}", f"missing required columns: {cols}")


def _unique(code: str, seen: dict[str, int], check: _Row) -> None:
    if code in seen:
        check.add("code", f"与第{seen[code]}行代码重复", f"same code as row {seen[code]}")
    elif code:
        seen[code] = check.row


def _each_row(records: Iterable[Mapping[str, object]], columns: Iterable[str], first_row: int,
              errors: list[RowError]) -> Iterator[tuple[int, _Row, str]]:
    """Each row with its checker and its code (a code given twice is an error on the later row);
    no row at all when a required column is missing, which is the one error added."""
    records = list(records)
    if header := _missing_columns(records, columns):
        errors.append(header)
        return
    seen: dict[str, int] = {}
    for n, raw in enumerate(records, start=first_row):
        check = _Row(raw, n, errors)
        code = check.text("code")
        _unique(code, seen, check)
        yield n, check, code


def _unit_identity(check: _Row, towns: Places) -> tuple[str, str, str]:
    uscc = check.text("uscc").upper()
    if uscc and (problem := uscc_problem(uscc)):
        zh, _, en = problem.partition(" / ")
        check.add("uscc", zh, en or zh)
    industry = check.text("industry_code")
    if industry and (problem := industry_problem(industry)):
        # industry_problem writes "…）/ must be …": the English half begins at the first slash and space
        zh, _, en = problem.partition("/ ")
        check.add("industry_code", zh.strip(), en.strip() or zh.strip())
    town = check.text("town")
    if refused := towns.refusal(town):
        check.add("town", *refused)
    return uscc, industry, towns.canonical(town) or town  # stored by its Chinese name, however written


def _data_centre_fields(check: _Row, data_center: bool | None) -> tuple[DataCentreStage | None, float | None]:
    if data_center:
        return check.choice("stage", STAGES, DataCentreStage), check.number("design_pue", at_least=1.0)
    for field in ("stage", "design_pue"):
        if check.text(field, required=False):
            check.add(field, "仅用于数据中心（data_center 为是）", "only for data centres (data_center true)")
    return None, None


def check_unit_rows(
    records: Iterable[Mapping[str, object]], towns: Places | Collection[str], first_row: int = 2
) -> tuple[list[UnitRow], list[RowError]]:
    """Every unit row checked; a code given twice is an error on the later row. `towns`: the district's places
    (`plan.queries.known_places`; bare Chinese names are read as places without other names)."""
    towns = towns if isinstance(towns, Places) else Places(towns)
    rows: list[UnitRow] = []
    errors: list[RowError] = []
    for n, check, code in _each_row(records, UNIT_COLUMNS, first_row, errors):
        name = check.text("name")
        uscc, industry, town = _unit_identity(check, towns)
        data_center = check.flag("data_center")
        level = check.choice("level", LEVELS, KeyUnitLevel, default=KeyUnitLevel.DISTRICT.value)
        stage, design_pue = _data_centre_fields(check, data_center)
        budget = check.number("annual_budget_tce", above=0.0)
        if check.ok and data_center is not None and level is not None:
            rows.append(UnitRow(n, code, name, uscc, industry, town, data_center, level, stage, design_pue, budget))
    return rows, errors


def _energy(check: _Row) -> tuple[EnergyType | None, str]:
    """The energy type (by code or Chinese name) and the canonical unit it is metered in."""
    text = check.text("energy_type")
    etype = energy_type_of(text) if text else None  # code, 电力, Electricity … (common/names)
    if text and etype is None:
        check.refuse("energy_type", text, energy_vocabulary())
    unit_text = check.text("unit")
    spec = unit_spec(unit_text) if unit_text else None
    if unit_text and spec is None:
        check.refuse("unit", unit_text, UNIT_VOCABULARY)
    elif spec is not None and etype is not None and spec.kind not in etype.accepts:
        check.add("unit", f"{etype.zh}不能以{spec.kind.zh}单位「{unit_text}」计量",
                  f"{etype.en.lower()} cannot be metered in a {spec.kind.value} unit ({unit_text!r})")
    return etype, spec.code if spec is not None else ""


def _meter_limits(check: _Row, kind: MeterKind | None) -> tuple[int, float | None, float | None, float | None]:
    interval = check.number("interval_s")
    interval_s = DEFAULT_INTERVAL_S if interval is None else int(interval)
    if interval is not None and (interval != interval_s or interval_s not in INTERVALS_S):
        allowed = ", ".join(str(i) for i in INTERVALS_S)
        check.add("interval_s", f"应为 {allowed} 秒之一：{interval:g}", f"must be one of {allowed} s: {interval:g}")
    register_max = check.number("register_max", above=0.0)
    if register_max is not None and kind == MeterKind.INTERVAL:
        check.add("register_max", "仅用于累计型表计", "only for cumulative meters")
    minimum, maximum = check.number("minimum"), check.number("maximum")
    if minimum is not None and maximum is not None and minimum > maximum:
        check.add("minimum", f"大于 maximum：{minimum:g} > {maximum:g}",
                  f"greater than maximum: {minimum:g} > {maximum:g}")
    return interval_s, register_max, minimum, maximum


def check_meter_rows(
    records: Iterable[Mapping[str, object]], unit_codes: Collection[str], first_row: int = 2,
    data_centre_units: Collection[str] = (),
) -> tuple[list[MeterRow], list[RowError]]:
    """Every meter row checked; an it_load meter needs a data-centre unit and electricity."""
    rows: list[MeterRow] = []
    errors: list[RowError] = []
    for n, check, code in _each_row(records, METER_COLUMNS, first_row, errors):
        unit_code = check.text("unit_code")
        if unit_code and unit_code not in unit_codes:
            check.add("unit_code", f"未登记的用能单位：「{unit_code}」", f"unknown unit: {unit_code!r}")
        etype, unit = _energy(check)
        kind = check.choice("kind", KINDS, MeterKind)
        multiplier = check.number("multiplier", required=True, above=0.0)
        role = check.choice("role", ROLES, MeterRole)
        if role == MeterRole.IT_LOAD and unit_code and unit_code not in data_centre_units:
            check.add("role", "IT 负载表只用于数据中心", "an it_load meter belongs to a data centre only")
        if role == MeterRole.IT_LOAD and etype is not None and etype.code != "electricity":
            check.add("role", "IT 负载表须计量电力", "an it_load meter must measure electricity")
        interval_s, register_max, minimum, maximum = _meter_limits(check, kind)
        if check.ok and etype is not None and kind is not None and role is not None and multiplier is not None:
            rows.append(MeterRow(n, code, unit_code, etype.code, unit, kind, multiplier, role, interval_s,
                                 register_max, minimum, maximum))
    return rows, errors
