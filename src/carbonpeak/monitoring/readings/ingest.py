"""Ingest (数据接入): readings from any channel (API, file import, demo) checked, stored and acknowledged.

A batch is all-or-nothing per row: every row is checked on its own (`readings_input.check_rows`:
unknown meter, unparsable timestamp, non-numeric value, a time in the future …); the good rows are
stored through `store.ReadingStore` (a stored instant sent again with the same value is a
duplicate, with another value refused), and the answer (`IngestReport`) says how many were
accepted, rejected and duplicated, which VEE flags the accepted rows got, and every error with
its row, field and reason. An `IngestBatch` records each acknowledged delivery in the same
transaction as its readings: what is acknowledged is stored.

Files are imported in chunks, each its own transaction and acknowledgement (`import_file`): a
process killed mid-import keeps every chunk it acknowledged and none of the chunk it was writing;
importing the same file again finishes the job, the rest counted as duplicates.
"""

from __future__ import annotations

import io
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import transaction

from carbonpeak.common.limits import (
    MAX_BATCH_ROWS,
    MAX_BODY_BYTES,
    MAX_FILE_BYTES,
    InputTooLarge,
    check_size,
    decode_text,
    load_json,
    sniff_encoding,
)
from carbonpeak.common.tables import read_xlsx
from carbonpeak.monitoring.models import IngestBatch, KeyUnit, Meter
from carbonpeak.monitoring.readings.parsing import (
    READING_HEADERS,
    MeterRef,
    ReadingsInputError,
    RowError,
    check_rows,
    column_codes,
    csv_columns,
    csv_records,
    read_csv,
    read_json,
)
from carbonpeak.monitoring.readings.store import ReadingStore, StoreMeter
from carbonpeak.monitoring.vocabulary import MeterKind
from carbonpeak.people.permissions import AnyUser, Permission, can

MAX_REPORTED_ERRORS = 1000  # a million bad rows should not make a million-line answer
DEFAULT_CHUNK = 50_000


class Channel:
    API = "api"
    CLI = "cli"
    DEMO = "demo"
    FORM = "form"


@dataclass
class IngestReport:
    """The answer to a batch: counts, flags per name on the accepted rows, and the errors."""

    accepted: int = 0
    rejected: int = 0
    duplicates: int = 0
    flags: Counter[str] = field(default_factory=Counter)
    errors: list[dict[str, object]] = field(default_factory=list)
    estimated: int = 0  # estimate rows added by VEE
    batches: list[int] = field(default_factory=list)
    errors_not_shown: int = 0

    def add_errors(self, errors: Iterable[RowError]) -> None:
        for e in errors:
            if len(self.errors) < MAX_REPORTED_ERRORS:
                self.errors.append(e.as_dict())
            else:
                self.errors_not_shown += 1

    def merge(self, other: IngestReport) -> None:
        self.accepted += other.accepted
        self.rejected += other.rejected
        self.duplicates += other.duplicates
        self.flags.update(other.flags)
        self.estimated += other.estimated
        self.batches += other.batches
        self.add_errors(RowError(int(str(e["row"])), str(e["field"]), str(e["reason"]), str(e["reason_en"]))
                        for e in other.errors)
        self.errors_not_shown += other.errors_not_shown

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "accepted": self.accepted, "rejected": self.rejected, "duplicates": self.duplicates,
            "flags": dict(sorted(self.flags.items())), "estimated": self.estimated, "errors": self.errors,
            "batch": self.batches[-1] if len(self.batches) == 1 else None, "batches": self.batches,
        }
        if self.errors_not_shown:
            out["errors_not_shown"] = self.errors_not_shown
        return out


@dataclass(frozen=True)
class Submitter:
    """Who sends a batch: a unit's token (its own meters only) or a user (units it may submit for)."""

    unit: KeyUnit | None = None
    user: AnyUser | None = None
    source: str = ""

    def may_write(self, unit: KeyUnit) -> bool:
        if self.unit is not None:
            return unit.pk == self.unit.pk
        if self.user is None:
            return True  # the command line and the demo run as the operator
        return can(self.user, Permission.SUBMIT_READINGS, unit)


def _codes(records: Sequence[Mapping[str, object]]) -> set[str]:
    # Few distinct values: normalise each once. Anything but text or a number is no meter code.
    raw = {code for r in records if isinstance(r, Mapping) and isinstance(code := r.get("meter"), str | int)}
    return {str(code).strip() for code in raw}


def _meters(codes: set[str]) -> dict[str, Meter]:
    found: dict[str, Meter] = {}
    listed = sorted(codes)
    for start in range(0, len(listed), 900):
        found.update((m.code, m) for m in Meter.objects.filter(code__in=listed[start:start + 900])
                     .select_related("unit"))
    return found


@dataclass(frozen=True)
class Prepared:
    """A batch checked row by row and against the registry and the submitter's rights, before the store."""

    meters: dict[str, Meter]  # the meters the rows name, by code
    rows: list[tuple[int, int, float]]  # (meter id, ts, value × multiplier) of the rows the store is given
    row_numbers: list[int]  # each of those rows' number in the file
    errors: list[RowError]  # every row refused so far
    duplicates: int  # exact repeats within the batch


