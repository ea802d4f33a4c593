"""Project intake for the energy review (节能审查): read and check a proposed project.

Pure module (no Django). `parse_project` takes the mapping that a form, the API or
`carbonpeak review assess FILE.json` supplies and returns a typed `ProjectInput`, or raises
`ReviewInputError` listing every problem at once, each naming the field (`energy[2].unit`,
`products[0].advanced_value`) and the reason in Chinese and English.

Energy lines go through the accounting engine's own record check (`activity_from_records`),
so a project accepts exactly the energy types, unit spellings and uses the engine counts,
with the same messages.

Renovation (改建): `energy` is the plant's annual use after the project and `energy_before`
its annual use before it; the review counts the difference. Two lists that can each be
checked (against the design, against metered use) are kept rather than one "increase"
list, which could not show a switch of fuel (less coal, more electricity) without negative
quantities. docs/methodology/review.md ("Project input") gives every field.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from carbonpeak.accounting.activity import activity_from_records
from carbonpeak.accounting.catalogue import Use
from carbonpeak.accounting.issues import AccountingInputError
from carbonpeak.common.industries import industry_name, industry_problem
from carbonpeak.common.issues import InputIssue
from carbonpeak.common.limits import InputTooLarge, load_json
from carbonpeak.common.names import Name, UnknownName, Vocabulary
from carbonpeak.common.numbers import parse_number
from carbonpeak.common.periods import MAX_YEAR, MIN_YEAR
from carbonpeak.people.uscc import uscc_problem

WHERE = "项目 / project"
ENERGY_FIELDS = ("energy_type", "quantity", "unit", "use")
PRODUCT_FIELDS = (
    "name", "output", "unit", "unit_consumption", "quota_standard", "advanced_value", "unit_of_consumption",
)
PROJECT_FIELDS = (
    "name", "owner_uscc", "industry_code", "town", "kind", "energy", "energy_before",
    "output_value_10k_cny", "value_added_10k_cny", "value_added_before_10k_cny", "first_full_year", "products",
    "design_pue",
)
# GB/T 4754-2017 classes where data centres are classed: 6450 互联网数据服务 and 6550 信息处理和存储支持服务
# (industry_codes.yaml). A project in them must state its design PUE; any other project may (a plant
# with a data centre of its own), and is then checked as a data centre too.
DATA_CENTRE_CLASSES = ("6450", "6550")
_RENOVATION_ONLY = ("energy_before", "value_added_before_10k_cny")
_CHECK_PERIOD = "2020"  # energy lines are checked as records of some year; which one does not matter


class ReviewInputError(AccountingInputError):
    """Bad project (or district) input; carries every issue, like the accounting engine's error."""


class ProjectKind(StrEnum):
    NEW = "new"  # 新建
    EXPANSION = "expansion"  # 扩建: the expansion's own energy counts
    RENOVATION = "renovation"  # 改建: only the increase counts

    @property
    def zh(self) -> str:
        return {"new": "新建", "expansion": "扩建", "renovation": "改建"}[self.value]


@dataclass(frozen=True)
class EnergyLine:
    """Planned annual use of one energy, in the accounting engine's codes (canonical unit)."""

    energy_type: str
    quantity: float
    unit: str
    use: Use

    def as_dict(self) -> dict[str, Any]:
        return {"energy_type": self.energy_type, "quantity": self.quantity, "unit": self.unit, "use": self.use.value}


@dataclass(frozen=True)
class Product:
    """A main product; unit consumption and the advanced value are both in `unit_of_consumption`."""

    name: str
    output: float | None
    unit: str
    unit_consumption: float | None
    quota_standard: str  # the energy-consumption quota standard (能耗限额标准) the advanced value is from
    advanced_value: float | None  # 先进值 of that standard
    unit_of_consumption: str

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in PRODUCT_FIELDS}


