"""One definition of a rollup, three engines (issue 21): the same readings summed by the store (SQL, on
SQLite or PostgreSQL, whichever the run uses), by DuckDB and by Spark over the Parquet archive give the same
rollups, bucket for bucket, to 1e-9 relative."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from carbonpeak.monitoring.archive import duck
from carbonpeak.monitoring.archive.service import archive_coefficients, archive_readings
from carbonpeak.monitoring.figures.energy import current_factors
from carbonpeak.monitoring.vocabulary import Grain, Scope
from tests.monitoring.archive.support import differences, feed, store_rollups, table_rollups

pytestmark = pytest.mark.django_db
FAR = 4_000_000_000  # archive every month


def _archived(root: Path) -> dict[Any, dict[str, Any]]:
    feed()
    summary = archive_readings(root, FAR)
    assert summary.months == ["2025-12", "2026-01"]
    return store_rollups()


def test_store_and_duckdb_agree(archive_dir: Path) -> None:
    store = _archived(archive_dir)
    table = duck.compute(archive_dir, archive_coefficients(archive_dir, current_factors()))
    engine = table_rollups(table)
    assert differences(store, engine) == []
    # Not vacuous: every scope and grain is there (industries and towns without hours: days and months only),
    # sub-meters and IT load only for themselves, a basis unit.
    kinds = {(k[0], k[1]) for k in engine}
    wide = {Scope.INDUSTRY, Scope.TOWN}
    assert kinds == {(s.value, g.value) for s in Scope for g in Grain if not (s in wide and g is Grain.HOUR)}
    assert {(k[0], k[1]) for k in store} == kinds
    units = {k[2] for k in engine if k[0] == "unit"}
    assert units == {"U1", "U2"}
    assert {k[2] for k in engine if k[0] == "meter"} == {"E1", "G1", "S1", "H1", "E2", "IT2"}
    e2 = [v for k, v in engine.items() if k[:3] == ("meter", "month", "E2")]
    assert {v["unit_of_measure"] for v in e2} == {"kWh"}  # MWh summed in kWh
    u2 = sum(v["quantity"] for k, v in engine.items() if k[:3] == ("unit", "month", "U2"))
    assert u2 == pytest.approx(sum(v["quantity"] for v in e2), rel=1e-12)  # IT load not added to the unit
    assert sum(v["estimated"] for k, v in engine.items() if k[:3] == ("meter", "month", "E1")) > 0
    assert sum(v["invalid"] for k, v in engine.items() if k[:3] == ("meter", "month", "G1")) > 0


def test_a_changed_reading_is_seen(archive_dir: Path) -> None:
    """The comparison can fail: a rollup changed in the store after archiving differs from DuckDB's."""
    from carbonpeak.monitoring.models import Rollup

    store = _archived(archive_dir)
    row = Rollup.objects.filter(scope="town", grain="day").first()
    assert row is not None
    row.quantity *= 1 + 1e-8
    row.save()
    table = duck.compute(archive_dir, archive_coefficients(archive_dir, current_factors()))
    assert len(differences(store_rollups(), table_rollups(table))) == 1
    assert differences(store, table_rollups(table)) == []


@pytest.mark.spark
def test_store_duckdb_and_spark_agree(archive_dir: Path, spark: object, tmp_path: Path) -> None:
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    from carbonpeak.monitoring.archive import spark as engine

    store = _archived(archive_dir)
    coefficients = archive_coefficients(archive_dir, current_factors())
    # Written as Parquet, as `carbonpeak rollups compute --engine spark --output DIR` writes them.
    engine.write(engine.compute(spark, archive_dir, coefficients), tmp_path / "spark")  # type: ignore[arg-type]
    duck.write(duck.compute(archive_dir, coefficients), tmp_path / "duck")
    by_spark = pq.read_table(tmp_path / "spark")
    by_duckdb = pq.read_table(tmp_path / "duck" / "rollups-duckdb.parquet")
    assert differences(store, table_rollups(by_spark)) == []
    assert differences(table_rollups(by_duckdb), table_rollups(by_spark)) == []
    # The same columns and types from either engine.
    assert [(f.name, f.type) for f in by_spark.schema] == [(f.name, f.type) for f in by_duckdb.schema]
