"""`carbonpeak readings archive`: readings with their flags and energy into Parquet by local year and month,
idempotent; `--drop` empties the hot table of them in one transaction, or not at all; afterwards the store's
reads (the unit and meter pages, the export, completeness, rebuild) find them in the archive."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow.parquet as pq  # type: ignore[import-untyped]
import pytest

from carbonpeak.cli import main
from carbonpeak.monitoring.archive import service
from carbonpeak.monitoring.archive.layout import ArchiveError, read_manifest
from carbonpeak.monitoring.models import KeyUnit, Reading
from carbonpeak.monitoring.readings.rollups import rebuild
from carbonpeak.monitoring.readings.store import ReadingStore
from tests.monitoring.archive.support import LOCAL, START, feed, store_rollups

Capsys = pytest.CaptureFixture[str]
pytestmark = pytest.mark.django_db
JAN = int(dt.datetime(2026, 1, 1, tzinfo=LOCAL).timestamp())


def _files(root: Path) -> dict[str, list[dict[str, object]]]:
    return {str(p.relative_to(root)): pq.read_table(p).to_pylist() for p in sorted(root.rglob("*.parquet"))}


def test_archive_writes_months_and_is_idempotent(archive_dir: Path, capsys: Capsys) -> None:
    feed()
    hot = Reading.objects.count()
    assert main(["readings", "archive", "--before", "2027-01-01", "--to", str(archive_dir), "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["months"] == ["2025-12", "2026-01"] and answer["rows"] == hot and answer["dropped"] == 0
    first = _files(archive_dir)
    assert sorted(first) == ["year=2025/month=12/part-0.parquet", "year=2026/month=01/part-0.parquet"]
    # Interval ends: the reading stamped at local midnight of 1 January closes December.
    december = first["year=2025/month=12/part-0.parquet"]
    assert max(int(str(r["ts"])) for r in december) == JAN
    assert min(int(str(r["ts"])) for r in first["year=2026/month=01/part-0.parquet"]) > JAN
    # Flags and energy as stored; estimates and untrusted energy included.
    e1 = [r for r in december if r["meter"] == "E1"]
    stored = Reading.objects.filter(meter__code="E1", ts__lte=dt.datetime.fromtimestamp(JAN, dt.UTC))
    assert sorted((r["ts"], r["flags"], r["energy"], r["estimated"]) for r in e1) == sorted(
        (int(s.ts.timestamp()), s.flags, s.energy, s.estimated) for s in stored)
    assert any(r["energy"] is None for r in e1) and any(r["estimated"] for r in e1)
    assert {r["role"] for r in december} == {"total", "sub_meter", "it_load"}
    assert Reading.objects.count() == hot  # without --drop the hot table keeps them
    assert main(["readings", "archive", "--before", "2027-01-01", "--to", str(archive_dir)]) == 0
    assert _files(archive_dir) == first


def test_only_whole_months_before_the_date(archive_dir: Path) -> None:
    feed()
    summary = service.archive_readings(archive_dir, JAN + 86400)
    assert summary.months == ["2025-12"]  # January has not ended by 2 January


def test_drop_moves_reads_to_the_archive(archive_dir: Path) -> None:
    meters = feed()
    store = ReadingStore()
    e1 = meters["E1"]
    before = store.range(e1.pk, START, START + 10 * 86400)
    day = dt.datetime.fromtimestamp(START + 86400, dt.UTC)
    between = [(r.ts, r.value, r.flags, r.energy, r.estimated) for r in store.readings_between(
        e1.pk, day, day + dt.timedelta(days=1))]
    firsts = store.first_readings(m.pk for m in meters.values())
    latest = store.latest_reading(e1.pk)
    rollups = store_rollups()
    summary = service.archive_readings(archive_dir, JAN + 31 * 86400, drop=True)
    assert summary.dropped == summary.rows > 0
    assert Reading.objects.count() == 0
    assert all(p.dropped for p in read_manifest(archive_dir).partitions.values())
    after = store.range(e1.pk, START, START + 10 * 86400)
    assert after.ts.tolist() == before.ts.tolist() and after.flags.tolist() == before.flags.tolist()
    assert after.energy.tolist() == pytest.approx(before.energy.tolist(), nan_ok=True)
    assert [(r.ts, r.value, r.flags, r.energy, r.estimated) for r in store.readings_between(
        e1.pk, day, day + dt.timedelta(days=1))] == between
    assert store.first_readings(m.pk for m in meters.values()) == firsts
    found = store.latest_reading(e1.pk)
    assert latest is not None and found is not None and found.ts == latest.ts
    assert store.has_readings(meter_id=e1.pk)
    # Rollups stay in the database, and a rebuild from the readings still counts the archived ones.
    assert store_rollups() == rollups
    rebuild(KeyUnit.objects.all(), store.factors)
    rebuilt = store_rollups()
    assert rebuilt.keys() == rollups.keys()
    assert all(rebuilt[k]["quantity"] == pytest.approx(v["quantity"], rel=1e-9) for k, v in rollups.items())


def test_a_late_reading_after_the_drop_is_read_with_the_archived_ones(archive_dir: Path) -> None:
    meters = feed()
    service.archive_readings(archive_dir, JAN + 31 * 86400, drop=True)
    late = START + 86400 + 450  # between two archived readings of E1
    ReadingStore().upsert([(meters["E1"].pk, late, 11.0)])
    series = ReadingStore().range(meters["E1"].pk, START + 86400, START + 86400 + 900)
    assert late in series.ts.tolist() and len(series) == 3


def test_a_failed_drop_leaves_the_hot_table_unchanged(archive_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    feed()
    hot = Reading.objects.count()
    real = service._hot_month

    def one_short(lo: int, hi: int, meters: dict[int, tuple[str, str, str, str, str, str, str]]) -> object:
        table = real(lo, hi, meters)
        return table.slice(1)  # as if a reading arrived after the month was read

    monkeypatch.setattr(service, "_hot_month", one_short)
    with pytest.raises(ArchiveError, match="nothing was deleted"):
        service.archive_readings(archive_dir, JAN + 31 * 86400, drop=True)
    assert Reading.objects.count() == hot
    assert not any(p.dropped for p in read_manifest(archive_dir).partitions.values())


def test_a_failed_write_leaves_the_hot_table_unchanged(archive_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: Capsys) -> None:
    feed()
    hot = Reading.objects.count()
    real = service.write_partition  # type: ignore[attr-defined]

    def disk_full(root: Path, year: int, month: int, table: object, name: str = "part-0.parquet") -> str:
        if month == 1:
            raise OSError(28, "No space left on device")
        return real(root, year, month, table, name)

    monkeypatch.setattr(service, "write_partition", disk_full)
    assert main(["readings", "archive", "--before", "2027-01-01", "--to", str(archive_dir), "--drop"]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert Reading.objects.count() == hot


def test_a_bad_date(archive_dir: Path, capsys: Capsys) -> None:
    assert main(["readings", "archive", "--before", "next week", "--to", str(archive_dir)]) == 2
    err = capsys.readouterr().err
    assert "--before" in err and "ISO 8601" in err
