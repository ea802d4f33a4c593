"""The readings archive on disk (读数归档): Parquet partitioned by local year and month, and its checks.

Pure module (no Django), pyarrow. Layout (hive):

    ROOT/_archive.json                         the manifest: partitions, their rows, meters' first and last
    ROOT/year=2024/month=03/part-0.parquet     the readings whose interval ends in local March 2024

A reading belongs to the local (UTC+8) month holding ts − 1 s, the month rollup it adds to
(docs/methodology/monitoring.md, "Buckets"), so a month is summed from one partition. Each row carries
what the rollups need, so the archive can be summed where no database is (a Spark cluster): the meter's
code, role, energy type and unit of measure, its unit's code, industry division and town.

`check_archive` opens every file's footer before an engine reads anything and refuses, naming the file
and the column: a file that is not Parquet or is cut short, a column missing or of another type, a file
the manifest does not list (foreign), a partition the manifest lists that is gone, a row count that
differs from the manifest's.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

MANIFEST = "_archive.json"
FORMAT = "carbonpeak-readings-archive"
VERSION = 1
ROW_GROUP = 1 << 20  # rows per row group: Spark splits a file's work by row groups

# (column, arrow type, nullable): every file of a partition has exactly these (the partition's year and
# month are in its path, not in the file).
COLUMNS: tuple[tuple[str, Any, bool], ...] = (
    ("meter", pa.string(), False),
    ("ts", pa.int64(), False),  # UTC epoch second of the interval's end
    ("value", pa.float64(), False),  # as sent × the meter's multiplier
    ("flags", pa.int64(), False),  # vocabulary.Flag bits
    ("energy", pa.float64(), True),  # validated energy in unit_of_measure; null: not trusted
    ("estimated", pa.bool_(), False),
    ("edited_value", pa.float64(), True),
    ("energy_type", pa.string(), False),
    ("unit_of_measure", pa.string(), False),
    ("role", pa.string(), False),
    ("unit", pa.string(), False),
    ("industry", pa.string(), False),  # GB/T 4754 division, two digits
    ("town", pa.string(), False),
)
SCHEMA = pa.schema([pa.field(name, kind, nullable=nullable) for name, kind, nullable in COLUMNS])


class ArchiveError(Exception):
    """The archive cannot be used: `path` (a file or a folder) and `column` ("" for the file) say where."""

    def __init__(self, path: Path | str, column: str, zh: str, en: str):
        self.path, self.column, self.zh, self.en = str(path), column, zh, en
        where = f"{self.path}" + (f", 列 column {column}" if column else "")
        super().__init__(f"{where}: {zh} / {en}")


def month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def partition_dir(root: Path, year: int, month: int) -> Path:
    return root / f"year={year:04d}" / f"month={month:02d}"


@dataclass
class Partition:
    year: int
    month: int
    rows: int
    files: list[str]  # relative to the root
    dropped: bool = False  # its readings were removed from the hot table (reads come here)

    @property
    def key(self) -> str:
        return month_key(self.year, self.month)


@dataclass
class Manifest:
    """What the archive holds. Written last, atomically, after every file it lists."""

    partitions: dict[str, Partition] = field(default_factory=dict)
    meters: dict[str, tuple[int, int]] = field(default_factory=dict)  # code → (first ts, last ts)
    energy_units: set[tuple[str, str]] = field(default_factory=set)  # (energy type, unit of measure)
    source: str = ""

    def add_meters(self, spans: Iterable[tuple[str, int, int]]) -> None:
        for code, first, last in spans:
            old = self.meters.get(code)
            self.meters[code] = (first, last) if old is None else (min(old[0], first), max(old[1], last))

    def as_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": VERSION, "source": self.source,
                "partitions": [{"year": p.year, "month": p.month, "rows": p.rows, "files": p.files,
                                "dropped": p.dropped} for _, p in sorted(self.partitions.items())],
                "meters": {c: list(span) for c, span in sorted(self.meters.items())},
                "energy_units": sorted([list(pair) for pair in self.energy_units])}

    def write(self, root: Path) -> None:
        replace_atomically(root / MANIFEST, json.dumps(self.as_dict(), ensure_ascii=False, indent=1).encode())


def replace_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def read_manifest(root: Path, *, missing_ok: bool = False) -> Manifest:
    path = root / MANIFEST
    if not path.is_file():
        if missing_ok:
            return Manifest()
        raise ArchiveError(path, "", "不是读数归档（缺少清单文件）", "not a readings archive (no manifest)")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("format") != FORMAT or raw.get("version") != VERSION:
            raise ValueError(f"format {raw.get('format')!r} version {raw.get('version')!r}")
        parts = {month_key(int(p["year"]), int(p["month"])): Partition(
            int(p["year"]), int(p["month"]), int(p["rows"]), [str(f) for f in p["files"]], bool(p["dropped"]))
            for p in raw["partitions"]}
        meters = {str(c): (int(s[0]), int(s[1])) for c, s in raw["meters"].items()}
        pairs = {(str(a), str(b)) for a, b in raw["energy_units"]}
    except (ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise ArchiveError(path, "", f"清单文件无法读取：{exc}", f"the manifest cannot be read: {exc}") from exc
    return Manifest(parts, meters, pairs, str(raw.get("source", "")))


def check_file(path: Path, expected_rows: int | None = None) -> int:
    """The file's row count, after checking it is Parquet with exactly the archive's columns and types."""
    try:
        meta = pq.read_metadata(path)
        schema = meta.schema.to_arrow_schema()
    except (OSError, pa.ArrowException) as exc:
        raise ArchiveError(path, "", f"不是 Parquet 文件或已损坏（{exc}）",
                           f"not a Parquet file, or corrupt ({exc})") from exc
    for name, kind, _ in COLUMNS:
        i = schema.get_field_index(name)
        if i < 0:
            raise ArchiveError(path, name, "缺少此列", "column missing")
        found = schema.field(i).type
        if not (found == kind or (kind == pa.string() and found in (pa.large_string(), pa.string_view())) or (
                pa.types.is_dictionary(found) and found.value_type == kind)):
            raise ArchiveError(path, name, f"类型应为 {kind}，实为 {found}", f"type should be {kind}, is {found}")
    extra = [n for n in schema.names if n not in SCHEMA.names]
    if extra:
        raise ArchiveError(path, extra[0], "多出的列：不是本系统的读数归档",
                           "an extra column: not this system's archive")
    rows = int(meta.num_rows)
    if expected_rows is not None and rows != expected_rows:
        raise ArchiveError(path, "", f"行数 {rows} 与清单的 {expected_rows} 不符",
                           f"{rows} rows, the manifest says {expected_rows}")
    return rows


def check_archive(root: Path, months: Iterable[str] | None = None) -> tuple[Manifest, list[Path]]:
    """The manifest and the Parquet files of the archive (of `months`, 'YYYY-MM', if given), every one
    checked; ArchiveError names the first file and column that is wrong."""
    if not root.is_dir():
        raise ArchiveError(root, "", "目录不存在", "no such folder")
    manifest = read_manifest(root)
    listed = {(root / f).resolve() for p in manifest.partitions.values() for f in p.files}
    for found in sorted(root.rglob("*.parquet")):
        if found.resolve() not in listed:
            raise ArchiveError(found, "", "清单未列出此文件（外来文件）", "a file the manifest does not list (foreign)")
    wanted = set(months) if months is not None else None
    files: list[Path] = []
    for key, part in sorted(manifest.partitions.items()):
        if wanted is not None and key not in wanted:
            continue
        folder = partition_dir(root, part.year, part.month)
        if not folder.is_dir():
            raise ArchiveError(folder, "", "清单列出的分区不存在", "a partition the manifest lists is missing")
        paths = [root / f for f in part.files]
        for path in paths:
            if not path.is_file():
                raise ArchiveError(path, "", "清单列出的文件不存在", "a file the manifest lists is missing")
        rows = [check_file(p) for p in paths]
        if sum(rows) != part.rows:
            raise ArchiveError(folder, "", f"行数 {sum(rows)} 与清单的 {part.rows} 不符",
                               f"{sum(rows)} rows, the manifest says {part.rows}")
        files += paths
    if wanted is not None:
        gone = sorted(wanted - set(manifest.partitions))
        if gone:
            year, month = (int(x) for x in gone[0].split("-"))
            raise ArchiveError(partition_dir(root, year, month), "", "归档中没有此月", "this month is not archived")
    return manifest, files


def write_partition(root: Path, year: int, month: int, table: Any, name: str = "part-0.parquet") -> str:
    """Write one partition's file (replacing it atomically); its path relative to the root."""
    folder = partition_dir(root, year, month)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{name}.tmp"
    pq.write_table(table.select(SCHEMA.names).cast(SCHEMA), tmp, row_group_size=ROW_GROUP, compression="zstd")
    os.replace(tmp, folder / name)
    return str((folder / name).relative_to(root))