@dataclass(frozen=True)
class ProjectInput:
    name: str
    owner_uscc: str  # 统一社会信用代码, GB 32100-2015
    industry_code: str  # GB/T 4754-2017 class
    industry_name: str
    town: str
    kind: ProjectKind
    energy: tuple[EnergyLine, ...]  # annual use at capacity; for a renovation, after it
    energy_before: tuple[EnergyLine, ...]  # renovation only: annual use before it
    output_value_10k_cny: float  # annual output value at capacity, 10^4 CNY
    value_added_10k_cny: float  # annual value added at capacity (after a renovation), 10^4 CNY
    value_added_before_10k_cny: float | None  # renovation only; None: unchanged by the renovation
    first_full_year: int  # first year at capacity
    products: tuple[Product, ...]
    design_pue: float | None = None  # data centres: PUE as designed (total ÷ IT energy, ≥ 1)

    @property
    def is_data_centre(self) -> bool:
        return self.industry_code in DATA_CENTRE_CLASSES or self.design_pue is not None

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "owner_uscc": self.owner_uscc,
            "industry_code": self.industry_code,
            "industry_name": self.industry_name,
            "town": self.town,
            "kind": self.kind.value,
            "energy": [line.as_dict() for line in self.energy],
            "energy_before": [line.as_dict() for line in self.energy_before],
            "output_value_10k_cny": self.output_value_10k_cny,
            "value_added_10k_cny": self.value_added_10k_cny,
            "value_added_before_10k_cny": self.value_added_before_10k_cny,
            "first_full_year": self.first_full_year,
            "products": [p.as_dict() for p in self.products],
            "design_pue": self.design_pue,
        }