def prepare(records: Sequence[Mapping[str, object]], who: Submitter, now: int, first_row: int = 1) -> Prepared:
    """Every row checked (`parsing.check_rows`) and its meter's unit against who sends it; reads only."""
    meters = _meters(_codes(records))
    refs = {code: MeterRef(code, m.unit.code, MeterKind(m.kind), m.interval_s, m.multiplier)
            for code, m in meters.items()}
    parsed = check_rows(records, refs, now, first_row=first_row,
                        allowed_unit=who.unit.code if who.unit is not None else None)
    errors = list(parsed.errors)
    refusal = {code: _refusal(m, who) for code, m in meters.items()}
    rows: list[tuple[int, int, float]] = []
    row_numbers: list[int] = []
    take = {code: (m.pk, m.multiplier) for code, m in meters.items()}
    for r in parsed.rows:
        refused = refusal[r.meter]
        if refused is not None:
            errors.append(RowError(r.row, "meter", *refused))
            continue
        pk, multiplier = take[r.meter]
        rows.append((pk, r.ts, r.value * multiplier))
        row_numbers.append(r.row)
    return Prepared(meters, rows, row_numbers, errors, parsed.duplicates)


def conflict_error(row: int, stored: float, sent: float) -> RowError:
    """A row refused because another value is stored for its meter and time."""
    return RowError(row, "value",
                    f"该器具在此时间已有读数 {stored:g}，与本次 {sent:g} 不同；原始读数不被覆盖，更正请走人工修改",
                    f"a reading of {stored:g} is already stored for this meter and time (sent {sent:g}); "
                    "stored readings are never overwritten: correct it by an edit")


def ingest_records(records: Sequence[Mapping[str, object]], *, channel: str, submitter: Submitter | None = None,
                   now: int | None = None, first_row: int = 1, store: ReadingStore | None = None) -> IngestReport:
    """Check, store and acknowledge one batch of rows {meter, timestamp, value} (one transaction)."""
    who = submitter or Submitter()
    ready = prepare(records, who, int(time.time()) if now is None else now, first_row)
    meters, rows, row_numbers, errors = ready.meters, ready.rows, ready.row_numbers, ready.errors
    store = store or ReadingStore()
    report = IngestReport(duplicates=ready.duplicates)
    with transaction.atomic():
        # The first statement writes: on SQLite it takes the write lock before anything is read.
        batch = IngestBatch.objects.create(unit=who.unit, user=_stored_user(who.user), channel=channel,
                                           source=who.source[:200])
        result = store.upsert(rows, batch_id=batch.pk,
                              meters={m.pk: StoreMeter.of(m) for m in meters.values() if m.active})
        for c in result.conflicts:
            errors.append(conflict_error(row_numbers[c.index], c.stored, c.sent))
        errors.sort(key=lambda e: (e.row, e.field))
        report.accepted, report.duplicates = result.inserted, report.duplicates + len(result.duplicates)
        report.rejected = len({e.row for e in errors})
        report.flags, report.estimated = result.flags, result.estimated
        report.add_errors(errors)
        report.batches = [batch.pk]
        batch.accepted, batch.duplicates, batch.rejected = report.accepted, report.duplicates, report.rejected
        batch.report = {"flags": dict(report.flags), "estimated": report.estimated, "errors": report.errors[:50],
                        "first_row": first_row}
        batch.save(update_fields=["accepted", "duplicates", "rejected", "report"])
    return report


def _refusal(meter: Meter, who: Submitter) -> tuple[str, str] | None:
    """Why rows for this meter are refused from this submitter (zh, en), or None."""
    if not who.may_write(meter.unit):
        code = meter.unit.code
        return f"无权为单位「{code}」报送读数", f"not allowed to submit readings for unit {code!r}"
    if not meter.active or not meter.unit.active:
        return f"计量器具「{meter.code}」已停用", f"meter {meter.code!r} is inactive"
    return None


def _stored_user(user: AnyUser | None) -> Any:
    return user if user is not None and user.is_authenticated else None


def ingest_payload(body: bytes, content_type: str, *, channel: str, submitter: Submitter | None = None,
                   now: int | None = None) -> IngestReport:
    """A request body as JSON (a list, or {"readings": [...]}) or CSV (text/csv); ReadingsInputError if
    the body cannot be read at all (its size, encoding, JSON depth and rows are checked first)."""
    text = _text(body, MAX_BODY_BYTES, "body")
    if "csv" in content_type.lower():
        return ingest_records(read_csv(text), channel=channel, submitter=submitter, now=now, first_row=2)
    return ingest_records(read_json(_json(text, "body")), channel=channel, submitter=submitter, now=now)


def _refused(exc: InputTooLarge) -> ReadingsInputError:
    return ReadingsInputError([RowError(exc.row, exc.field, exc.reason_zh, exc.reason_en)])


