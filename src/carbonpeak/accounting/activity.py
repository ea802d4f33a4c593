"""Activity records: who used how much of which energy, when, and for what.

Pure module (no Django). Records are held column-wise (`ActivityTable`): small lists of
the distinct entities, periods, energy types, units and sectors, and one integer or
float array per column, so the engine works on a million records with a few numpy
operations. Every record is validated before anything is computed; all problems are
reported at once, each naming the row, the field and the reason.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

import numpy as np
import numpy.typing as npt

from carbonpeak.accounting.catalogue import (
    UNIT_SPELLINGS,
    UNIT_VOCABULARY,
    USE_VOCABULARY,
    EnergyType,
    UnitSpec,
    Use,
    energy_types,
    energy_vocabulary,
    unit_spec,
)
from carbonpeak.accounting.issues import AccountingInputError
from carbonpeak.common.issues import InputIssue, row_label
from carbonpeak.common.limits import MAX_LARGE_TABLE_ROWS, MAX_REPORTED_ISSUES, InputTooLarge, decode_text
from carbonpeak.common.names import Name, UnknownName, Vocabulary, normalise
from carbonpeak.common.numbers import parse_number
from carbonpeak.common.periods import Period, parse_period
from carbonpeak.common.tables import csv_dicts, csv_header, read_xlsx

REQUIRED_COLUMNS = ("entity", "period", "energy_type", "quantity", "unit")
OPTIONAL_COLUMNS = ("use", "sector", "green_power", "renewable")
UNSPECIFIED_SECTOR = "unspecified"
# A file's header may name its columns in Chinese (能源品种, 计量单位 …) as well as by these codes.
COLUMN_VOCABULARY = Vocabulary.of("列名", "column", (
    Name("entity", "主体", "entity", ("用能单位", "单位名称", "企业")),
    Name("period", "期间", "period", ("年份", "时期", "统计期")),
    Name("energy_type", "能源品种", "energy type", ("能源", "品种", "能源种类")),
    Name("quantity", "数量", "quantity", ("消费量", "用量", "实物量")),
    Name("unit", "计量单位", "unit", ("单位",)),
    Name("use", "用途", "use", ()),
    Name("sector", "行业", "sector", ("部门", "领域")),
    Name("green_power", "绿电", "green power", ("绿色电力",)),
    Name("renewable", "可再生", "renewable", ("可再生能源",)),
))


def column_code(header_cell: str) -> str:
    """The column a header cell names (its code), or the cell as written when it names none."""
    found = COLUMN_VOCABULARY.find(header_cell)
    return found.code if found is not None else header_cell.strip()
# a million bad rows should not make a million-line answer: the one cap of common/limits

_TRUE = {"1", "true", "yes", "y", "是", "t"}
_FALSE = {"", "0", "false", "no", "n", "否", "f"}


def _parse_flag(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(f"应为 true 或 false / must be true or false: '{text}'")


@dataclass
class ActivityTable:
    """Column-wise activity records. Index arrays point into the small lists beside them."""

    entities: list[str]
    periods: list[Period]
    energy_types: list[str]
    units: list[str]  # canonical unit codes (catalogue)
    sectors: list[str]
    entity: npt.NDArray[np.int64]
    period: npt.NDArray[np.int64]
    energy_type: npt.NDArray[np.int64]
    unit: npt.NDArray[np.int64]
    sector: npt.NDArray[np.int64]
    quantity: npt.NDArray[np.float64]
    feedstock: npt.NDArray[np.bool_]
    green_power: npt.NDArray[np.bool_]
    renewable: npt.NDArray[np.bool_]
    rows: npt.NDArray[np.int64]  # the source row number of each record, for messages

    def __len__(self) -> int:
        return int(self.quantity.shape[0])

    def scaled(self, factor: float) -> ActivityTable:
        """The same records with every quantity multiplied: results must scale alike."""
        return ActivityTable(**{**self.__dict__, "quantity": self.quantity * factor})


class _Interner:
    """Maps values to small integers in first-seen order."""

    def __init__(self) -> None:
        self.index: dict[Any, int] = {}
        self.values: list[Any] = []

    def __call__(self, value: Any) -> int:
        found = self.index.get(value)
        if found is None:
            found = self.index[value] = len(self.values)
            self.values.append(value)
        return found


def _check_row(
    number: int, cells: Mapping[str, str], types: Mapping[str, EnergyType]
) -> tuple[list[InputIssue], tuple[str, Period, EnergyType, UnitSpec, float, bool, bool, bool, str] | None]:
    here = row_label(number)
    issues: list[InputIssue] = []
    entity = cells.get("entity", "").strip()
    if not entity:
        issues.append(InputIssue(here, "entity", "不能为空 / must not be empty"))
    period: Period | None = None
    try:
        period = parse_period(cells.get("period", ""))
    except ValueError as exc:
        issues.append(InputIssue(here, "period", str(exc)))
    # Codes, Chinese and English names and the usual spellings (电力, 原煤, 万千瓦时) are all read (common/names).
    etype: EnergyType | None = None
    try:
        etype = types[energy_vocabulary().resolve(cells.get("energy_type", ""), "energy_type")]
    except UnknownName as exc:
        issues.append(InputIssue(here, "energy_type", exc.reason))
    unit_text = cells.get("unit", "")
    spec = unit_spec(unit_text)
    if spec is None:
        issues.append(InputIssue(here, "unit", UnknownName("unit", unit_text.strip(), UNIT_VOCABULARY).reason))
    elif etype is not None and spec.kind not in etype.accepts:
        accepted = sorted(etype.accepts)
        fitting = [n for n in UNIT_VOCABULARY.names if UNIT_SPELLINGS[normalise(n.code)].kind in etype.accepts]
        issues.append(
            InputIssue(
                here,
                "unit",
                f"{etype.zh}不能以 {spec.code} 计量（应为{'或'.join(k.zh for k in accepted)}单位，可填："
                f"{'、'.join(n.zh for n in fitting)}）/ "
                f"{etype.en} cannot be measured in {spec.code} (needs a unit of {' or '.join(accepted)}; "
                f"accepted: {', '.join(n.code for n in fitting)})",
            )
        )
    raw_quantity = cells.get("quantity", "").strip()
    quantity = math.nan
    try:
        quantity = parse_number(raw_quantity)
    except ValueError:
        issues.append(InputIssue(here, "quantity", f"须为数字 / must be a number: '{raw_quantity}'"))
    else:
        if not math.isfinite(quantity):
            issues.append(InputIssue(here, "quantity", f"须为有限数 / must be finite: '{raw_quantity}'"))
        elif quantity < 0:
            issues.append(InputIssue(here, "quantity", f"不能为负 / must not be negative: {raw_quantity}"))
    use_text = (cells.get("use") or "").strip() or Use.FUEL.value
    feedstock = False
    try:
        feedstock = USE_VOCABULARY.resolve(use_text, "use") == Use.FEEDSTOCK
    except UnknownName as exc:
        issues.append(InputIssue(here, "use", exc.reason))
    else:
        if feedstock and etype is not None and not etype.combustion:
            issues.append(InputIssue(here, "use", f"{etype.zh}不能作原料用能 / {etype.en} cannot be feedstock"))
    flags: dict[str, bool] = {}
    for name in ("green_power", "renewable"):
        try:
            flags[name] = _parse_flag(cells.get(name) or "")
        except ValueError as exc:
            issues.append(InputIssue(here, name, str(exc)))
            flags[name] = False
        if flags[name] and etype is not None and etype.code != "electricity":
            issues.append(InputIssue(here, name, f"只适用于电力 / applies to electricity only, not {etype.en}"))
    sector = (cells.get("sector") or "").strip() or UNSPECIFIED_SECTOR
    if issues or etype is None or spec is None or period is None:
        return issues, None
    return [], (entity, period, etype, spec, quantity, feedstock, flags["green_power"], flags["renewable"], sector)


@dataclass(frozen=True)
class CheckedActivity:
    """Every record checked: the table when all are good, else the problems (the first MAX_REPORTED_ISSUES,
    then one line counting the rest)."""

    table: ActivityTable | None
    issues: list[InputIssue]
    rows_read: int
    rows_refused: int  # records with at least one problem


def check_activity(records: Iterable[Mapping[str, Any]], first_row: int = 1) -> CheckedActivity:
    """Check and pack records (mappings of column → text or number) without raising: what an import's
    preview shows and `activity_from_records` refuses. `first_row` is the number the first record has in
    messages: 2 for a file with a header."""
    types = energy_types()
    entities, periods, etypes, units, sectors = _Interner(), _Interner(), _Interner(), _Interner(), _Interner()
    columns: dict[str, list[Any]] = {
        k: []
        for k in (
            "entity",
            "period",
            "energy_type",
            "unit",
            "sector",
            "quantity",
            "feedstock",
            "green_power",
            "renewable",
            "rows",
        )
    }
    issues: list[InputIssue] = []
    issue_count = 0
    rows_read = rows_refused = 0
    for number, record in enumerate(records, start=first_row):
        rows_read += 1
        if not isinstance(record, Mapping):
            issue_count += 1
            rows_refused += 1
            if len(issues) < MAX_REPORTED_ISSUES:
                issues.append(InputIssue(row_label(number), "row", "应为一条记录（对象）/ must be a record (object)"))
            continue
        cells = {str(k): "" if v is None else _cell_text(v) for k, v in record.items() if k is not None}
        if None in record:
            row_issues = [InputIssue(row_label(number), "row", "列数多于表头 / more cells than columns")]
            checked = None
        else:
            row_issues, checked = _check_row(number, cells, types)
        if row_issues or checked is None:
            issue_count += len(row_issues)
            rows_refused += 1
            if len(issues) < MAX_REPORTED_ISSUES:
                issues.extend(row_issues[: MAX_REPORTED_ISSUES - len(issues)])
            continue
        entity, period, etype, spec, quantity, feedstock, green, renewable, sector = checked
        columns["entity"].append(entities(entity))
        columns["period"].append(periods(period))
        columns["energy_type"].append(etypes(etype.code))
        columns["unit"].append(units(spec.code))
        columns["sector"].append(sectors(sector))
        columns["quantity"].append(quantity)
        columns["feedstock"].append(feedstock)
        columns["green_power"].append(green)
        columns["renewable"].append(renewable)
        columns["rows"].append(number)
    if issue_count > len(issues):
        issues.append(
            InputIssue(
                "…",
                "rows",
                f"另有 {issue_count - len(issues)} 个问题未列出 / {issue_count - len(issues)} more problems not listed",
            )
        )
    if not issues and not columns["rows"]:
        issues.append(InputIssue("file", "rows", "没有活动数据 / no activity records"))
    if issues:
        return CheckedActivity(None, issues, rows_read, rows_refused)
    ints = {
        k: np.asarray(columns[k], dtype=np.int64) for k in ("entity", "period", "energy_type", "unit", "sector", "rows")
    }
    table = ActivityTable(
        entities=entities.values,
        periods=periods.values,
        energy_types=etypes.values,
        units=units.values,
        sectors=sectors.values,
        quantity=np.asarray(columns["quantity"], dtype=np.float64),
        feedstock=np.asarray(columns["feedstock"], dtype=np.bool_),
        green_power=np.asarray(columns["green_power"], dtype=np.bool_),
        renewable=np.asarray(columns["renewable"], dtype=np.bool_),
        **ints,
    )
    return CheckedActivity(table, [], rows_read, 0)


def _cell_text(value: object) -> str:
    """A cell as text: a spreadsheet's date as its ISO date (a period), a whole float without its `.0`."""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def activity_from_records(records: Iterable[Mapping[str, Any]], first_row: int = 1) -> ActivityTable:
    """Validate and pack records (mappings of column → text or number).

    `first_row` is the number the first record has in messages: 2 for a CSV with a header.
    Raises AccountingInputError with every problem (up to MAX_REPORTED_ISSUES); nothing is
    returned half-built.
    """
    checked = check_activity(records, first_row)
    if checked.table is None:
        raise AccountingInputError(checked.issues)
    return checked.table