class _Checker:
    """Collects issues while reading fields, so that every problem is reported at once."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.issues: list[InputIssue] = []

    def add(self, field: str, reason: str) -> None:
        self.issues.append(InputIssue(self.where, field, reason))

    def unknown_keys(self, data: Mapping[Any, Any], known: tuple[str, ...], prefix: str = "") -> None:
        for key in data:
            if key not in known:
                self.add(f"{prefix}{key}", f"未知字段 / unknown field (known: {', '.join(known)})")

    def text(self, data: Mapping[str, Any], field: str, label: str | None = None, required: bool = True) -> str:
        value = data.get(field)
        here = label or field
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(here, "不能为空 / must not be empty")
            return ""
        if not isinstance(value, str):
            self.add(here, f"应为文本 / must be text: {value!r}")
            return ""
        return value.strip()

    def number(
        self, data: Mapping[str, Any], field: str, label: str | None = None, *, positive: bool = False,
        required: bool = True,
    ) -> float | None:
        """A finite, non-negative number (greater than zero if `positive`); None if absent or bad."""
        value = data.get(field)
        here = label or field
        if value is None or value == "":
            if required:
                self.add(here, "不能为空 / must not be empty")
            return None
        number = _as_number(value)
        if number is None or not math.isfinite(number):
            self.add(here, f"须为数字 / must be a number: {value!r}")
            return None
        if number < 0:
            self.add(here, f"不能为负 / must not be negative: {value!r}")
            return None
        if positive and number == 0:
            self.add(here, f"必须大于零 / must be greater than zero: {value!r}")
            return None
        return number


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):  # True is an int in Python, never a quantity here
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return parse_number(value)
        except ValueError:
            return None
    return None


def _energy_line(check: _Checker, item: Mapping[str, Any], here: str) -> EnergyLine | None:
    """One energy line, checked by the accounting engine; its issues renamed to `here.field`."""
    check.unknown_keys(item, ENERGY_FIELDS, f"{here}.")
    record = {"entity": "project", "period": _CHECK_PERIOD, **{k: item.get(k) for k in ENERGY_FIELDS}}
    try:
        table = activity_from_records([record])
    except AccountingInputError as exc:
        for issue in exc.issues:
            check.add(f"{here}.{issue.field}", issue.reason)
        return None
    use = Use.FEEDSTOCK if bool(table.feedstock[0]) else Use.FUEL
    return EnergyLine(table.energy_types[0], float(table.quantity[0]), table.units[0], use)


def _energy_lines(check: _Checker, data: Mapping[str, Any], field: str) -> tuple[EnergyLine, ...]:
    raw = data.get(field)
    if raw is None:
        check.add(field, "不能为空 / must not be empty")
        return ()
    if not isinstance(raw, list):
        check.add(field, "应为能源列表 / must be a list of energy lines")
        return ()
    if not raw:
        check.add(field, "至少需要一项能源 / needs at least one energy line")
    lines = []
    for i, item in enumerate(raw):
        if not isinstance(item, Mapping):
            check.add(f"{field}[{i}]", "应为对象 / must be an object {energy_type, quantity, unit, use}")
            continue
        line = _energy_line(check, item, f"{field}[{i}]")
        if line is not None:
            lines.append(line)
    return tuple(lines)


def _product(check: _Checker, item: Mapping[str, Any], here: str) -> Product:
    check.unknown_keys(item, PRODUCT_FIELDS, f"{here}.")
    name = check.text(item, "name", f"{here}.name")
    output = check.number(item, "output", f"{here}.output", required=False)
    consumption = check.number(item, "unit_consumption", f"{here}.unit_consumption", positive=True, required=False)
    advanced = check.number(item, "advanced_value", f"{here}.advanced_value", positive=True, required=False)
    product = Product(
        name=name,
        output=output,
        unit=check.text(item, "unit", f"{here}.unit", required=output is not None),
        unit_consumption=consumption,
        quota_standard=check.text(item, "quota_standard", f"{here}.quota_standard", required=advanced is not None),
        advanced_value=advanced,
        unit_of_consumption=check.text(
            item, "unit_of_consumption", f"{here}.unit_of_consumption", required=consumption is not None
        ),
    )
    if advanced is not None and consumption is None and "unit_consumption" not in item:
        check.add(f"{here}.unit_consumption", "给出先进值时须给出单位产品能耗 / needed when advanced_value is given")
    return product


def _products(check: _Checker, data: Mapping[str, Any]) -> tuple[Product, ...]:
    raw = data.get("products")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        check.add("products", "应为产品列表 / must be a list of products")
        return ()
    products = []
    for i, item in enumerate(raw):
        if not isinstance(item, Mapping):
            check.add(f"products[{i}]", "应为对象 / must be an object")
            continue
        products.append(_product(check, item, f"products[{i}]"))
    return tuple(products)


def _code(check: _Checker, data: Mapping[str, Any], field: str) -> str:
    value = data.get(field)
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(text, str) or not text.strip():
        empty = value is None or (isinstance(value, str) and not value.strip())
        check.add(field, "不能为空 / must not be empty" if empty else f"应为文本 / must be text: {value!r}")
        return ""
    return text.strip().upper()


KIND_NAMES = Vocabulary.of("项目类型", "project kind", (
    Name(k.value, k.zh, k.value.capitalize(), ("新建项目", "扩建项目", "改建项目")[i:i + 1])
    for i, k in enumerate(ProjectKind)
))


def _kind(check: _Checker, data: Mapping[str, Any]) -> ProjectKind | None:
    value = data.get("kind")
    try:
        return ProjectKind(KIND_NAMES.resolve(str(value) if value is not None else "", "kind"))  # 新建, new …
    except UnknownName as exc:
        check.add("kind", exc.reason)
        return None


def _year(check: _Checker, data: Mapping[str, Any]) -> int:
    value = data.get("first_full_year")
    year = int(value) if isinstance(value, int | str) and not isinstance(value, bool) and str(value).isdigit() else 0
    if not MIN_YEAR <= year <= MAX_YEAR:
        check.add("first_full_year", f"须为年份 / must be a year ({MIN_YEAR}-{MAX_YEAR}): {value!r}")
    return year


def _renovation_fields(check: _Checker, data: Mapping[str, Any], kind: ProjectKind | None) -> None:
    if kind is None or kind == ProjectKind.RENOVATION:
        return
    for field in _RENOVATION_ONLY:
        if data.get(field) not in (None, []):
            check.add(field, f"仅用于改建项目 / only for kind renovation, not {kind.value}")


def _identity(check: _Checker, data: Mapping[str, Any]) -> tuple[str, str, str]:
    """Name, owner's USCC and industry code, each checked."""
    name = check.text(data, "name")
    uscc = _code(check, data, "owner_uscc")
    if uscc and (problem := uscc_problem(uscc)):
        check.add("owner_uscc", problem)
    code = _code(check, data, "industry_code")
    if code and (problem := industry_problem(code)):
        check.add("industry_code", problem)
    return name, uscc, code


