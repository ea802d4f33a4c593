"""A factor as a reader sees it (因子的显示): subject, parameter and unit by their names, the source and the
doubt in the reader's language.

Pure module (no Django). The factor tables store codes (`electricity`, `emission_factor`, `t_CO2/(1e4*kWh)`);
a page names them: 电力 · 排放因子 · 吨二氧化碳/万千瓦时 in Chinese, Electricity · Emission factor ·
t CO₂/10⁴ kWh in English. Sources stay exactly as written: a Chinese document title is shown as it is, with
its English description after it on the English page where the data gives one (`standard_en`, `table_en`);
a place in an English source (IPCC's "Chapter 8 Table 8.7") reads in Chinese where the data gives it
(`table_zh`), the original in the tooltip.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from carbonpeak.accounting.catalogue import energy_types
from carbonpeak.accounting.factor_sets import READER_COLUMNS, Factor, FactorRow, Parameter
from carbonpeak.accounting.factor_words import OTHER_SUBJECTS, PARAMETER_VOCABULARY
from carbonpeak.common.measures import unit_words

# The names of parameters, gases and land types live where rows are read in them (factor_words.py).


def subject_name(code: str, english: bool = False) -> str:
    """An energy type, gas or land type by its name; an unknown code (a user's own subject) as written."""
    etype = energy_types().get(code)
    if etype is not None:
        return etype.en if english else etype.zh
    found = OTHER_SUBJECTS.find(code)
    return (found.en if english else found.zh) if found is not None else code


def parameter_name(code: str, english: bool = False) -> str:
    found = PARAMETER_VOCABULARY.find(code)
    return (found.en if english else found.zh) if found is not None else code


@dataclass(frozen=True)
class FactorLine:
    """One row of a factor set's page. The codes stay beside the names for a tooltip (a specialist's check)."""

    set_id: str
    set_name: str  # the set's name in the reader's language (a row inherited from another set names it)
    subject: str
    subject_code: str
    parameter: str
    parameter_code: str
    value: float
    value_shown: str  # every digit the value holds, a whole number without ".0" (a GWP reads 28, not 28.0)
    unit: str  # in words; "" for a dimensionless factor
    unit_code: str
    standard: str  # the source as written
    standard_note: str  # its English description on the English page, else ""
    table: str  # the place in the source, in the reader's language where the data has it
    table_note: str  # the English description of a Chinese place, on the English page
    table_as_written: str  # the place as written, where `table` is its translation (tooltip)
    year: int | None
    valid_from: date | None
    valid_to: date | None
    doubt: str


def factor_line(factor: Factor, english: bool = False, set_name: str = "") -> FactorLine:
    row = factor.row
    words = unit_words(row.unit, english)
    table = row.table if english or not row.table_zh else row.table_zh
    return FactorLine(
        set_id=factor.set_id,
        set_name=set_name or factor.set_id,
        subject=subject_name(row.subject, english),
        subject_code=row.subject,
        parameter=parameter_name(str(row.parameter), english),
        parameter_code=str(row.parameter),
        value=row.value,
        value_shown=str(int(row.value)) if row.value.is_integer() and abs(row.value) < 1e15 else repr(row.value),
        unit=row.unit if words is None else words,
        unit_code=row.unit,
        standard=row.standard,
        standard_note=row.standard_en if english else "",
        table=table,
        table_note=row.table_en if english else "",
        table_as_written=row.table if table != row.table else "",
        year=row.year,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        doubt=(row.doubt or row.doubt_zh) if english else (row.doubt_zh or row.doubt),
    )


@dataclass(frozen=True)
class SubjectGroup:
    """A factor set's rows of one subject (电力, 原煤 …): the page's unit a phone reader opens."""

    code: str
    name: str
    lines: tuple[FactorLine, ...]


def by_subject(lines: list[FactorLine]) -> list[SubjectGroup]:
    """The lines grouped by subject, in the catalogue's order (energy types as the calculator lists them, then
    gases and land types; a subject of a user's own last, by code); within a group the lines keep their order
    (the set's own rows before those it inherits)."""
    order = {code: i for i, code in enumerate([*energy_types(), *OTHER_SUBJECTS.codes()])}
    groups: dict[str, list[FactorLine]] = {}
    for line in lines:
        groups.setdefault(line.subject_code, []).append(line)
    ranked = sorted(groups, key=lambda code: (order.get(code, len(order)), code))
    return [SubjectGroup(code, groups[code][0].subject, tuple(groups[code])) for code in ranked]


_YEAR_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")


def version_words(version: str, english: bool = False) -> str:
    """A set's version as people say it: `2026-11` is 2026年11月版 (November 2026 edition), `2023` 2023年版
    (2023 edition); any other version as written after 版本 / version."""
    text = version.strip()
    if found := _YEAR_MONTH.fullmatch(text):
        year, month = int(found.group(1)), int(found.group(2))
        if 1 <= month <= 12:
            return f"{_MONTHS_EN[month - 1]} {year} edition" if english else f"{year}年{month}月版"
    if re.fullmatch(r"\d{4}", text):
        return f"{text} edition" if english else f"{text}年版"
    return f"version {text}" if english else f"版本 {text}"


def cited_factor(record: Mapping[str, Any]) -> Factor:
    """A factor as a result cites it (`FactorRow.as_dict()` with its `set`: the calculator's `factors_used`),
    back as the `Factor` a page names with `factor_line`. The record is the engine's own output, not input."""
    def day(text: object) -> date | None:
        return date.fromisoformat(str(text)) if text else None

    row = FactorRow(
        subject=str(record["subject"]), parameter=Parameter(record["parameter"]), value=float(record["value"]),
        unit=str(record["unit"]), standard=str(record["standard"]), table=str(record.get("table") or ""),
        year=record.get("year"), valid_from=day(record.get("valid_from")), valid_to=day(record.get("valid_to")),
        doubt=str(record.get("doubt") or ""),
        **{name: str(record.get(name) or "") for name in READER_COLUMNS},
    )
    return Factor(row, str(record.get("set") or ""))
