"""The archive on the Django side: where it is, writing readings into it, reading them back, loading rollups.

- `archive_readings(root, before, drop=…)` writes every hot reading of the local months ending by
  `before` into their partitions (`layout`), merged with what a partition already holds, so a run
  repeated changes nothing (idempotent). With `drop`, the archived rows leave the hot table in one
  transaction, and only if the hot table still holds exactly the rows archived (writers are locked
  out as `ReadingStore` locks them); otherwise nothing is deleted. A failed run leaves the hot
  table unchanged.
- `ArchiveReads` answers the store's read half (`readings/store_reads.py`) for months whose rows were
  dropped: a meter's rows over a span come from DuckDB over the partitions, united with whatever the
  hot table holds there (late data), hot rows first.
- `coefficients(pairs, years, factors)` are the accounting engine's coefficients as the engines' table;
  `load_rollups(table)` writes engine rollups into the database in one transaction.

docs/methodology/monitoring.md ("The readings archive").
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]
from django.conf import settings
from django.db import connection, transaction

from carbonpeak.monitoring.archive import duck
from carbonpeak.monitoring.archive.definition import ROLLUP_COLUMNS, Coefficient
from carbonpeak.monitoring.archive.layout import (
    MANIFEST,
    SCHEMA,
    ArchiveError,
    Manifest,
    Partition,
    check_archive,
    month_key,
    read_manifest,
    write_partition,
)
from carbonpeak.monitoring.figures.energy import EnergyFactors
from carbonpeak.monitoring.models import Meter, Reading, Rollup
from carbonpeak.monitoring.readings.rollup_math import month_bounds
from carbonpeak.monitoring.readings.sql import dialect

READING = Reading._meta.db_table
METER = Meter._meta.db_table
ROLLUP = Rollup._meta.db_table
ENV = "CARBONPEAK_READINGS_ARCHIVE"


def archive_root() -> Path:
    """The archive the store reads dropped months from: $CARBONPEAK_READINGS_ARCHIVE, else DATA_DIR/readings-archive."""
    return Path(os.environ.get(ENV) or Path(settings.DATA_DIR) / "readings-archive")


def local_month(ts: int) -> tuple[int, int]:
    """The local (year, month) whose readings include the one stamped `ts` (the month holding ts − 1 s)."""
    d = np.datetime64(ts - 1 + 8 * 3600, "s").astype("datetime64[M]")
    y = int(d.astype("datetime64[Y]").astype(int)) + 1970
    return y, int(d.astype(int)) % 12 + 1


def _months(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    out, (y, m) = [], first
    while (y, m) <= last:
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


@dataclass
class ArchiveSummary:
    months: list[str] = field(default_factory=list)
    rows: int = 0  # hot rows written
    dropped: int = 0  # hot rows deleted


def _meters() -> dict[int, tuple[str, str, str, str, str, str, str]]:
    """id → (code, energy type, unit of measure, role, unit code, industry division, town)."""
    return {m.pk: (m.code, m.energy_type, m.unit_of_measure, m.role, m.unit.code, m.unit.industry_division,
                   m.unit.town) for m in Meter.objects.select_related("unit")}


def _hot_month(lo: int, hi: int, meters: dict[int, tuple[str, str, str, str, str, str, str]]) -> Any:
    """The hot rows with lo < ts ≤ hi as an Arrow table of the archive's schema."""
    sql = dialect()
    with connection.cursor() as cur:
        cur.execute(f"SELECT meter_id, {sql.ts_out('ts')}, value, flags, energy, estimated, edited_value "
                    f"FROM {READING} WHERE ts > {sql.ts_in} AND ts <= {sql.ts_in}", [lo, hi])
        rows = cur.fetchall()
    cols: list[list[Any]] = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in range(7)]
    place = [meters[i] for i in cols[0]]
    data = {"meter": [p[0] for p in place], "ts": cols[1], "value": cols[2], "flags": cols[3], "energy": cols[4],
            "estimated": [bool(x) for x in cols[5]], "edited_value": cols[6],
            **{name: [p[k] for p in place] for k, name in enumerate(
                ("energy_type", "unit_of_measure", "role", "unit", "industry", "town"), start=1)}}
    return pa.table(data, schema=SCHEMA)


