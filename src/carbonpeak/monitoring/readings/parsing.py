"""Meter readings as units send them (CSV or JSON): read and checked row by row.

Pure module (no Django). A batch is a list of rows `meter, timestamp, value`; each row is checked
on its own, so good rows are kept and every bad row is reported, naming the row, the field and the
reason in Chinese and English (`RowError`). Only a file that cannot be read at all (no header, a
required column missing, not a list) raises `ReadingsInputError`.

Timestamps (docs/methodology/monitoring.md, "Ingest"): ISO 8601 with an offset or Z; a naive
"YYYY-MM-DD HH:MM[:SS]" (or ISO naive) is Beijing time (UTC+8, as the 技术规范's terminals send);
a JSON integer is epoch seconds. The timestamp is the END of the interval the value belongs to.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from carbonpeak.common.limits import MAX_BATCH_ROWS, InputTooLarge  # a request or JSON file; CSV files: chunks
from carbonpeak.common.localtime import LOCAL
from carbonpeak.common.names import Name, Vocabulary
from carbonpeak.common.numbers import parse_number
from carbonpeak.common.tables import CSV_FIELD_LIMIT, csv_rows
from carbonpeak.monitoring.vocabulary import MeterKind

REQUIRED_COLUMNS = ("meter", "timestamp", "value")
# A file's header may name its columns in Chinese (计量点代码, 时间, 读数) as well as by these codes.
READING_HEADERS = Vocabulary.of("列名", "column", (
    Name("meter", "计量点代码", "meter", ("计量点", "计量器具", "计量器具代码", "表计", "表计代码")),
    Name("timestamp", "时间", "timestamp", ("采集时间", "读数时间", "时间戳", "time")),
    Name("value", "读数", "value", ("数值", "示数", "表码")),
))
# Epoch seconds accepted as a JSON number: 2000-01-01 … 2100-01-01 (milliseconds fall outside and are refused).
EPOCH_MIN, EPOCH_MAX = 946_684_800, 4_102_444_800
# The same years for a written time: year 1 or 9999 is a slip, and overflows the conversion to UTC.
YEAR_MIN, YEAR_MAX = 2000, 2099
# A reading's value as sent: no register or interval of the district's meters comes near it; 10^400 is
# infinite once read and is refused as not finite.
MAX_ABS_VALUE = 1e15
MAX_METER_CODE = 60  # the length of Meter.code
_NOT_AN_OBJECT = "\x00item"  # the key under which read_json keeps an item that is no object
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|z|[+-]\d{2}:?\d{2})?$")


class ReadingsInputError(ValueError):
    """The whole batch cannot be read; carries every issue (`RowError`, row 0 = the file itself)."""

    def __init__(self, issues: list[RowError]):
        self.issues = issues
        super().__init__("\n".join(str(i) for i in issues))


@dataclass(frozen=True)
class MeterRef:
    """What a reading is checked against: its meter's unit, kind and interval."""

    code: str
    unit_code: str
    kind: MeterKind
    interval_s: int
    multiplier: float = 1.0  # CT/PT ratio: the caller multiplies before VEE


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based data row (or the line number the caller's first_row makes it); 0: the file
    field: str
    reason_zh: str
    reason_en: str

    def __str__(self) -> str:
        where = f"第{self.row}行 / row {self.row} · " if self.row else ""  # row 0: the file as a whole
        return f"{where}{self.field}: {self.reason_zh} / {self.reason_en}"

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "field": self.field, "reason": self.reason_zh, "reason_en": self.reason_en}


@dataclass(frozen=True)
class ReadingRow:
    row: int
    meter: str
    ts: int  # epoch seconds, UTC
    value: float  # as sent (before the meter's multiplier)


@dataclass(frozen=True)
class ParsedBatch:
    rows: list[ReadingRow]
    errors: list[RowError]
    duplicates: int = 0  # exact repeats within the batch, dropped (one row kept)
    conflicts: list[tuple[int, int]] = field(default_factory=list)  # (row, earlier row) with another value


def column_code(header_cell: str, headers: Vocabulary = READING_HEADERS) -> str:
    """The column a header cell names (its code), or the cell as written (lower-cased) when it names none."""
    found = headers.find(header_cell)
    return found.code if found is not None else header_cell.strip().lower()


def column_codes(records: Iterable[Mapping[str, object]], headers: Vocabulary) -> list[dict[str, object]]:
    """Records keyed by column code, whichever way their header named the column (a header naming no
    column is kept as written, so that a missing column is reported as missing)."""
    names: dict[str, str] = {}
    out = []
    for record in records:
        row: dict[str, object] = {}
        for key, value in record.items():
            text = str(key)
            if text not in names:
                names[text] = column_code(text, headers)
            row[names[text]] = value
        out.append(row)
    return out


