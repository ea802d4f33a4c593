"""ReadingStore (读数存储): the one way meter readings are written and read.

Readings live in the Django database (SQLite by default, PostgreSQL in production) in
`monitoring_reading`, keyed by (meter, ts). `upsert` takes readings (values already × the meter's
multiplier) and, in one transaction: refuses a different value at a stored instant (a conflict:
the stored raw value stands; corrections go through an audited edit, `edits.edit_reading`),
acknowledges an exact resend as a duplicate, inserts the rest, re-judges the window around them
with VEE (`judging`), inserts or removes estimates and corrects the hourly, daily and monthly
rollups by difference (`rollups`). `refresh` re-judges a window without new readings (after an
edit). Late data are simply readings in the past: the same path corrects what they change.

Writers on PostgreSQL lock the meters they write (SELECT … FOR UPDATE, in id order); on SQLite
the first statement is a write (a no-op UPDATE of those meters), which takes the database's write
lock at once, so two writers never both read and then both try to write.
docs/methodology/monitoring.md ("Storage and rollups").
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper

from carbonpeak.caching import versions
from carbonpeak.monitoring.figures.energy import EnergyFactors, current_factors
from carbonpeak.monitoring.models import Meter, Reading
from carbonpeak.monitoring.readings import judging
from carbonpeak.monitoring.readings.rollups import METER, READING, MeterPlace, RollupDeltas
from carbonpeak.monitoring.readings.series import Bools, Floats, Ints
from carbonpeak.monitoring.readings.sql import (
    COPY_FROM_ROWS,
    NULL,
    Dialect,
    bulk_executemany,
    copy_stamps,
    copy_text,
    dialect,
    epoch,
)
from carbonpeak.monitoring.readings.store_reads import StoreReads
from carbonpeak.monitoring.readings.vee import VeeSettings, settings_for_meter
from carbonpeak.monitoring.vocabulary import Flag, MeterKind

# Meters whose windows lie this close together are loaded with one query.
_ONE_QUERY_SPAN_S = 7 * 86400
_LOAD_CHUNK = 500  # meters per loading query


@dataclass(frozen=True)
class StoreMeter:
    """A meter as the store judges and sums it."""

    place: MeterPlace
    kind: MeterKind
    settings: VeeSettings

    @property
    def id(self) -> int:
        return self.place.meter_id

    @staticmethod
    def of(meter: Meter) -> StoreMeter:
        # The register wraps at register_max as the register shows it; values are stored × multiplier.
        wrap = meter.register_max * meter.multiplier if meter.register_max is not None else None
        return StoreMeter(MeterPlace.of(meter), MeterKind(meter.kind),
                          settings_for_meter(meter.interval_s, wrap, meter.minimum, meter.maximum))


def store_meters(ids: Iterable[int]) -> dict[int, StoreMeter]:
    return {m.pk: StoreMeter.of(m) for m in Meter.objects.filter(pk__in=list(ids)).select_related("unit")}


@dataclass(frozen=True)
class Conflict:
    """An incoming reading refused: another value is stored for its meter and instant."""

    index: int  # position in the rows given to `upsert`
    meter_id: int
    ts: int
    stored: float
    sent: float


@dataclass
class UpsertResult:
    inserted: int = 0
    duplicates: list[int] = field(default_factory=list)  # positions in the rows given
    conflicts: list[Conflict] = field(default_factory=list)
    flags: Counter[str] = field(default_factory=Counter)  # flags raised on the inserted readings
    estimated: int = 0  # estimate rows added (net of those removed)
    updated: int = 0  # stored readings whose flags or energy changed
    rollup_rows: int = 0


@dataclass(frozen=True)
class ReadingSeries:
    """A meter's rows over a span, in time order (estimates included, `estimated` marks them)."""

    ts: Ints
    value: Floats
    flags: Ints
    energy: Floats  # NaN: no trusted energy
    estimated: Bools
    edited: Floats  # NaN: not edited

    def __len__(self) -> int:
        return int(self.ts.size)


