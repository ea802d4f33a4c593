"""Rows of an output file (产品产量、工业总产值与增加值) checked one by one.

Pure module (no Django). A row with a `product` is product output (`unit_code, period, product, quantity,
unit`); a row without one carries money figures (`unit_code, period, value_added_10k_cny`, and optionally
`industrial_output_10k_cny`, `value_added_comparable_10k_cny`). Periods are a month or a year, not in the
future. Good rows are returned, bad rows named (row, field, reason zh / en).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from carbonpeak.accounting.catalogue import unit_spec
from carbonpeak.common.issues import InputIssue, row_label
from carbonpeak.common.names import UnknownName
from carbonpeak.common.numbers import parse_number
from carbonpeak.common.periods import Period, parse_period
from carbonpeak.enterprise.catalogue import product_vocabulary, products

MONEY_FIELDS = ("industrial_output_10k_cny", "value_added_10k_cny", "value_added_comparable_10k_cny")


@dataclass(frozen=True)
class ProductRow:
    unit_code: str
    period: Period
    product: str
    quantity: float  # in the product's unit of measure


@dataclass(frozen=True)
class MoneyRow:
    unit_code: str
    period: Period
    figures: dict[str, float | None]  # MONEY_FIELDS → 万元 (None: not given)


@dataclass
class Checked:
    products: list[ProductRow]
    money: list[MoneyRow]
    issues: list[InputIssue]


def check_period(text: str, today: dt.date) -> tuple[Period | None, str | None]:
    """A month or a year that has begun by `today`; else the reason (zh / en)."""
    try:
        period = parse_period(text)
    except ValueError as exc:
        return None, str(exc)
    if "-Q" in period.label or len(period.label) > 7:
        return None, ("期间须为年（2026）或月（2026-03）/ the period must be a year (2026) or a month (2026-03): "
                      f"{text!r}")
    if period.start > today:
        return None, f"期间尚未开始 / the period lies in the future: {period.label}"
    return period, None


def check_amount(text: object, *, required: bool) -> tuple[float | None, str | None]:
    """A number ≥ 0 (None when empty and not required); else the reason."""
    raw = "" if text is None else str(text).strip()
    if not raw:
        return None, ("必填 / required" if required else None)
    try:
        value = parse_number(raw)
    except ValueError:
        return None, f"不是数 / not a number: {raw!r}"
    if not math.isfinite(value):
        return None, f"不是有限的数 / not a finite number: {raw!r}"
    if value < 0:
        return None, f"不能为负数 / must not be negative: {raw}"
    return value, None


def check_rows(records: Iterable[Mapping[str, object]], units: set[str], today: dt.date,
               first_row: int = 2) -> Checked:
    """Each record checked; `units` are the unit codes the caller may write (others are refused)."""
    out = Checked([], [], [])
    for n, record in enumerate(records, start=first_row):
        where = row_label(n)
        issues: list[InputIssue] = []

        def cell(name: str, record: Mapping[str, object] = record) -> str:
            value = record.get(name)
            return "" if value is None else str(value).strip()

        code = cell("unit_code")
        if not code:
            issues.append(InputIssue(where, "unit_code", "必填 / required"))
        elif code not in units:
            issues.append(InputIssue(where, "unit_code",
                                     f"未知或无权填报的重点用能单位 / unknown unit, or not yours to file: {code!r}"))
        period, why = check_period(cell("period"), today)
        if why:
            issues.append(InputIssue(where, "period", why))
        product = cell("product")
        if product:
            problem = None
            try:
                product = product_vocabulary().resolve(product, "product")  # 乙烯, Ethylene, ethylene
            except UnknownName as exc:
                problem = exc.reason
                issues.append(InputIssue(where, "product", problem))
            quantity, why = check_amount(record.get("quantity"), required=True)
            if why:
                issues.append(InputIssue(where, "quantity", why))
            unit = cell("unit")
            want = "" if problem else products()[product].unit_of_measure
            # 吨 and t are one unit (accounting.catalogue's spellings)
            if want and unit and (unit_spec(unit) or unit) != (unit_spec(want) or want):
                issues.append(InputIssue(where, "unit",
                                         f"该产品以 {want} 计 / this product is counted in {want}: {unit!r}"))
            if not issues and period is not None and quantity is not None:
                out.products.append(ProductRow(code, period, product, quantity))
        else:
            figures: dict[str, float | None] = {}
            for name in MONEY_FIELDS:
                figures[name], why = check_amount(record.get(name), required=False)
                if why:
                    issues.append(InputIssue(where, name, why))
            if not issues and all(v is None for v in figures.values()):
                issues.append(InputIssue(where, "product", "须填产品与产量，或增加值 / give a product and its "
                                                           "quantity, or value added"))
            if not issues and period is not None:
                out.money.append(MoneyRow(code, period, figures))
        out.issues.extend(issues)
    return out