def _text(body: bytes, limit: int, field_name: str) -> str:
    try:
        check_size(len(body), limit, field_name)
        return decode_text(body, field_name)
    except InputTooLarge as exc:
        raise _refused(exc) from exc


def _json(text: str, field_name: str) -> object:
    try:
        return load_json(text, field_name)
    except InputTooLarge as exc:
        raise _refused(exc) from exc


# --- files, in chunks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Chunk:
    records: list[dict[str, object]]
    first_row: int


def _csv_chunks(path: Path, size: int) -> Iterator[Chunk]:
    with path.open("rb") as raw:
        head = raw.read(1 << 16)
    try:
        encoding = sniff_encoding(head)
    except InputTooLarge as exc:
        raise _refused(exc) from exc
    with path.open(encoding=encoding, newline="") as handle:
        yield from _csv_text_chunks(handle, size)


def _csv_text_chunks(handle: Iterable[str], size: int) -> Iterator[Chunk]:
    chunk: list[dict[str, object]] = []
    first = 2
    for _, record in csv_records(handle, max_rows=None, keep_blank=True):  # rows numbered as lines
        chunk.append(record)
        if len(chunk) >= size:
            yield Chunk(chunk, first)
            first += len(chunk)
            chunk = []
    if chunk:
        yield Chunk(chunk, first)


def content_chunks(name: str, content: bytes, size: int = DEFAULT_CHUNK) -> Iterator[Chunk]:
    """An uploaded file's rows in chunks, by its name: CSV (UTF-8 or GBK, rows numbered as its lines), JSON
    (as `read_json`) or xlsx (its first sheet; the header in codes or in Chinese, as a CSV's).
    ReadingsInputError when it cannot be read at all (its size is checked first)."""
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        try:
            table = read_xlsx(content, max_rows=MAX_BATCH_ROWS)
        except InputTooLarge as exc:
            raise _refused(exc) from exc
        csv_columns(table.header)  # a missing column refuses the file, as a CSV's header does
        records = [{k: _cell(v) for k, v in r.items()} for r in column_codes(table.records, READING_HEADERS)]
        for start in range(0, len(records), size):
            yield Chunk(records[start:start + size], start + 2)
        return
    text = _text(content, MAX_FILE_BYTES, "file")
    if lowered.endswith(".json"):
        records = read_json(_json(text, "file"))
        for start in range(0, len(records), size):
            yield Chunk(records[start:start + size], start + 1)
        return
    yield from _csv_text_chunks(io.StringIO(text.lstrip("\ufeff"), newline=""), size)


def _cell(value: object) -> object:
    """An xlsx cell as a CSV would carry it: a time written as Beijing time (a naive time is read so)."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return value


def _json_chunks(path: Path, size: int) -> Iterator[Chunk]:
    # Read whole, so bounded (MAX_FILE_BYTES, MAX_BATCH_ROWS): a bigger delivery goes as CSV, read in chunks.
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    records = read_json(_json(_text(data, MAX_FILE_BYTES, "file"), "file"))
    for start in range(0, len(records), size):
        yield Chunk(list(records[start:start + size]), start + 1)


def count_rows(path: Path) -> int | None:
    """Data rows of a CSV file (lines less the header), for a progress bar; None for other files."""
    if path.suffix.lower() != ".csv":
        return None
    with path.open("rb") as handle:
        lines = sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b""))
    return max(lines - 1, 0)


def import_file(path: Path, *, chunk: int = DEFAULT_CHUNK, submitter: Submitter | None = None,
                on_chunk: Callable[[IngestReport, IngestReport], None] | None = None,
                now: int | None = None) -> IngestReport:
    """Import a CSV or JSON file of readings chunk by chunk, each chunk committed and acknowledged
    (`on_chunk(chunk_report, total_so_far)` is called after each commit). ReadingsInputError if the
    file cannot be read at all (nothing stored)."""
    chunks = _json_chunks(path, chunk) if path.suffix.lower() == ".json" else _csv_chunks(path, chunk)
    return _import_chunks(chunks, Channel.CLI, submitter, on_chunk, now)


def import_content(name: str, content: bytes, *, submitter: Submitter, chunk: int = DEFAULT_CHUNK,
                   now: int | None = None) -> IngestReport:
    """Import an uploaded file of readings (CSV, JSON or xlsx, `content_chunks`) chunk by chunk, as a file on
    the command line is; ReadingsInputError if it cannot be read at all (nothing stored)."""
    return _import_chunks(content_chunks(name, content, chunk), Channel.FORM, submitter, None, now)


def _import_chunks(chunks: Iterable[Chunk], channel: str, submitter: Submitter | None,
                   on_chunk: Callable[[IngestReport, IngestReport], None] | None, now: int | None) -> IngestReport:
    total = IngestReport()
    store = ReadingStore()
    for part in chunks:
        report = ingest_records(part.records, channel=channel, submitter=submitter, now=now,
                                first_row=part.first_row, store=store)
        total.merge(report)
        if on_chunk is not None:
            on_chunk(report, total)
    return total
