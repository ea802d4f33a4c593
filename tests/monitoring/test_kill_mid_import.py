"""Nothing acknowledged is ever lost: `carbonpeak readings import` killed (SIGKILL) after its first
acknowledgement keeps every acknowledged row, no half chunk, readings and rollups consistent; running
the same file again finishes the job, the rest counted as duplicates.

A real process on a temporary SQLite database (DATABASE_URL), as an operator would run it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.monitoring.support import USCC_A

METERS = 12
ROWS_PER_METER = 10_000  # ≈ 104 days at 15 min
CHUNK = 10_000
TOTAL = METERS * ROWS_PER_METER
START = dt.datetime(2025, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _env(db: Path) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DJANGO_SETTINGS_MODULE": "carbonpeak.settings",
            "PYTHONUNBUFFERED": "1"}


def _carbonpeak(*args: str) -> list[str]:
    return [sys.executable, "-c", "import sys; from carbonpeak.cli import main; sys.exit(main())", *args]


def _prepare(tmp: Path, db: Path) -> Path:
    migrate = "import django; django.setup(); from django.core.management import call_command; call_command('migrate')"
    subprocess.run([sys.executable, "-c", migrate], env=_env(db), check=True, capture_output=True, timeout=300)
    units = tmp / "units.csv"
    units.write_text(f"code,name,uscc,industry_code,town,data_center\nK1,断电测试厂,{USCC_A},2614,金山卫镇,否\n",
                     encoding="utf-8")
    meters = tmp / "meters.csv"
    meters.write_text("code,unit_code,energy_type,unit,kind,multiplier,role\n" + "".join(
        f"K1-M{m},K1,electricity,kWh,{'cumulative' if m % 2 else 'interval'},1,total\n" for m in range(METERS)),
        encoding="utf-8")
    for what, path in (("units", units), ("meters", meters)):
        subprocess.run(_carbonpeak(what, "import", str(path)), env=_env(db), check=True, capture_output=True,
                       timeout=300)
    big = tmp / "big.csv"
    with big.open("w", encoding="utf-8") as out:
        out.write("meter,timestamp,value\n")
        for m in range(METERS):
            register = 1000.0
            for i in range(1, ROWS_PER_METER + 1):
                energy = 10.0 + (i % 7) * 0.5
                register += energy
                stamp = (START + dt.timedelta(minutes=15 * i)).isoformat()
                out.write(f"K1-M{m},{stamp},{register if m % 2 else energy:.2f}\n")
    return big


def _state(db: Path) -> dict[str, object]:
    """What the database holds, read directly, and whether its rollups agree with its readings."""
    with sqlite3.connect(db) as c:
        measured = c.execute("SELECT COUNT(*) FROM monitoring_reading WHERE estimated = 0").fetchone()[0]
        acknowledged = c.execute("SELECT COALESCE(SUM(accepted), 0) FROM monitoring_ingestbatch").fetchone()[0]
        by_meter = dict(c.execute(
            "SELECT m.code, COALESCE(SUM(r.energy), 0) FROM monitoring_reading r JOIN monitoring_meter m "
            "ON m.id = r.meter_id GROUP BY m.code").fetchall())
        counts = dict(c.execute(
            "SELECT m.code, COUNT(*) FROM monitoring_reading r JOIN monitoring_meter m ON m.id = r.meter_id "
            "WHERE r.estimated = 0 GROUP BY m.code").fetchall())
        sums = {g: c.execute('SELECT "key", SUM(quantity), SUM(readings) FROM monitoring_rollup '
                             "WHERE scope = 'meter' AND grain = ? GROUP BY \"key\"", [g]).fetchall()
                for g in ("hour", "day", "month")}
        rolled = {g: {k: q for k, q, _ in rows} for g, rows in sums.items()}
        rolled_counts = {g: {k: n for k, _, n in rows} for g, rows in sums.items()}
        unit_total = {g: c.execute("SELECT COALESCE(SUM(quantity), 0) FROM monitoring_rollup WHERE scope = 'unit' "
                                   "AND grain = ?", [g]).fetchone()[0] for g in ("hour", "day", "month")}
    for grain in ("hour", "day", "month"):
        assert set(rolled[grain]) == set(by_meter)
        for code, energy in by_meter.items():
            assert rolled[grain][code] == pytest.approx(energy, rel=1e-9), (grain, code)
            assert rolled_counts[grain][code] == counts[code], (grain, code)
        assert unit_total[grain] == pytest.approx(sum(by_meter.values()), rel=1e-9)
    return {"measured": measured, "acknowledged": acknowledged}


def test_a_killed_import_keeps_what_it_acknowledged_and_a_rerun_finishes(tmp_path: Path) -> None:
    db = tmp_path / "kill.sqlite3"
    big = _prepare(tmp_path, db)
    process = subprocess.Popen(_carbonpeak("readings", "import", str(big), "--chunk", str(CHUNK)), env=_env(db),
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    acknowledged = 0
    deadline = time.monotonic() + 300
    for line in process.stdout:
        if line.startswith("已确认 acknowledged"):
            acknowledged = int(re.search(r"累计 total accepted (\d+)", line).group(1))  # type: ignore[union-attr]
            process.send_signal(signal.SIGKILL)  # mid-import: the next chunk is being written
            break
        assert time.monotonic() < deadline
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, "the import finished before it could be killed"
    assert acknowledged == CHUNK

    state = _state(db)
    assert state["measured"] >= acknowledged  # every acknowledged row is there (a later chunk may have committed)
    assert state["measured"] == state["acknowledged"]  # and only whole, acknowledged chunks
    assert state["measured"] % CHUNK == 0 and state["measured"] < TOTAL

    rerun = subprocess.run(_carbonpeak("readings", "import", str(big), "--chunk", str(CHUNK), "--json"),
                           env=_env(db), capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    report = json.loads(rerun.stdout)
    assert report["accepted"] + report["duplicates"] == TOTAL and report["rejected"] == 0
    assert report["duplicates"] == state["measured"]
    final = _state(db)
    assert final["measured"] == TOTAL == final["acknowledged"]