def flag_names(bits: int) -> list[str]:
    """The names of the flags set in `bits`, lower case (`spike`, `gap_before` …)."""
    return [f.name.lower() for f in Flag if f.name and f.value and bits & f.value]


class ReadingStore(StoreReads):
    """Readings and their rollups in the Django database. Methods open (or join) a transaction.

    The sums, latest periods and single readings the pages, alerts and yearly figures read are
    `StoreReads` (store_reads.py); every read of the readings and rollups tables goes through here."""

    def __init__(self, factors: EnergyFactors | None = None):
        self._factors = factors

    @property
    def factors(self) -> EnergyFactors:
        if self._factors is None:
            self._factors = current_factors()
        return self._factors

    # --- writing -----------------------------------------------------------------------------

    def upsert(self, rows: Sequence[tuple[int, int, float]], *, batch_id: int | None = None,
               meters: Mapping[int, StoreMeter] | None = None) -> UpsertResult:
        """Store readings (meter_id, ts epoch s, value × multiplier); unique (meter, ts) expected.

        A row at a stored (meter, ts) with the same value is a duplicate (changes nothing), with
        another value a conflict (refused). Everything else is inserted, judged and summed, or
        nothing is (one transaction).
        """
        result = UpsertResult()
        if not rows:
            return result
        table = np.fromiter(rows, dtype=[("meter", np.int64), ("ts", np.int64), ("value", np.float64)],
                            count=len(rows))
        order = np.lexsort((table["ts"], table["meter"]))  # by meter, then time; stable
        ids = table["meter"][order]
        known = dict(meters) if meters is not None else store_meters(np.unique(ids).tolist())
        edges = [0, *(np.flatnonzero(ids[1:] != ids[:-1]) + 1).tolist(), int(ids.size)]
        work: list[_Work] = []
        for a, b in itertools.pairwise(edges):
            meter_id = int(ids[a])
            idx = order[a:b]
            ts, value = table["ts"][idx], table["value"][idx]
            repeat = np.zeros(ts.size, dtype=np.bool_)
            repeat[1:] = ts[1:] == ts[:-1]
            if repeat.any():  # the same instant twice in the rows given: the first one counts
                self._repeats(meter_id, ts, value, idx, repeat, result)
                ts, value, idx = ts[~repeat], value[~repeat], idx[~repeat]
            work.extend(_Work(known[meter_id], ts[s], value[s], idx[s]) for s in _clusters(
                ts, judging.context_s(known[meter_id].settings)))
        with transaction.atomic():
            self._write(work, result, batch_id)
        return result

    @staticmethod
    def _repeats(meter_id: int, ts: Ints, value: Floats, idx: Ints, repeat: Bools, result: UpsertResult) -> None:
        first = np.maximum.accumulate(np.where(repeat, 0, np.arange(ts.size)))
        for k in np.flatnonzero(repeat).tolist():
            kept = float(value[first[k]])
            if np.isclose(value[k], kept, rtol=judging.SAME_VALUE_RTOL, atol=0.0):
                result.duplicates.append(int(idx[k]))
            else:
                result.conflicts.append(Conflict(int(idx[k]), meter_id, int(ts[k]), kept, float(value[k])))

    def refresh(self, meter_ids: Iterable[int], start: datetime | int, end: datetime | int) -> UpsertResult:
        """Judge the readings of [start, end] again, with their context, and correct estimates and rollups."""
        known = store_meters(meter_ids)
        lo, hi = epoch(start), epoch(end)
        work = [_Work(m, np.empty(0, np.int64), np.empty(0), np.empty(0, np.int64), (lo, hi)) for m in known.values()]
        result = UpsertResult()
        with transaction.atomic():
            self._write(work, result, None)
        return result

    def mark_edit(self, meter_id: int, ts: datetime, edited_value: float | None, flags: int) -> None:
        """Set a stored reading's hand edit and flags (`edits.edit_reading`, which then calls `refresh`
        in the same transaction and audits the change)."""
        Reading.objects.filter(meter_id=meter_id, ts=ts).update(edited_value=edited_value, flags=flags)

    def _write(self, work: list[_Work], result: UpsertResult, batch_id: int | None) -> None:
        sql = dialect()
        with connection.cursor() as cur:
            ids = sorted({w.meter.id for w in work})
            marks = ", ".join(["%s"] * len(ids))
            if sql.locks_rows:  # PostgreSQL: one writer per meter at a time, locks taken in id order
                cur.execute(f"SELECT id FROM {METER} WHERE id IN ({marks}) ORDER BY id FOR UPDATE", ids)
            else:  # SQLite: write first, so the database's write lock is held before anything is read
                cur.execute(f"UPDATE {METER} SET id = id WHERE id IN ({marks})", ids)
            stored = self._load(cur, sql, work)
            deltas = RollupDeltas(self.factors)
            writes = _Writes(batch_id)
            for w, rows in zip(work, stored, strict=True):
                c = judging.context_s(w.meter.settings)
                j = judging.judge(rows, w.ts, w.value, w.meter.kind, w.meter.settings, (w.lo - c, w.hi + c))
                result.duplicates += w.index[j.duplicates].tolist()
                result.conflicts += [Conflict(int(w.index[k]), w.meter.id, int(w.ts[k]), float(s), float(w.value[k]))
                                     for k, s in zip(j.conflicts.tolist(), j.conflict_stored.tolist(), strict=True)]
                if not j.changed:
                    continue
                writes.add(w.meter.id, j)
                deltas.add(w.meter.place, j.removed, j.added)
                result.inserted += int(j.insert_ts.size)
                result.updated += int(j.update_ts.size)
                result.estimated += int(j.estimate_ts.size) - int(j.delete_estimate_ts.size)
                for bits, n in zip(*np.unique(j.insert_flags, return_counts=True), strict=True):
                    for name in flag_names(int(bits)):
                        result.flags[name] += int(n)
            writes.execute(cur, sql)
            result.rollup_rows = deltas.apply(cur, sql)
            if result.inserted or result.updated or result.estimated or result.rollup_rows:
                # The cursor watch counts INSERT/UPDATE/DELETE, but PostgreSQL's COPY passes no cursor: the
                # readings' data version moves on here, when this transaction commits (caching/versions.py).
                versions.written(versions.READINGS)

    def _load(self, cur: CursorWrapper, sql: Dialect, work: list[_Work]) -> list[judging.Rows]:
        """Each work item's stored rows over its loading span [lo − 2C, hi + 2C]."""
        spans = [(w.lo - 2 * judging.context_s(w.meter.settings), w.hi + 2 * judging.context_s(w.meter.settings))
                 for w in work]
        out: list[judging.Rows | None] = [None] * len(work)
        if work and max(s[1] for s in spans) - min(s[0] for s in spans) <= _ONE_QUERY_SPAN_S:
            lo, hi = min(s[0] for s in spans), max(s[1] for s in spans)
            for start in range(0, len(work), _LOAD_CHUNK):
                part = list(range(start, min(start + _LOAD_CHUNK, len(work))))
                ids = sorted({work[i].meter.id for i in part})
                got = _fetch(cur, sql, ids, lo, hi)
                for i in part:
                    out[i] = _rows(got.get(work[i].meter.id, []), *spans[i])
        for i, w in enumerate(work):
            if out[i] is None:
                out[i] = _rows(_fetch(cur, sql, [w.meter.id], *spans[i]).get(w.meter.id, []), *spans[i])
        return [r if r is not None else judging.Rows.empty() for r in out]

    # --- reading -------------------------------------------------------------------------------

    def range(self, meter_id: int, start: datetime | int, end: datetime | int) -> ReadingSeries:
        """A meter's rows with start ≤ ts ≤ end (interval ends), estimates included."""
        sql = dialect()
        lo, hi = epoch(start), epoch(end)
        with connection.cursor() as cur:
            got = _fetch(cur, sql, [meter_id], lo, hi).get(meter_id, [])
        archived = self._archived(meter_id, lo, hi)  # months moved to the Parquet archive
        if archived:
            have = {int(r[0]) for r in got}
            got = sorted([*got, *((int(r.ts.timestamp()), r.value, r.flags, r.energy, r.estimated, r.edited_value)
                                  for r in archived if int(r.ts.timestamp()) not in have)], key=lambda r: r[0])
        rows = _rows(got, lo, hi)
        return ReadingSeries(rows.ts, rows.value, rows.flags, rows.energy, rows.estimated, rows.edited)


