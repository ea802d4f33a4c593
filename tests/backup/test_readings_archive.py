"""The readings archive (Parquet months of `carbonpeak readings archive`) is in the backup and comes back on
restore, through the backup manifest's checksums and the archive's own checks; a damaged archive, or an
archive folder that is not empty, is refused with nothing restored."""

from __future__ import annotations

import hashlib
import io
import json
import re
import sqlite3
import subprocess
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

from carbonpeak.monitoring.archive.layout import MANIFEST, check_archive
from carbonpeak.monitoring.archive.synth import synthesize
from tests.backup.support import carbonpeak, env

JANUARY = "year=2025/month=01/part-0.parquet"


def run(db: Path, media: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(carbonpeak(*args), env=env(db, media), capture_output=True, text=True, timeout=300)


def refused(done: subprocess.CompletedProcess[str], zh: str, en: str) -> None:
    assert done.returncode == 2, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert zh in done.stderr and en in done.stderr, done.stderr


def _empty(db: Path) -> bool:
    with sqlite3.connect(db) as c:
        return c.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] == 0


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory, migrated: Callable[[Path], None]) -> Path:
    """A data folder with a database and a two-month readings archive where the settings look for it."""
    folder = tmp_path_factory.mktemp("source")
    migrated(folder / "db.sqlite3")
    synthesize(12, 2, folder / "readings-archive", start=1738252800 - 8 * 3600)  # local 2025-01-31 and 02-01
    return folder


@pytest.fixture(scope="module")
def backup(source: Path) -> Path:
    done = run(source / "db.sqlite3", source / "media", "backup", "--to", str(source / "backups"))
    assert done.returncode == 0, done.stderr
    assert "读数归档 readings archive 3" in done.stdout  # the archive's manifest and two months
    return Path(re.search(r"backup written: (\S+)", done.stdout).group(1))  # type: ignore[union-attr]


def test_the_backup_lists_the_archive_with_checksums(source: Path, backup: Path) -> None:
    with tarfile.open(backup) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
        listed = {f["path"]: f for f in manifest["files"]}
        for name, data in _files(source / "readings-archive").items():
            entry = listed[f"readings-archive/{name}"]
            assert entry["size"] == len(data) and entry["sha256"] == hashlib.sha256(data).hexdigest()
            assert tar.extractfile(f"readings-archive/{name}").read() == data  # type: ignore[union-attr]


def test_a_restore_brings_the_archive_back(tmp_path: Path, source: Path, backup: Path) -> None:
    done = run(tmp_path / "db.sqlite3", tmp_path / "media", "restore", str(backup))
    assert done.returncode == 0, done.stderr
    assert "3 个读数归档文件 readings archive files" in done.stdout
    assert _files(tmp_path / "readings-archive") == _files(source / "readings-archive")
    manifest, files = check_archive(tmp_path / "readings-archive")
    assert sorted(manifest.partitions) == ["2025-01", "2025-02"] and len(files) == 2


def test_an_archive_folder_that_is_not_empty_is_refused(tmp_path: Path, backup: Path) -> None:
    (tmp_path / "readings-archive").mkdir()
    (tmp_path / "readings-archive" / "old.parquet").write_bytes(b"x")
    refused(run(tmp_path / "db.sqlite3", tmp_path / "media", "restore", str(backup)), "读数归档目录", "not empty")
    assert _empty(tmp_path / "db.sqlite3")


def test_a_damaged_archive_month_restores_nothing(tmp_path: Path, backup: Path) -> None:
    """The backup's own manifest is made to agree with a cut Parquet file: the archive's checks still refuse
    it, naming the file, before the database is touched."""
    forged = tmp_path / "forged.tar.gz"
    member = f"readings-archive/{JANUARY}"
    with tarfile.open(backup) as tar:
        contents = {m.name: (m, tar.extractfile(m).read()) for m in tar}  # type: ignore[union-attr]
    cut = contents[member][1][:-200]
    manifest = json.loads(contents["manifest.json"][1])
    for entry in manifest["files"]:
        if entry["path"] == member:
            entry["size"], entry["sha256"] = len(cut), hashlib.sha256(cut).hexdigest()
    contents[member] = (contents[member][0], cut)
    contents["manifest.json"] = (contents["manifest.json"][0], json.dumps(manifest).encode())
    with tarfile.open(forged, "w:gz") as out:
        for info, data in contents.values():
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))
    refused(run(tmp_path / "db.sqlite3", tmp_path / "media", "restore", str(forged)), "读数归档有误",
            "the readings archive is wrong")
    assert _empty(tmp_path / "db.sqlite3") and not (tmp_path / "readings-archive").exists()


def test_a_damaged_archive_is_not_backed_up_silently(tmp_path: Path, source: Path,
                                                     migrated: Callable[[Path], None]) -> None:
    migrated(tmp_path / "db.sqlite3")
    root = tmp_path / "readings-archive"
    root.mkdir()
    for name, data in _files(source / "readings-archive").items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    (root / JANUARY).write_bytes(b"not parquet")
    refused(run(tmp_path / "db.sqlite3", tmp_path / "media", "backup", "--to", str(tmp_path / "b")),
            "读数归档有误", JANUARY)
    assert not list((tmp_path / "b").glob("*.tar.gz"))


def test_a_database_without_an_archive_backs_up_as_before(tmp_path: Path, migrated: Callable[[Path], None]) -> None:
    migrated(tmp_path / "db.sqlite3")
    done = run(tmp_path / "db.sqlite3", tmp_path / "media", "backup", "--to", str(tmp_path / "b"))
    assert done.returncode == 0, done.stderr
    assert "读数归档 readings archive 0" in done.stdout
    assert (tmp_path / "readings-archive" / MANIFEST).exists() is False
