"""Bad input to `carbonpeak backup` and `carbonpeak restore` is answered in Chinese and English with exit
status 2 and no traceback, and a refused restore leaves the target as it was."""

from __future__ import annotations

import io
import re
import sqlite3
import subprocess
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.backup.support import carbonpeak, env


def run(db: Path, media: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(carbonpeak(*args), env=env(db, media), capture_output=True, text=True, timeout=300)


def refused(done: subprocess.CompletedProcess[str], zh: str, en: str) -> None:
    assert done.returncode == 2, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert zh in done.stderr and en in done.stderr, done.stderr


@pytest.fixture(scope="module")
def backup(tmp_path_factory: pytest.TempPathFactory, migrated: Callable[[Path], None]) -> Path:
    """A good backup of a small database with one evidence file."""
    folder = tmp_path_factory.mktemp("source")
    migrated(folder / "db.sqlite3")
    (folder / "media" / "supervision").mkdir(parents=True)
    (folder / "media" / "supervision" / "e.pdf").write_bytes(b"%PDF evidence")
    done = run(folder / "db.sqlite3", folder / "media", "backup", "--to", str(folder / "backups"))
    assert done.returncode == 0, done.stderr
    assert "媒体文件 media files 1" in done.stdout
    return Path(re.search(r"backup written: (\S+)", done.stdout).group(1))  # type: ignore[union-attr]


def _empty(db: Path) -> bool:
    with sqlite3.connect(db) as c:
        return c.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] == 0


def test_a_missing_file(tmp_path: Path) -> None:
    refused(run(tmp_path / "db.sqlite3", tmp_path / "media", "restore", str(tmp_path / "nope.tar.gz")),
            "找不到备份文件", "no backup file")


def test_a_damaged_archive(tmp_path: Path, backup: Path) -> None:
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(backup.read_bytes()[:-4000])
    refused(run(tmp_path / "db.sqlite3", tmp_path / "media", "restore", str(cut)), "已损坏", "damaged")
    assert _empty(tmp_path / "db.sqlite3") and not (tmp_path / "media" / "supervision").exists()


def test_a_wrong_checksum_restores_nothing(tmp_path: Path, backup: Path) -> None:
    forged = tmp_path / "forged.tar.gz"
    with tarfile.open(backup) as source, tarfile.open(forged, "w:gz") as out:
        for member in source:
            data = source.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "media/supervision/e.pdf":
                data = b"%PDF EVIDENCE"  # same size, other bytes
            out.addfile(member, io.BytesIO(data))
    refused(run(tmp_path / "db.sqlite3", tmp_path / "media", "restore", str(forged)), "校验和不符",
            "fails its SHA-256 checksum")
    assert _empty(tmp_path / "db.sqlite3") and not (tmp_path / "media" / "supervision").exists()


def test_a_database_that_is_not_empty_is_refused(tmp_path: Path, backup: Path,
                                                 migrated: Callable[[Path], None]) -> None:
    migrated(tmp_path / "db.sqlite3")
    refused(run(tmp_path / "db.sqlite3", tmp_path / "media", "restore", str(backup)), "目标数据库不是空的",
            "not empty")


def test_a_media_folder_that_is_not_empty_is_refused(tmp_path: Path, backup: Path) -> None:
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "old.pdf").write_bytes(b"x")
    refused(run(tmp_path / "db.sqlite3", tmp_path / "media", "restore", str(backup)), "媒体目录", "not empty")
    assert _empty(tmp_path / "db.sqlite3")


def test_a_good_backup_restores_with_its_evidence(tmp_path: Path, backup: Path) -> None:
    done = run(tmp_path / "db.sqlite3", tmp_path / "media", "restore", str(backup))
    assert done.returncode == 0, done.stderr
    assert "audit chain intact" in done.stdout
    assert (tmp_path / "media" / "supervision" / "e.pdf").read_bytes() == b"%PDF evidence"


def test_a_backup_folder_that_cannot_be_made(tmp_path: Path, migrated: Callable[[Path], None]) -> None:
    migrated(tmp_path / "db.sqlite3")
    (tmp_path / "file").write_text("not a folder")
    refused(run(tmp_path / "db.sqlite3", tmp_path / "media", "backup", "--to", str(tmp_path / "file" / "sub")),
            "无法创建备份目录", "cannot create the folder")


def test_a_database_never_set_up_is_not_backed_up(tmp_path: Path) -> None:
    refused(run(tmp_path / "db.sqlite3", tmp_path / "media", "backup", "--to", str(tmp_path / "b")),
            "无可备份", "nothing to back up")
    assert not list((tmp_path / "b").glob("*.tar.gz"))


def test_a_restore_whose_folders_cannot_be_made(tmp_path: Path, backup: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    refused(run(tmp_path / "db.sqlite3", tmp_path / "file" / "media", "restore", str(backup)),
            "无法读写文件", "cannot read or write a file")