@dataclass
class _Work:
    meter: StoreMeter
    ts: Ints
    value: Floats
    index: Ints
    span: tuple[int, int] | None = None

    @property
    def lo(self) -> int:
        return self.span[0] if self.span is not None else int(self.ts[0])

    @property
    def hi(self) -> int:
        return self.span[1] if self.span is not None else int(self.ts[-1])


def _clusters(ts: Ints, context: int) -> list[slice]:
    """Runs of sorted timestamps whose judged windows do not touch (late readings scattered over a year
    are judged one window each, not as one year-long window)."""
    if ts.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(ts) > 4 * context) + 1
    edges = [0, *breaks.tolist(), int(ts.size)]
    return [slice(a, b) for a, b in itertools.pairwise(edges)]


def _fetch(cur: CursorWrapper, sql: Dialect, ids: list[int], lo: int, hi: int) -> dict[int, list[tuple[Any, ...]]]:
    marks = ", ".join(["%s"] * len(ids))
    cur.execute(
        f"SELECT meter_id, {sql.ts_out('ts')}, value, flags, energy, estimated, edited_value FROM {READING} "
        f"WHERE meter_id IN ({marks}) AND ts >= {sql.ts_in} AND ts <= {sql.ts_in} ORDER BY meter_id, ts",
        [*ids, lo, hi],
    )
    out: dict[int, list[tuple[Any, ...]]] = {}
    for row in cur.fetchall():
        out.setdefault(row[0], []).append(row[1:])
    return out