def archive_readings(root: Path, before: int, *, drop: bool = False,
                     progress: Callable[[str, int], None] | None = None) -> ArchiveSummary:
    """Archive the hot readings of the local months that end at or before `before` (epoch s)."""
    summary = ArchiveSummary()
    sql = dialect()
    with connection.cursor() as cur:
        cur.execute(f"SELECT {sql.ts_out('MIN(ts)')} FROM {READING}")
        first = cur.fetchone()[0]
    root.mkdir(parents=True, exist_ok=True)
    manifest = read_manifest(root, missing_ok=True)
    if manifest.partitions:
        check_archive(root)  # never merge into a damaged archive
    if first is None:
        manifest.write(root)
        return summary
    meters = _meters()
    months = [ym for ym in _months(local_month(int(first)), local_month(before)) if month_bounds(*ym)[1] <= before]
    hot_counts: dict[tuple[int, int], int] = {}
    for year, month in months:
        lo, hi = month_bounds(year, month)
        hot = _hot_month(lo, hi, meters)
        if hot.num_rows == 0:
            continue
        key = month_key(year, month)
        old = manifest.partitions.get(key)
        table = hot
        if old is not None:  # merge: the hot row wins where both hold an instant (a resend is the same reading)
            kept = pa.concat_tables([pq.read_table(root / f, schema=SCHEMA) for f in old.files])
            seen = set(zip(hot.column("meter").to_pylist(), hot.column("ts").to_pylist(), strict=True))
            mask = [(m, t) not in seen for m, t in zip(kept.column("meter").to_pylist(),
                                                        kept.column("ts").to_pylist(), strict=True)]
            table = pa.concat_tables([kept.filter(pa.array(mask, pa.bool_())), hot])
        table = table.sort_by([("meter", "ascending"), ("ts", "ascending")])
        path = write_partition(root, year, month, table)
        manifest.partitions[key] = Partition(year, month, table.num_rows, [path], old.dropped if old else False)
        spans = table.group_by("meter").aggregate([("ts", "min"), ("ts", "max")])
        manifest.add_meters(zip(spans.column("meter").to_pylist(), spans.column("ts_min").to_pylist(),
                                spans.column("ts_max").to_pylist(), strict=True))
        manifest.energy_units |= set(zip(table.column("energy_type").to_pylist(),
                                         table.column("unit_of_measure").to_pylist(), strict=True))
        manifest.write(root)  # after the file it lists
        hot_counts[(year, month)] = hot.num_rows
        summary.months.append(key)
        summary.rows += hot.num_rows
        if progress is not None:
            progress(key, hot.num_rows)
    if drop and hot_counts:
        summary.dropped = _drop(root, manifest, hot_counts)
    return summary


def _drop(root: Path, manifest: Manifest, hot_counts: dict[tuple[int, int], int]) -> int:
    """Delete the archived months' hot rows, all or none. Reads go to the archive from the moment the
    manifest marks a month dropped, which happens before the delete and is undone if it fails."""
    keys = [month_key(*ym) for ym in hot_counts]
    before = {k: manifest.partitions[k].dropped for k in keys}
    for k in keys:
        manifest.partitions[k].dropped = True
    manifest.write(root)
    sql = dialect()
    deleted = 0
    try:
        with transaction.atomic(), connection.cursor() as cur:
            # Writers lock the meters they write (ReadingStore): holding them all, no reading arrives meanwhile.
            if sql.locks_rows:
                cur.execute(f"SELECT id FROM {METER} ORDER BY id FOR UPDATE")
            else:
                cur.execute(f"UPDATE {METER} SET id = id")
            for (year, month), count in sorted(hot_counts.items()):
                lo, hi = month_bounds(year, month)
                cur.execute(f"SELECT COUNT(*) FROM {READING} WHERE ts > {sql.ts_in} AND ts <= {sql.ts_in}", [lo, hi])
                now = int(cur.fetchone()[0])
                if now != count:
                    raise ArchiveError(root / f"{month_key(year, month)}", "",
                                       f"归档期间该月读数有变化（{count} → {now}），未删除任何读数，请重新运行",
                                       f"the month's readings changed during the run ({count} → {now}); "
                                       "nothing was deleted, run again")
                cur.execute(f"DELETE FROM {READING} WHERE ts > {sql.ts_in} AND ts <= {sql.ts_in}", [lo, hi])
                deleted += cur.rowcount
    except BaseException:
        for k, was in before.items():
            manifest.partitions[k].dropped = was
        manifest.write(root)
        raise
    return deleted


# --- reading back --------------------------------------------------------------------------------