def _missing_columns(header: Iterable[str]) -> None:
    codes = {column_code(c) for c in header}
    missing = [c for c in REQUIRED_COLUMNS if c not in codes]
    if missing:
        raise AccountingInputError(
            [InputIssue("第1行 / row 1 (header)", c, "缺少该列 / column missing") for c in missing]
        )


def activity_csv_records(text: str) -> Iterator[dict[Any, Any]]:
    """The records of an activity CSV keyed by column code, its header named in codes or in Chinese
    (能源品种, 计量单位 …); AccountingInputError naming each missing column before any row is read."""
    _missing_columns(csv_header(text))
    for r in csv_dicts(text, max_rows=MAX_LARGE_TABLE_ROWS):
        yield {column_code(k) if isinstance(k, str) else k: v for k, v in r.items()}


def activity_file_records(name: str, content: bytes) -> list[dict[Any, Any]]:
    """The records of an activity file, CSV (UTF-8 or GBK) or xlsx by its name, keyed by column code;
    AccountingInputError if it cannot be read or lacks a column (its size, rows and cells are checked)."""
    try:
        if name.lower().endswith(".xlsx"):
            table = read_xlsx(content, max_rows=MAX_LARGE_TABLE_ROWS)
            _missing_columns(table.header)
            return [{column_code(k): v for k, v in r.items()} for r in table.records]
        return list(activity_csv_records(decode_text(content)))
    except InputTooLarge as exc:
        where = row_label(exc.row) if exc.row else "file"
        raise AccountingInputError([InputIssue(where, exc.field, exc.reason)]) from exc


def read_activity_csv(text: str) -> ActivityTable:
    """Activity records from CSV text with a header row (`entity,period,energy_type,quantity,unit[,use…]`)."""
    try:
        return activity_from_records(activity_csv_records(text), first_row=2)
    except InputTooLarge as exc:  # a cell, a row count past the limits: the file is refused, naming where
        where = row_label(exc.row) if exc.row else "file"
        raise AccountingInputError([InputIssue(where, exc.field, exc.reason)]) from exc