def _rows(got: list[tuple[Any, ...]], lo: int, hi: int) -> judging.Rows:
    if not got:
        return judging.Rows.empty()
    arr = np.array([(r[0], r[1], r[2], np.nan if r[3] is None else r[3], bool(r[4]),
                     np.nan if r[5] is None else r[5]) for r in got],
                   dtype=[("ts", np.int64), ("v", np.float64), ("f", np.int64), ("e", np.float64), ("est", np.bool_),
                          ("ed", np.float64)])
    arr = arr[(arr["ts"] >= lo) & (arr["ts"] <= hi)]
    return judging.Rows(arr["ts"].copy(), arr["v"].copy(), arr["f"].copy(), arr["e"].copy(), arr["est"].copy(),
                        arr["ed"].copy())


def _none(values: Floats) -> list[float | None]:
    """NaN → NULL, as a list of Python floats (one conversion when there is no NaN, the common case)."""
    nan = np.isnan(values)
    if not nan.any():
        return values.tolist()  # type: ignore[no-any-return]
    out = values.astype(object)
    out[nan] = None
    return out.tolist()  # type: ignore[no-any-return]


class _Writes:
    """The statements of a batch, collected over its meters as columns and run together.

    The inserted rows go to the database as few parameters as they need: what every row of a kind shares
    (estimated or not, an estimate's flag, the batch) is written into the statement, so that a backfill's
    row carries the same five parameters as the bulk-insert ceiling's (docs/performance.md)."""

    def __init__(self, batch_id: int | None) -> None:
        self.batch = "NULL" if batch_id is None else str(int(batch_id))  # an integer key: safe in the SQL
        self.delete_estimates: list[tuple[Any, ...]] = []
        self.updates: list[tuple[Any, ...]] = []
        # per meter: (meter id, ts, value, flags, energy) of measured rows; (meter id, ts, value, energy) of estimates
        self.measured: list[tuple[int, Ints, Floats, Ints, Floats]] = []
        self.estimates: list[tuple[int, Ints, Floats, Floats]] = []

    def add(self, meter_id: int, j: judging.Judgement) -> None:
        self.delete_estimates += [(meter_id, t) for t in j.delete_estimate_ts.tolist()]
        self.updates += list(zip(j.update_flags.tolist(), _none(j.update_energy), [meter_id] * j.update_ts.size,
                                 j.update_ts.tolist(), strict=True))
        if j.insert_ts.size:
            self.measured.append((meter_id, j.insert_ts, j.insert_value, j.insert_flags, j.insert_energy))
        if j.estimate_ts.size:
            self.estimates.append((meter_id, j.estimate_ts, j.estimate_value, j.estimate_energy))

    def execute(self, cur: CursorWrapper, sql: Dialect) -> None:
        c = cur
        if self.delete_estimates:
            c.executemany(
                f"DELETE FROM {READING} WHERE meter_id = %s AND ts = {sql.ts_in} AND estimated = %s",
                [(m, t, True) for m, t in self.delete_estimates])
        if self.updates:
            c.executemany(
                f"UPDATE {READING} SET flags = %s, energy = %s WHERE meter_id = %s AND ts = {sql.ts_in}", self.updates)
        measured = _columns(self.measured, 5)
        estimates = _columns(self.estimates, 4)
        rows = measured[0].size + estimates[0].size
        if rows >= COPY_FROM_ROWS and sql.vendor == "postgresql":
            copy_text(c, READING, ("meter_id", "ts", "value", "flags", "energy", "estimated", "batch_id"),
                      itertools.chain(self._copy_lines(*measured, estimated=False),
                                      self._copy_lines(estimates[0], estimates[1], estimates[2],
                                                       np.full(estimates[0].size, int(Flag.ESTIMATED)), estimates[3],
                                                       estimated=True)))
            return
        insert = f"INSERT INTO {READING} (meter_id, ts, value, flags, energy, estimated, batch_id) VALUES "
        if measured[0].size:
            m, ts, value, flags, energy = measured
            bulk_executemany(c, f"{insert}(%s, {sql.ts_in}, %s, %s, %s, FALSE, {self.batch})",
                             zip(m.tolist(), ts.tolist(), value.tolist(), flags.tolist(), _none(energy), strict=True))
        if estimates[0].size:
            m, ts, value, energy = estimates
            bulk_executemany(c, f"{insert}(%s, {sql.ts_in}, %s, {int(Flag.ESTIMATED)}, %s, TRUE, {self.batch})",
                             zip(m.tolist(), ts.tolist(), value.tolist(), _none(energy), strict=True))

    def _copy_lines(self, m: Ints, ts: Ints, value: Floats, flags: Ints, energy: Floats, *,
                    estimated: bool) -> Iterator[str]:
        tail = f"\t{'t' if estimated else 'f'}\t{NULL if self.batch == 'NULL' else self.batch}\n"
        for mi, t, v, f, e in zip(m.tolist(), copy_stamps(ts.tolist()), value.tolist(), flags.tolist(),
                                  _none(energy), strict=True):
            yield f"{mi}\t{t}\t{v!r}\t{f}\t{NULL if e is None else repr(e)}{tail}"


def _columns(parts: Sequence[tuple[Any, ...]], width: int) -> list[Any]:
    """Per-meter column parts joined: the meter id repeated over its rows, then each column concatenated."""
    if not parts:
        return [np.empty(0, np.int64)] * width
    sizes = [p[1].size for p in parts]
    return [np.repeat(np.array([p[0] for p in parts], np.int64), sizes),
            *(np.concatenate([p[k] for p in parts]) for k in range(1, width))]
