"""A backup taken while an import keeps writing holds every reading acknowledged before it started, and
only whole acknowledged chunks; restored into an empty database with the evidence files, it holds them all,
and the audit chain verifies. Real processes on a SQLite file (WAL), as an operator would run them."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from tests.backup.support import carbonpeak, env
from tests.monitoring.support import USCC_A

METERS = 8
ROWS_PER_METER = 12_000
CHUNK = 2_000
START = dt.datetime(2025, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _prepare(tmp: Path, db: Path, media: Path, migrated: Callable[[Path], None]) -> Path:
    migrated(db)
    units = tmp / "units.csv"
    units.write_text(f"code,name,uscc,industry_code,town,data_center\nK1,备份测试厂,{USCC_A},2614,金山卫镇,否\n",
                     encoding="utf-8")
    meters = tmp / "meters.csv"
    meters.write_text("code,unit_code,energy_type,unit,kind,multiplier,role\n" + "".join(
        f"K1-M{m},K1,electricity,kWh,interval,1,total\n" for m in range(METERS)), encoding="utf-8")
    for what, path in (("units", units), ("meters", meters)):
        subprocess.run(carbonpeak(what, "import", str(path)), env=env(db, media), check=True, capture_output=True,
                       timeout=300)
    for i in range(3):  # evidence files where the rooms store them: supervision's named by content
        content = f"证明材料 evidence {i}".encode() * 1000
        digest = hashlib.sha256(content).hexdigest()
        (media / "evidence" / digest[:2]).mkdir(parents=True, exist_ok=True)
        (media / "evidence" / digest[:2] / digest).write_bytes(content)
    (media / "indicators" / "energy_intensity" / "2025").mkdir(parents=True)
    (media / "indicators" / "energy_intensity" / "2025" / "统计公报.pdf").write_bytes(b"indicator evidence")
    big = tmp / "big.csv"
    with big.open("w", encoding="utf-8") as out:
        out.write("meter,timestamp,value\n")
        for m in range(METERS):
            for i in range(1, ROWS_PER_METER + 1):
                out.write(f"K1-M{m},{(START + dt.timedelta(minutes=15 * i)).isoformat()},{10 + i % 7}\n")
    return big


def _readings(db: Path) -> tuple[int, int]:
    """Stored readings and the sum the ingest batches acknowledged."""
    with sqlite3.connect(db) as c:
        stored = c.execute("SELECT COUNT(*) FROM monitoring_reading WHERE estimated = 0").fetchone()[0]
        acknowledged = c.execute("SELECT COALESCE(SUM(accepted), 0) FROM monitoring_ingestbatch").fetchone()[0]
    return stored, acknowledged


def test_a_backup_during_an_import_holds_what_was_acknowledged_and_restores(
        tmp_path: Path, migrated: Callable[[Path], None]) -> None:
    db, media = tmp_path / "live.sqlite3", tmp_path / "media"
    big = _prepare(tmp_path, db, media, migrated)
    importer = subprocess.Popen(carbonpeak("readings", "import", str(big), "--chunk", str(CHUNK)),
                                env=env(db, media), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert importer.stdout is not None
    acknowledged, deadline = 0, time.monotonic() + 300
    for line in importer.stdout:
        if line.startswith("已确认 acknowledged"):
            acknowledged = int(re.search(r"累计 total accepted (\d+)", line).group(1))  # type: ignore[union-attr]
            if acknowledged >= 3 * CHUNK:
                break
        assert time.monotonic() < deadline
    assert importer.poll() is None, "the import ended before the backup began"
    backup = subprocess.run(carbonpeak("backup", "--to", str(tmp_path / "backups")), env=env(db, media),
                            capture_output=True, text=True, timeout=300)
    still_importing = importer.poll() is None
    for _ in importer.stdout:  # let it finish
        pass
    importer.wait(timeout=300)
    assert backup.returncode == 0, backup.stderr[-2000:]
    assert still_importing, "the import ended before the backup did: nothing was tested"
    archive = Path(re.search(r"backup written: (\S+)", backup.stdout).group(1))  # type: ignore[union-attr]
    assert archive.parent == tmp_path / "backups"

    restored_db, restored_media = tmp_path / "restored.sqlite3", tmp_path / "restored-media"
    restore = subprocess.run(carbonpeak("restore", str(archive)), env=env(restored_db, restored_media),
                             capture_output=True, text=True, timeout=300)
    assert restore.returncode == 0, restore.stderr[-2000:]
    assert "audit chain intact" in restore.stdout
    stored, batches = _readings(restored_db)
    assert stored >= acknowledged  # every reading acknowledged before the backup began
    assert stored == batches and stored % CHUNK == 0  # and only whole, acknowledged chunks
    assert stored < METERS * ROWS_PER_METER == _readings(db)[0]  # the import went on after the copy
    for path in media.rglob("*"):
        if path.is_file():
            assert (restored_media / path.relative_to(media)).read_bytes() == path.read_bytes()
