"""Factor sets: every coefficient the engine uses, as data with its source.

Pure module (no Django). A factor set is a small YAML manifest (id, names, version, the
set it extends, settings) plus a CSV table with one row per factor:

    subject,parameter,value,unit,standard,table,year,valid_from,valid_to,doubt[,doubt_zh,standard_en,table_en,table_zh]

The bracketed columns are for readers only: the doubt in Chinese, an English description of a source
written in Chinese, the place in a source in the other language. They are left out of the digest, so a
translation never changes a set's label (nor what results cite).

`subject` is an energy type code (or a gas, or a land type); `parameter` one of `Parameter`. A row may name
them, and its unit, as people write them (电力 · 排放因子 · 吨二氧化碳/万千瓦时, factor_words.py): the codes are
stored; an unknown name is refused with the names accepted.
A set that `extends` another inherits every factor it does not give itself, so a user overrides
the Shanghai set with the statistics bureau's yearly 等价值 by writing one row. Rows carry a
validity window, so one set holds a factor's history.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

import pint

from carbonpeak.accounting import factor_words as words
from carbonpeak.accounting.catalogue import FACTOR_DIR, UNIT_SPELLINGS, energy_types
from carbonpeak.accounting.issues import AccountingInputError
from carbonpeak.common.issues import InputIssue, row_label
from carbonpeak.common.limits import InputTooLarge, decode_text, load_yaml, read_file
from carbonpeak.common.measures import registry, unit_words
from carbonpeak.common.tables import csv_dicts, csv_header


class Parameter(StrEnum):
    COAL_COEFFICIENT = "coal_coefficient"  # 折标准煤系数 (当量值), per unit of the energy
    EQUAL_VALUE_COEFFICIENT = "equal_value_coefficient"  # 等价值 for electricity
    NCV = "ncv"  # 平均低位发热量
    CARBON_CONTENT = "carbon_content"  # 单位热值含碳量
    OXIDATION = "oxidation"  # 碳氧化率
    EMISSION_FACTOR = "emission_factor"  # indirect CO2 of purchased electricity / heat
    EMISSION_FACTOR_GREEN_POWER = "emission_factor_green_power"
    HEAT_CONTENT = "heat_content"  # steam: heat per tonne
    GWP = "gwp"
    SINK_RATE = "sink_rate"


class DualControlBasis(StrEnum):
    EQUIVALENT = "equivalent"  # 当量值
    EQUAL_VALUE = "equal_value"  # 等价值


# The dimension each parameter must have once the subject's own unit is divided out;
# checked when a set is read, so a factor in the wrong unit never reaches the engine.
_EXPECTED: dict[Parameter, str] = {
    Parameter.COAL_COEFFICIENT: "tce",
    Parameter.EQUAL_VALUE_COEFFICIENT: "tce",
    Parameter.NCV: "GJ",
    Parameter.CARBON_CONTENT: "t_C/GJ",
    Parameter.OXIDATION: "dimensionless",
    Parameter.EMISSION_FACTOR: "t_CO2",
    Parameter.EMISSION_FACTOR_GREEN_POWER: "t_CO2",
    Parameter.HEAT_CONTENT: "GJ",
    Parameter.GWP: "dimensionless",
    Parameter.SINK_RATE: "t_CO2/ha/year",
}
# Parameters expressed per unit of the subject (GJ/t, kgce/kWh…): the "per" part is free.
_PER_UNIT = {
    Parameter.COAL_COEFFICIENT,
    Parameter.EQUAL_VALUE_COEFFICIENT,
    Parameter.NCV,
    Parameter.EMISSION_FACTOR,
    Parameter.EMISSION_FACTOR_GREEN_POWER,
    Parameter.HEAT_CONTENT,
}

# Zero would silently erase energy or divide by nothing; emission factors may be 0 (green power).
_POSITIVE = {
    Parameter.COAL_COEFFICIENT, Parameter.EQUAL_VALUE_COEFFICIENT, Parameter.NCV, Parameter.HEAT_CONTENT,
    Parameter.OXIDATION, Parameter.GWP,
}

COLUMNS = ("subject", "parameter", "value", "unit", "standard", "table", "year", "valid_from", "valid_to", "doubt")
# What a reader is shown beside the source and the doubt, in the other language (see the module docstring).
READER_COLUMNS = ("doubt_zh", "standard_en", "table_en", "table_zh")
ALL_COLUMNS = COLUMNS + READER_COLUMNS


@dataclass(frozen=True)
class FactorRow:
    subject: str
    parameter: Parameter
    value: float
    unit: str
    standard: str
    table: str = ""
    year: int | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    doubt: str = ""
    # Readers' columns: repr=False keeps them out of FactorSetSpec.digest (which hashes the rows' repr), so
    # the labels results already cite stay valid when a translation is added or corrected.
    doubt_zh: str = field(default="", repr=False)
    standard_en: str = field(default="", repr=False)
    table_en: str = field(default="", repr=False)
    table_zh: str = field(default="", repr=False)

    def quantity(self) -> pint.Quantity[Any]:
        unit: pint.Quantity[Any] = registry().parse_expression(self.unit)
        scaled: pint.Quantity[Any] = unit * self.value
        return scaled

    def applies_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def as_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "parameter": str(self.parameter),
            "value": self.value,
            "unit": self.unit,
            "standard": self.standard,
            "table": self.table,
            "year": self.year,
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "doubt": self.doubt,
            **self.for_readers(),
        }

    def for_readers(self) -> dict[str, str]:
        """The readers' columns (translations), which the digest does not cover."""
        return {name: getattr(self, name) for name in READER_COLUMNS}


