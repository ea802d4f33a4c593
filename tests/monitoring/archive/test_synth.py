"""`carbonpeak monitoring synth`: a synthetic fleet straight to Parquet, with the demo's shapes and anomalies,
the same every run; its rollups computed by DuckDB (and Spark) and loaded into the database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pyarrow.compute as pc  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]
import pytest

from carbonpeak.cli import main
from carbonpeak.monitoring.archive.layout import check_archive
from carbonpeak.monitoring.archive.synth import synthesize
from carbonpeak.monitoring.models import Rollup
from carbonpeak.monitoring.vocabulary import Flag

Capsys = pytest.CaptureFixture[str]
LOCAL = dt.timezone(dt.timedelta(hours=8))
START = int(dt.datetime(2025, 3, 3, tzinfo=LOCAL).timestamp())  # a Monday


def _table(root: Path) -> object:
    _, files = check_archive(root)
    import pyarrow as pa

    return pa.concat_tables([pq.read_table(f) for f in files])


def test_shapes_anomalies_and_determinism(tmp_path: Path) -> None:
    summary = synthesize(160, 14, tmp_path / "a", start=START)
    assert summary.channels == 160 and summary.partitions == 1
    t = _table(tmp_path / "a")
    assert t.num_rows == summary.readings  # type: ignore[attr-defined]
    assert 0.8 * 160 * 14 * 96 < summary.readings < 160 * 14 * 96
    assert len(set(t.column("meter").to_pylist())) == 160  # type: ignore[attr-defined]
    flags = np.asarray(t.column("flags"))  # type: ignore[attr-defined]
    energy = t.column("energy")  # type: ignore[attr-defined]
    for flag in (Flag.SPIKE, Flag.GAP_BEFORE, Flag.FLAT_LINE, Flag.ESTIMATED):
        assert (flags & int(flag)).any(), flag
    spiked = (flags & int(Flag.SPIKE)) != 0
    assert pc.all(pc.is_null(pc.filter(energy, spiked))).as_py()  # a spike carries no energy
    estimated = np.asarray(t.column("estimated"))  # type: ignore[attr-defined]
    assert estimated.sum() == ((flags & int(Flag.ESTIMATED)) != 0).sum() > 0
    # A two-shift, five-day factory works on weekdays: its weekday energy per reading is well above its weekend's.
    rows = t.to_pandas()  # type: ignore[attr-defined]
    factory = rows[rows.meter.str.endswith("U005-E1")]
    weekday = ((factory.ts - 1 + 8 * 3600) // 86400 + 3) % 7
    assert factory[weekday < 5].energy.mean() > 1.5 * factory[weekday >= 5].energy.mean()
    # A data centre's total over its IT load is a PUE.
    total = rows[rows.meter == "P00000-U002-E1"].energy.sum()
    it = rows[rows.meter == "P00000-U002-IT1"].energy.sum()
    assert 1.1 < total / it < 1.8
    synthesize(160, 14, tmp_path / "b", start=START)
    assert pq.read_table(tmp_path / "b" / "year=2025/month=03/part-0.parquet").equals(
        pq.read_table(tmp_path / "a" / "year=2025/month=03/part-0.parquet"))


@pytest.mark.django_db
def test_cli_synth_then_duckdb_load(tmp_path: Path, capsys: Capsys) -> None:
    out = tmp_path / "province"
    assert main(["monitoring", "synth", "--channels", "30", "--days", "3", "--out", str(out),
                 "--start", "2025-06-30"]) == 0
    assert "readings" in capsys.readouterr().out
    assert main(["monitoring", "synth", "--channels", "30", "--days", "3", "--out", str(out)]) == 2
    assert "--out" in capsys.readouterr().err
    assert main(["rollups", "compute", "--engine", "duckdb", "--input", str(out), "--load"]) == 0
    assert "loaded" in capsys.readouterr().out
    months = Rollup.objects.filter(scope="meter", grain="month")
    assert months.values("key").distinct().count() == 30
    assert {r.start.astimezone(LOCAL).month for r in months} == {6, 7}
    assert Rollup.objects.filter(scope="town").exists() and Rollup.objects.filter(scope="industry").exists()
    # Loading again replaces the rows: nothing doubles (DuckDB's threads may add in another order: 1e-12).
    def rows() -> dict[tuple[object, ...], float]:
        return {(r.scope, r.grain, r.key, r.start, r.energy_type): r.quantity for r in Rollup.objects.all()}

    before = rows()
    assert main(["rollups", "compute", "--engine", "duckdb", "--input", str(out), "--load"]) == 0
    after = rows()
    assert after.keys() == before.keys()
    assert all(after[k] == pytest.approx(v, rel=1e-12) for k, v in before.items())


@pytest.mark.spark
@pytest.mark.django_db
def test_cli_spark_output_matches_duckdb(tmp_path: Path, spark: object, capsys: Capsys) -> None:
    out = tmp_path / "province"
    synthesize(12, 1, out, start=START)
    assert main(["rollups", "compute", "--engine", "spark", "--master", "local[2]", "--input", str(out),
                 "--output", str(tmp_path / "s")]) == 0
    assert main(["rollups", "compute", "--engine", "duckdb", "--input", str(out), "--output", str(tmp_path / "d")]) == 0
    key = ["scope", "grain", "key", "start", "energy_type"]
    s = pq.read_table(tmp_path / "s").to_pandas().sort_values(key).reset_index(drop=True)
    d = pq.read_table(tmp_path / "d").to_pandas().sort_values(key).reset_index(drop=True)
    assert len(s) == len(d) > 0
    assert (s[key] == d[key]).all().all()
    assert np.allclose(s.quantity, d.quantity, rtol=1e-9, atol=0) and (s.readings == d.readings).all()
