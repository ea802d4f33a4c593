"""Apache Spark over the Parquet archive: the same rollups, on a laptop or a province's cluster.

No Django. `session(master)` builds a SparkSession (local[*] by default, `spark://host:7077`, `yarn`, …)
whose SQL reads timestamps in UTC, which the one definition's Spark spelling needs
(`definition.SPARK`); `compute` runs `definition.rollup_sql` over the archive's checked files and
answers a Spark DataFrame of `definition.ROLLUP_COLUMNS`. Written to Parquet it has the same columns and
types as DuckDB's (`duck.ROLLUP_SCHEMA`).

`python -m carbonpeak.monitoring.archive.spark --input DIR --coefficients FILE --output DIR` is the
entry point for `spark-submit` on a cluster (docs/operations.md), where the driver needs no database:
the coefficients come as a Parquet file that `carbonpeak rollups coefficients` writes.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pyspark.sql import DataFrame, SparkSession

from carbonpeak.monitoring.archive.definition import COEFFICIENT_COLUMNS, ROLLUP_COLUMNS, SPARK, Coefficient, rollup_sql
from carbonpeak.monitoring.archive.layout import check_archive

_TYPES = {"string": "string", "int64": "bigint", "double": "double"}


def session(master: str = "local[*]", *, shuffle_partitions: int | None = None,
            driver_memory: str | None = None) -> SparkSession:
    """A SparkSession for rollups (reused if one is running). Its UI is off; shuffle partitions default to
    4 on a local master (small data, few cores), Spark's 200 on a cluster. `driver_memory` (e.g. "3g")
    counts only when this call starts the JVM."""
    builder = (SparkSession.builder.master(master).appName("carbonpeak rollups")
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.parquet.enableVectorizedReader", "true"))
    if shuffle_partitions is None and master.startswith("local"):
        shuffle_partitions = 4
    if driver_memory is not None:
        builder = builder.config("spark.driver.memory", driver_memory)
    if shuffle_partitions is not None:
        builder = builder.config("spark.sql.shuffle.partitions", str(shuffle_partitions))
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _ddl(columns: Sequence[tuple[str, str]]) -> str:
    return ", ".join(f"`{name}` {_TYPES[kind]}" for name, kind in columns)


def coefficients_frame(spark: SparkSession, coefficients: Sequence[Coefficient]) -> DataFrame:
    rows = [tuple(getattr(c, name) for name, _ in COEFFICIENT_COLUMNS) for c in coefficients]
    return spark.createDataFrame(rows, _ddl(COEFFICIENT_COLUMNS))


def compute(spark: SparkSession, root: Path, coefficients: DataFrame | Sequence[Coefficient]) -> DataFrame:
    """The rollups of every reading in the archive at `root`, as a DataFrame (lazy until written)."""
    _, files = check_archive(root)
    coeff = coefficients if isinstance(coefficients, DataFrame) else coefficients_frame(spark, coefficients)
    coeff.createOrReplaceTempView("coefficients")
    if not files:
        return spark.createDataFrame([], _ddl(ROLLUP_COLUMNS))
    spark.read.parquet(*[str(f) for f in files]).createOrReplaceTempView("readings")
    hours, rollups = rollup_sql("readings", "coefficients", SPARK)
    spark.sql(hours).cache().createOrReplaceTempView("meter_hours")
    frame = spark.sql(rollups)
    return frame.select(*[frame[name].cast(_TYPES[kind]).alias(name) for name, kind in ROLLUP_COLUMNS])


def write(frame: DataFrame, out: Path) -> Path:
    """Rollups as Parquet part files in `out` (replaced)."""
    frame.write.mode("overwrite").parquet(str(out))
    return out


def to_arrow(frame: DataFrame) -> Any:
    """The rollups on the driver as an Arrow table (for loading into the database)."""
    from carbonpeak.monitoring.archive.duck import ROLLUP_SCHEMA

    return frame.toArrow().cast(ROLLUP_SCHEMA)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="rollups of a readings archive on Spark (spark-submit)")
    parser.add_argument("--input", required=True)
    parser.add_argument("--coefficients", required=True, help="Parquet from `carbonpeak rollups coefficients`")
    parser.add_argument("--output", required=True)
    args = parser.parse_args(argv)
    spark = SparkSession.builder.appName("carbonpeak rollups").config(
        "spark.sql.session.timeZone", "UTC").getOrCreate()
    coeff = spark.read.parquet(args.coefficients)
    write(compute(spark, Path(args.input), coeff), Path(args.output))
    spark.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