def csv_columns(header: Sequence[str]) -> list[tuple[int, str]]:
    """Where meter, timestamp and value are in a CSV header (named by code or in Chinese: 计量点代码, 时间,
    读数); ReadingsInputError naming a missing one."""
    names = [column_code(h or "") for h in header]
    if not any(names):
        raise ReadingsInputError([RowError(0, "file", "文件为空或没有表头", "empty file or no header row")])
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        cols = ", ".join(missing)
        raise ReadingsInputError([RowError(0, cols, f"缺少必需的列：{cols}", f"missing required columns: {cols}")])
    return [(names.index(c), c) for c in REQUIRED_COLUMNS]


def csv_records(lines: Iterable[str], max_rows: int | None, keep_blank: bool = False
                ) -> Iterator[tuple[int, dict[str, object]]]:
    """Each data row of a CSV (blank ones only if `keep_blank`) with its line number, keyed meter, timestamp,
    value.

    A cell may be long (it is then a bad row, named by the checks); a file past `max_rows` data rows,
    or with a field past the CSV reader's limit, is refused whole (ReadingsInputError)."""
    try:
        rows = csv_rows(lines, max_rows=max_rows, max_cell=CSV_FIELD_LIMIT)
        first = next(rows, None)
        wanted = csv_columns(first[1] if first is not None else [])
        for line, cells in rows:
            if cells or keep_blank:
                yield line, {c: (cells[i] if i < len(cells) else "") for i, c in wanted}
    except InputTooLarge as exc:
        raise ReadingsInputError([RowError(exc.row, exc.field, exc.reason_zh, exc.reason_en)]) from exc


def read_csv(text: str) -> list[dict[str, object]]:
    """The rows of a CSV text keyed by lower-cased column name; only meter, timestamp, value are kept;
    at most MAX_BATCH_ROWS."""
    return [r for _, r in csv_records(io.StringIO(text.lstrip("\ufeff"), newline=""), MAX_BATCH_ROWS)]


def read_json(payload: object) -> list[dict[str, object]]:
    """The rows of a JSON payload: a list of objects, or {"readings": [...]}; at most MAX_BATCH_ROWS."""
    items = payload.get("readings") if isinstance(payload, Mapping) else payload
    if not isinstance(items, list):
        raise ReadingsInputError([RowError(0, "readings", "应为读数列表，或含 readings 列表的对象",
                                           'must be a list of readings, or an object with a "readings" list')])
    if len(items) > MAX_BATCH_ROWS:
        raise ReadingsInputError([RowError(0, "readings", f"一批最多 {MAX_BATCH_ROWS:,} 条读数（本批 {len(items):,}）",
                                           f"at most {MAX_BATCH_ROWS:,} readings a batch ({len(items):,} sent)")])
    # An item that is no object is a bad row of its own (`check_rows` names it); the good rows are kept.
    return [{str(k): v for k, v in item.items()} if isinstance(item, Mapping) else {_NOT_AN_OBJECT: item}
            for item in items]


