"""DuckDB over the Parquet archive: rollups by the one definition, and a meter's archived readings.

No Django. `compute` runs `definition.rollup_sql` (DuckDB spelling) over the checked files of an archive
and answers an Arrow table of `definition.ROLLUP_COLUMNS`; `meter_rows` reads one meter's archived
readings over a span (the store's read half, `readings/store_reads.py`, comes here for dropped months).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa  # type: ignore[import-untyped]

from carbonpeak.monitoring.archive.definition import (
    COEFFICIENT_COLUMNS,
    DUCKDB,
    ROLLUP_COLUMNS,
    Coefficient,
    rollup_sql,
)
from carbonpeak.monitoring.archive.layout import SCHEMA, check_archive


def arrow_schema(columns: Sequence[tuple[str, str]]) -> Any:
    kinds = {"string": pa.string(), "int64": pa.int64(), "double": pa.float64()}
    return pa.schema([(name, kinds[kind]) for name, kind in columns])


ROLLUP_SCHEMA = arrow_schema(ROLLUP_COLUMNS)


def coefficient_table(coefficients: Sequence[Coefficient]) -> Any:
    return pa.table({name: [getattr(c, name) for c in coefficients] for name, _ in COEFFICIENT_COLUMNS},
                    schema=arrow_schema(COEFFICIENT_COLUMNS))


def _files_sql(files: Sequence[Path]) -> str:
    quoted = ", ".join("'" + str(f).replace("'", "''") + "'" for f in files)
    return f"read_parquet([{quoted}], hive_partitioning = false)"


def compute(root: Path, coefficients: Sequence[Coefficient], *, threads: int | None = None) -> Any:
    """The rollups of every reading in the archive at `root` (an Arrow table, ROLLUP_COLUMNS)."""
    _, files = check_archive(root)
    if not files:
        return ROLLUP_SCHEMA.empty_table()
    con = duckdb.connect()
    try:
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        con.register("coefficients", coefficient_table(coefficients))
        con.execute(f"CREATE TEMP VIEW readings AS SELECT * FROM {_files_sql(files)}")
        hours, rollups = rollup_sql("readings", "coefficients", DUCKDB)
        con.execute(f"CREATE TEMP TABLE meter_hours AS {hours}")
        table = con.sql(rollups).to_arrow_table()
    finally:
        con.close()
    return pa.table(table).cast(ROLLUP_SCHEMA)


def meter_rows(root: Path, months: Sequence[str], meter: str, lo: int, hi: int) -> Any:
    """A meter's archived rows with lo ≤ ts ≤ hi from the partitions `months` ('YYYY-MM'), in time order."""
    _, files = check_archive(root, months)
    if not files:
        return SCHEMA.empty_table()
    con = duckdb.connect()
    try:
        return pa.table(con.sql(f"SELECT * FROM {_files_sql(files)} WHERE meter = ? AND ts >= ? AND ts <= ? "
                                "ORDER BY ts", params=[meter, lo, hi]).to_arrow_table())
    finally:
        con.close()


def write(table: Any, out: Path) -> Path:
    """Rollups as one Parquet file in `out` (the folder is made)."""
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    out.mkdir(parents=True, exist_ok=True)
    path = out / "rollups-duckdb.parquet"
    pq.write_table(table.cast(ROLLUP_SCHEMA), path, compression="zstd")
    return path