def _economics(check: _Checker, data: Mapping[str, Any]) -> tuple[float, float]:
    output = check.number(data, "output_value_10k_cny", positive=True)
    value_added = check.number(data, "value_added_10k_cny", positive=True)
    if output is not None and value_added is not None and value_added > output:
        check.add("value_added_10k_cny", "增加值不能大于总产值 / value added cannot exceed output value")
    return output or 0.0, value_added or 0.0


def _design_pue(check: _Checker, data: Mapping[str, Any], code: str) -> float | None:
    """Required for a data-centre class; a PUE below 1 is impossible (IT energy is part of the total)."""
    if code in DATA_CENTRE_CLASSES and data.get("design_pue") in (None, ""):
        check.add("design_pue", f"数据中心项目（{code}）须填设计PUE / a data-centre project ({code}) must state "
                                "its design PUE")
        return None
    pue = check.number(data, "design_pue", required=False)
    if pue is not None and pue < 1:
        check.add("design_pue", f"PUE 不能小于 1 / a PUE cannot be below 1: {pue:g}")
        return None
    return pue


def parse_project(data: Mapping[str, Any], where: str = WHERE) -> ProjectInput:
    """A checked project from its mapping; raises ReviewInputError with every problem.

    Issues come in the order of PROJECT_FIELDS, so a form can show them beside its fields.
    """
    check = _Checker(where)
    check.unknown_keys(data, PROJECT_FIELDS)
    name, uscc, code = _identity(check, data)
    town = check.text(data, "town")
    kind = _kind(check, data)
    _renovation_fields(check, data, kind)
    renovation = kind == ProjectKind.RENOVATION
    energy = _energy_lines(check, data, "energy")
    energy_before = _energy_lines(check, data, "energy_before") if renovation else ()
    output, value_added = _economics(check, data)
    value_added_before = check.number(data, "value_added_before_10k_cny", required=False) if renovation else None
    project = ProjectInput(
        name=name,
        owner_uscc=uscc,
        industry_code=code,
        industry_name=industry_name(code) if code else "",
        town=town,
        kind=kind or ProjectKind.NEW,
        energy=energy,
        energy_before=energy_before,
        output_value_10k_cny=output,
        value_added_10k_cny=value_added,
        value_added_before_10k_cny=value_added_before,
        first_full_year=_year(check, data),
        products=_products(check, data),
        design_pue=_design_pue(check, data, code),
    )
    if check.issues:
        raise ReviewInputError(check.issues)
    return project


def load_project_json(text: str, where: str = WHERE) -> ProjectInput:
    """A checked project from JSON text (the file of `carbonpeak review assess`)."""
    try:
        data = load_json(text, "json")  # depth and size of numbers checked first (common/limits)
    except InputTooLarge as exc:
        cause = exc.__cause__
        if isinstance(cause, json.JSONDecodeError):
            reason = f"JSON 语法错误 / syntax error: {cause.msg} (line {cause.lineno}, col {cause.colno})"
        else:
            reason = exc.reason
        raise ReviewInputError([InputIssue(where, "json", reason)]) from exc
    if not isinstance(data, dict):
        raise ReviewInputError([InputIssue(where, "json", "应为 JSON 对象 / must be a JSON object")])
    return parse_project(data, where)