def parse_timestamp(raw: object) -> int:
    """Epoch seconds (UTC) of a timestamp as units send it; ValueError (zh / en) if it is not one."""
    if isinstance(raw, bool):
        raise ValueError("应为时间 / must be a time")
    if isinstance(raw, int):
        if not EPOCH_MIN <= raw < EPOCH_MAX:
            raise ValueError(f"不是以秒计的时间戳 / not epoch seconds in 2000–2100: {raw}")
        return raw
    text = raw.strip() if isinstance(raw, str) else ""
    if not _ISO.match(text):
        raise ValueError(f"无法识别的时间 {_shown(raw)}，应为 ISO 8601 / not an ISO 8601 time: {_shown(raw)}")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"无效的日期或时间「{text}」/ invalid date or time: {text!r}") from exc
    if not YEAR_MIN <= moment.year <= YEAR_MAX:
        raise ValueError(f"年份须在 {YEAR_MIN}–{YEAR_MAX} 之间：{moment.year} / "
                         f"the year must be within {YEAR_MIN}–{YEAR_MAX}: {moment.year}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LOCAL)
    return round(moment.astimezone(UTC).timestamp())


def parse_value(raw: object) -> float:
    """A finite number; ValueError (zh / en) otherwise."""
    if isinstance(raw, bool) or raw is None:
        raise ValueError(f"须为数字 / must be a number: {raw!r}")
    if isinstance(raw, float):
        value = raw
    elif isinstance(raw, int):
        value = float(raw) if abs(raw) <= 10**300 else math.inf  # float() of a longer one overflows
    elif isinstance(raw, str):
        try:
            value = parse_number(raw)
        except ValueError as exc:
            raise ValueError(f"须为数字 / must be a number: {_shown(raw)}") from exc
    else:
        raise ValueError(f"须为数字 / must be a number: {_shown(raw)}")
    if not math.isfinite(value):
        raise ValueError(f"须为有限数 / must be finite: {_shown(raw)}")
    if abs(value) > MAX_ABS_VALUE:
        raise ValueError(f"超出范围（绝对值不超过 {MAX_ABS_VALUE:g}）/ "
                         f"out of range (at most {MAX_ABS_VALUE:g} in size): {value:g}")
    return value


def _shown(raw: object) -> str:
    """A sent value as an error message quotes it: never more than 40 characters."""
    text = repr(raw) if isinstance(raw, str | float) else type(raw).__name__
    return text if len(text) <= 40 else text[:37] + "…"


def _error(row: int, field_name: str, message: str) -> RowError:
    zh, _, en = message.partition(" / ")
    return RowError(row, field_name, zh.strip(), (en or zh).strip())


def _present(raw: object) -> bool:
    return raw is not None and not (isinstance(raw, str) and not raw.strip())


def _check_meter(
    raw: object, row: int, meters: Mapping[str, MeterRef], allowed_unit: str | None, errors: list[RowError]
) -> MeterRef | None:
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        errors.append(RowError(row, "meter", "须为文本（计量器具代码）", "must be text (a meter code)"))
        return None
    code = raw.strip() if isinstance(raw, str) else str(raw) if abs(raw) < 10**MAX_METER_CODE else ""
    if not code or len(code) > MAX_METER_CODE:
        errors.append(RowError(row, "meter", f"代码须为 1–{MAX_METER_CODE} 个字符",
                               f"a code of 1 to {MAX_METER_CODE} characters"))
        return None
    meter = meters.get(code)
    if meter is None:
        errors.append(RowError(row, "meter", f"未登记的计量器具「{code}」", f"unknown meter {code!r}"))
        return None
    if allowed_unit is not None and meter.unit_code != allowed_unit:
        errors.append(RowError(row, "meter", f"计量器具「{code}」不属于本单位（{allowed_unit}）",
                               f"meter {code!r} belongs to another unit than {allowed_unit!r}"))
        return None
    return meter


def _check_row(
    raw: Mapping[str, object], row: int, meters: Mapping[str, MeterRef], now: int, allowed_unit: str | None,
    future_skew_s: int, errors: list[RowError],
) -> ReadingRow | None:
    before = len(errors)
    if _NOT_AN_OBJECT in raw:
        errors.append(RowError(row, "readings", "应为对象 {meter, timestamp, value}",
                               "must be an object {meter, timestamp, value}"))
        return None
    for name in REQUIRED_COLUMNS:
        if not _present(raw.get(name)):
            errors.append(RowError(row, name, "必填", "required"))
    meter = _check_meter(raw["meter"], row, meters, allowed_unit, errors) if _present(raw.get("meter")) else None
    ts = value = None
    if _present(raw.get("timestamp")):
        try:
            ts = parse_timestamp(raw["timestamp"])
        except ValueError as exc:
            errors.append(_error(row, "timestamp", str(exc)))
        if ts is not None and ts > now + future_skew_s:
            errors.append(RowError(row, "timestamp", "时间在未来", f"in the future (beyond now + {future_skew_s} s)"))
    if _present(raw.get("value")):
        try:
            value = parse_value(raw["value"])
        except ValueError as exc:
            errors.append(_error(row, "value", str(exc)))
    if len(errors) > before or meter is None or ts is None or value is None:
        return None
    return ReadingRow(row, meter.code, ts, value)


def check_rows(
    records: Iterable[Mapping[str, object]], meters: Mapping[str, MeterRef], now: int, *, first_row: int = 1,
    allowed_unit: str | None = None, future_skew_s: int = 300,
) -> ParsedBatch:
    """Every row checked on its own: good rows returned, bad rows reported.

    An exact repeat of (meter, timestamp, value) is counted in `duplicates` and dropped; the same
    (meter, timestamp) again with another value is an error on the later row (the first is kept).
    `allowed_unit` scopes a unit's token to its own meters.
    """
    rows: list[ReadingRow] = []
    errors: list[RowError] = []
    seen: dict[tuple[str, int], ReadingRow] = {}
    duplicates = 0
    conflicts: list[tuple[int, int]] = []
    for n, raw in enumerate(records, start=first_row):
        checked = _check_row(raw, n, meters, now, allowed_unit, future_skew_s, errors)
        if checked is None:
            continue
        key = (checked.meter, checked.ts)
        earlier = seen.get(key)
        if earlier is None:
            seen[key] = checked
            rows.append(checked)
        elif earlier.value == checked.value:
            duplicates += 1
        else:
            conflicts.append((n, earlier.row))
            errors.append(RowError(n, "value", f"与第{earlier.row}行同一器具同一时间但数值不同（{earlier.value:g}）",
                                   f"same meter and time as row {earlier.row} with another value ({earlier.value:g})"))
    return ParsedBatch(rows, errors, duplicates, conflicts)