class ArchiveReads:
    """The dropped months of an archive, and a meter's rows from them (DuckDB). The manifest is read again
    only when its file changes."""

    _cache: dict[str, tuple[tuple[int, int], Manifest]] = {}

    def __init__(self, root: Path | None = None):
        self.root = root or archive_root()

    def manifest(self) -> Manifest | None:
        path = self.root / MANIFEST
        try:
            stat = path.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            return None
        cached = self._cache.get(str(path))
        if cached is None or cached[0] != stamp:
            cached = self._cache[str(path)] = (stamp, read_manifest(self.root))
        return cached[1]

    def dropped_months(self, lo: int, hi: int) -> list[str]:
        """The dropped months that hold readings stamped in [lo, hi]."""
        manifest = self.manifest()
        if manifest is None or not any(p.dropped for p in manifest.partitions.values()):
            return []
        wanted = {month_key(*ym) for ym in _months(local_month(lo), local_month(hi + 1))}
        return sorted(k for k, p in manifest.partitions.items() if p.dropped and k in wanted)

    def meter_rows(self, code: str, lo: int, hi: int) -> list[tuple[int, float, int, float | None, bool,
                                                                     float | None]]:
        """(ts, value, flags, energy, estimated, edited value) of a meter's archived rows with lo ≤ ts ≤ hi in
        dropped months, in time order."""
        months = self.dropped_months(lo, hi)
        if not months:
            return []
        table = duck.meter_rows(self.root, months, code, lo, hi)
        return list(zip(*(table.column(c).to_pylist() for c in ("ts", "value", "flags", "energy", "estimated",
                                                                   "edited_value")), strict=True))

    def meter_span(self, code: str) -> tuple[int, int] | None:
        """(first, last) ts of a meter's archived rows in dropped months (from the manifest)."""
        manifest = self.manifest()
        if manifest is None or not any(p.dropped for p in manifest.partitions.values()):
            return None
        return manifest.meters.get(code)


# --- engines' inputs and outputs ----------------------------------------------------------------


def coefficients(pairs: Iterable[tuple[str, str]], years: Iterable[int], factors: EnergyFactors) -> list[Coefficient]:
    """The coefficient rows the engines join, per (energy type, unit of measure) and local year."""
    out = []
    for (energy_type, unit), year in itertools.product(sorted(set(pairs)), sorted(set(years))):
        own, basis = factors.of(energy_type, unit, year), factors.basis(energy_type, year)
        out.append(Coefficient(energy_type, unit, year, own.to_basis, basis.basis_unit, basis.tce,
                               basis.tce_equal_value, basis.co2_t, basis.factor_set))
    return out


def archive_coefficients(root: Path, factors: EnergyFactors) -> list[Coefficient]:
    """The coefficients an archive's readings need: its energy types and units × its partitions' years."""
    manifest = read_manifest(root)
    years = {p.year for p in manifest.partitions.values()}
    return coefficients(manifest.energy_units, years, factors)


def load_rollups(table: Any) -> int:
    """Write engine rollups (ROLLUP_COLUMNS, an Arrow table) into the rollup table, each row replacing the row
    of its bucket, in one transaction, through the store's bulk path (`rollup_rows.write_rows`: COPY on
    PostgreSQL, plain INSERT on SQLite for buckets with no row yet); the rows written."""
    from carbonpeak.monitoring.readings.rollup_rows import RollupRows, write_rows

    columns: dict[str, Any] = {}
    for name, kind in ROLLUP_COLUMNS:
        column = table.column(name)
        if column.null_count:
            raise ValueError(f"{name}: 汇总含空值 / the rollups hold empty values")
        if kind == "string":
            encoded = column.combine_chunks().dictionary_encode()
            columns[name] = (encoded.indices.to_numpy(zero_copy_only=False), encoded.dictionary.to_pylist())
        else:
            columns[name] = column.to_numpy()
    rows = RollupRows.from_columns(columns)
    with transaction.atomic(), connection.cursor() as cur:
        return write_rows(cur, rows, dialect(), add=False)


def read_rollups(folder: Path) -> Any:
    """Rollups an engine wrote (every *.parquet of `folder`), checked for the columns of ROLLUP_COLUMNS."""
    expected = duck.ROLLUP_SCHEMA
    tables = []
    for path in sorted(folder.glob("*.parquet")):
        try:
            table = pq.read_table(path)
        except (OSError, pa.ArrowException) as exc:
            raise ArchiveError(path, "", f"不是 Parquet 文件或已损坏（{exc}）",
                           f"not a Parquet file, or corrupt ({exc})") from exc
        for name in expected.names:
            if name not in table.column_names:
                raise ArchiveError(path, name, "缺少此列", "column missing")
        tables.append(table.select(expected.names).cast(expected))
    if not tables:
        raise ArchiveError(folder, "", "没有汇总文件", "no rollup files")
    return pa.concat_tables(tables)


def rollups_from(tables: Sequence[Any]) -> Any:
    return pa.concat_tables(tables) if tables else duck.ROLLUP_SCHEMA.empty_table()