@dataclass(frozen=True)
class FactorSetSpec:
    id: str
    name: str
    name_en: str
    version: str
    rows: tuple[FactorRow, ...]
    extends: str | None = None
    dual_control_basis: DualControlBasis | None = None
    description: str = ""

    def digest(self) -> str:
        """What a set's label names: its values, units, sources and doubts as written (not the readers'
        translations, which FactorRow leaves out of its repr)."""
        payload = repr(
            (self.id, self.version, self.extends, self.dual_control_basis, tuple(sorted(repr(r) for r in self.rows)))
        )
        return hashlib.sha256(payload.encode()).hexdigest()[:12]

    def translations(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Each row's readers' columns, in a stable order: a set whose digest is unchanged is still
        stored again when these differ."""
        return tuple(sorted((repr(r), tuple(r.for_readers().values())) for r in self.rows))


@dataclass(frozen=True)
class Factor:
    """One looked-up factor with where it came from: what results cite."""

    row: FactorRow
    set_id: str

    @property
    def quantity(self) -> pint.Quantity[Any]:
        return self.row.quantity()


@dataclass(frozen=True)
class FactorSet:
    """A set with its ancestors resolved: `chain[0]` is the set itself, then what it extends."""

    chain: tuple[FactorSetSpec, ...]
    _index: dict[tuple[str, Parameter], list[tuple[str, FactorRow]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        for spec in self.chain:
            for row in spec.rows:
                self._index.setdefault((row.subject, row.parameter), []).append((spec.id, row))

    @property
    def id(self) -> str:
        return self.chain[0].id

    @property
    def spec(self) -> FactorSetSpec:
        return self.chain[0]

    @property
    def dual_control_basis(self) -> DualControlBasis:
        for spec in self.chain:
            if spec.dual_control_basis is not None:
                return spec.dual_control_basis
        return DualControlBasis.EQUIVALENT

    def label(self) -> str:
        """What a result names as its factor set: id, version and a digest of the whole chain."""
        digest = hashlib.sha256("".join(s.digest() for s in self.chain).encode()).hexdigest()[:12]
        return f"{self.id}@{self.spec.version}#{digest}"

    def lookup(self, subject: str, parameter: Parameter, on: date) -> Factor | None:
        """The factor valid on a day; a set's own rows win over what it extends.

        Within one set, the row whose window started last wins, so a narrower, newer row
        overrides an open-ended older one.
        """
        candidates = self._index.get((subject, parameter), [])
        for spec in self.chain:
            mine = [row for set_id, row in candidates if set_id == spec.id and row.applies_on(on)]
            if mine:
                best = max(mine, key=lambda r: r.valid_from or date.min)
                return Factor(best, spec.id)
        return None

    def rows(self) -> list[Factor]:
        """Every row of the chain, the set's own first."""
        return [Factor(row, spec.id) for spec in self.chain for row in spec.rows]


def resolve(set_id: str, specs: Mapping[str, FactorSetSpec]) -> FactorSet:
    chain: list[FactorSetSpec] = []
    current: str | None = set_id
    while current is not None:
        if current not in specs:
            where = chain[-1].id if chain else set_id
            raise AccountingInputError(
                [InputIssue(where, "extends" if chain else "factor_set", f"因子集不存在 / no factor set '{current}'")]
            )
        if any(s.id == current for s in chain):
            raise AccountingInputError(
                [InputIssue(current, "extends", "因子集循环继承 / factor sets extend in a cycle")]
            )
        chain.append(specs[current])
        current = specs[current].extends
    return FactorSet(tuple(chain))


# --- reading files -----------------------------------------------------------------------


def _parse_date(text: str) -> date:
    return date.fromisoformat(text.strip())


def _example(parameter: Parameter, per: str | None) -> tuple[str, str]:
    """A unit that suits the parameter (per one `per` of the subject where it is per unit), in both languages."""
    top = _EXPECTED[parameter]
    if top == "dimensionless":
        return "1（无量纲）", "1 (dimensionless)"
    expression = top if per is None else f"{top}/({per})" if "*" in per else f"{top}/{per}"
    return (unit_words(expression) or expression or "1",
            unit_words(expression, english=True) or expression or "1")


def _lower_first(name: str) -> str:
    return name if name[:3].isupper() else name[:1].lower() + name[1:]


def unreadable_unit(unit: str) -> str | None:
    """Why a unit cannot be read (with how units are written), or None."""
    try:
        registry().parse_expression(unit)
    except Exception:  # pint raises several unrelated kinds for text it cannot read
        help_ = words.unit_help()
        return f"无法识别的单位「{unit}」；{help_.zh} / unknown unit '{unit}'; {help_.en}"
    return None


def check_unit(parameter: Parameter, unit: str, subject: str = "") -> str | None:
    """None if the unit suits the parameter (and the subject's energy type), else the reason, naming the
    parameter and the subject and giving a unit that suits, in words."""
    if reason := unreadable_unit(unit):
        return reason
    ureg = registry()
    expr = ureg.parse_expression(unit)
    expected = ureg.parse_expression(_EXPECTED[parameter])
    param_zh, param_en = words.parameter_words(parameter), _lower_first(words.parameter_words(parameter, True))
    if parameter in _PER_UNIT:
        # kgce/kg, GJ/(1e4*m3), t_CO2/GJ: per one unit of the subject. For a known energy
        # type that unit is its basis (t, m3, kWh, GJ); otherwise any of them.
        etype = energy_types().get(subject)
        pers = [UNIT_SPELLINGS[etype.basis.lower()].pint_expr] if etype else ["kg", "m3", "kWh"]
        for per in pers:
            if (expr * ureg.parse_expression(per)).dimensionality == expected.dimensionality:
                return None
        if etype is not None:
            zh, en = _example(parameter, pers[0])
            basis_zh = unit_words(pers[0]) or etype.basis
            return (
                f"单位「{unit}」不适用于{etype.zh}的{param_zh}（应为每{basis_zh}的量，如 {zh}）/ "
                f"unit '{unit}' does not suit the {param_en} of {etype.en} (per {etype.basis} expected, e.g. {en})"
            )
        zh, en = _example(parameter, "kg")
        return f"单位「{unit}」不适用于{param_zh}（如 {zh}）/ unit '{unit}' does not suit the {param_en} (e.g. {en})"
    if expr.dimensionality != expected.dimensionality:
        zh, en = _example(parameter, None)
        return f"单位「{unit}」不适用于{param_zh}（如 {zh}）/ unit '{unit}' does not suit the {param_en} (e.g. {en})"
    return None


def parse_rows(text: str, where: str) -> tuple[FactorRow, ...]:
    """Read a factor table (CSV text); raise AccountingInputError listing every bad cell."""
    try:
        header = csv_header(text)
        records = list(csv_dicts(text))
    except InputTooLarge as exc:  # a cell or a row count past the limits (common/limits)
        raise AccountingInputError([InputIssue(f"{where} {row_label(exc.row)}" if exc.row else where, exc.field,
                                               exc.reason)]) from exc
    missing = [c for c in ("subject", "parameter", "value", "unit", "standard") if c not in header]
    if missing:
        raise AccountingInputError([InputIssue(where, c, "缺少该列 / column missing") for c in missing])
    rows: list[FactorRow] = []
    issues: list[InputIssue] = []
    for number, raw in enumerate(records, start=2):
        here = f"{where} {row_label(number)}"
        cells = {k: (v or "").strip() for k, v in raw.items() if k is not None}
        if None in raw:
            issues.append(InputIssue(here, "row", "列数多于表头 / more cells than columns"))
            continue
        row_issues: list[InputIssue] = []
        parameter: Parameter | None = None
        read = words.read_parameter(cells["parameter"])
        if isinstance(read, words.Refusal):
            row_issues.append(InputIssue(here, "parameter", read.reason))
        else:
            parameter = Parameter(read)
        subject = ""
        if not cells["subject"]:
            row_issues.append(InputIssue(here, "subject", "不能为空 / must not be empty"))
        elif isinstance(found := words.read_subject(cells["subject"]), words.Refusal):
            row_issues.append(InputIssue(here, "subject", found.reason))
        else:
            subject = found
        unit = words.read_unit(cells["unit"])
        if not cells["standard"]:
            row_issues.append(InputIssue(here, "standard", "必须注明来源 / the source must be named"))
        try:
            value = float(cells["value"])
            if value != value or value in (float("inf"), float("-inf")) or value < 0:
                raise ValueError
            if value == 0 and parameter in _POSITIVE:
                row_issues.append(InputIssue(here, "value", f"{parameter} 必须大于零 / must be greater than zero"))
        except ValueError:
            row_issues.append(
                InputIssue(here, "value", f"须为非负数 / must be a non-negative number: '{cells['value']}'")
            )
            value = 0.0
        # An unknown parameter leaves the unit's fit open, but not whether it can be read at all.
        if reason := (check_unit(parameter, unit, subject) if parameter is not None else unreadable_unit(unit)):
            row_issues.append(InputIssue(here, "unit", reason))
        dates: dict[str, date | None] = {}
        for name in ("valid_from", "valid_to"):
            try:
                dates[name] = _parse_date(cells[name]) if cells.get(name) else None
            except ValueError:
                row_issues.append(
                    InputIssue(here, name, f"日期格式应为 YYYY-MM-DD / date must be YYYY-MM-DD: '{cells[name]}'")
                )
                dates[name] = None
        if dates["valid_from"] and dates["valid_to"] and dates["valid_from"] > dates["valid_to"]:
            row_issues.append(InputIssue(here, "valid_to", "早于 valid_from / before valid_from"))
        year: int | None = None
        if cells.get("year"):
            try:
                year = int(cells["year"])
            except ValueError:
                row_issues.append(InputIssue(here, "year", f"须为年份 / must be a year: '{cells['year']}'"))
        if row_issues or parameter is None:
            issues.extend(row_issues)
            continue
        rows.append(
            FactorRow(
                subject=subject,
                parameter=parameter,
                value=value,
                unit=unit,
                standard=cells["standard"],
                table=cells.get("table", ""),
                year=year,
                valid_from=dates["valid_from"],
                valid_to=dates["valid_to"],
                doubt=cells.get("doubt", ""),
                **{name: cells.get(name, "") for name in READER_COLUMNS},
            )
        )
    if issues:
        raise AccountingInputError(issues)
    return tuple(rows)


def parse_manifest(data: Any, where: str, table_text: str | None) -> FactorSetSpec:
    """A factor set from its manifest mapping; rows come from `table_text` or inline `rows`."""
    if not isinstance(data, dict):
        raise AccountingInputError([InputIssue(where, "file", "应为 YAML 映射 / must be a YAML mapping")])
    issues = [InputIssue(where, key, "不能为空 / must not be empty") for key in ("id", "name") if not data.get(key)]
    basis = data.get("dual_control_basis")
    if basis is not None and basis not in set(DualControlBasis):
        issues.append(
            InputIssue(
                where,
                "dual_control_basis",
                f"应为 equivalent 或 equal_value / must be equivalent or equal_value: '{basis}'",
            )
        )
    if issues:
        raise AccountingInputError(issues)
    if table_text is not None:
        rows = parse_rows(table_text, where)
    else:
        inline = data.get("rows") or []
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=ALL_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for item in inline:
            writer.writerow({k: ("" if v is None else v) for k, v in dict(item).items()})
        rows = parse_rows(buffer.getvalue(), where)
    return FactorSetSpec(
        id=str(data["id"]),
        name=str(data["name"]),
        name_en=str(data.get("name_en") or data["name"]),
        version=str(data.get("version") or ""),
        rows=rows,
        extends=data.get("extends"),
        dual_control_basis=DualControlBasis(basis) if basis else None,
        description=str(data.get("description") or ""),
    )


def read_factor_set(path: Path) -> FactorSetSpec:
    """A factor set from a manifest file (`table:` names a CSV beside it) or from a lone CSV."""
    where = path.name
    try:
        text = decode_text(read_file(path))
    except InputTooLarge as exc:
        raise AccountingInputError([InputIssue(where, "file", f"无法读取 / cannot read: {exc.reason}")]) from exc
    if path.suffix.lower() == ".csv":
        raise AccountingInputError(
            [InputIssue(where, "file", "请提供 YAML 清单（id、name、table）/ give a YAML manifest (id, name, table)")]
        )
    try:
        data = load_yaml(text, "yaml")
    except InputTooLarge as exc:
        raise AccountingInputError([InputIssue(where, "yaml", exc.reason)]) from exc
    table_text = None
    if isinstance(data, dict) and data.get("table"):
        table_path = path.parent / str(data["table"])
        try:
            table_text = decode_text(read_file(table_path, field="table"), "table")
        except InputTooLarge as exc:
            raise AccountingInputError([InputIssue(where, "table", f"无法读取 / cannot read: {exc.reason}")]) from exc
    return parse_manifest(data, where, table_text)


def bundled_factor_sets() -> dict[str, FactorSetSpec]:
    """The factor sets shipped with the product (`accounting/factors/*.yaml`)."""
    specs = (read_factor_set(p) for p in sorted(FACTOR_DIR.glob("*.yaml")) if p.name != "energy_types.yaml")
    return {s.id: s for s in specs}


def rows_as_csv(rows: Iterable[FactorRow]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ALL_COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if v is None else v) for k, v in row.as_dict().items()})
    return buffer.getvalue()
