"""An archive is written whole or not at all, and a damaged or foreign file is answered, not crashed on."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from carbonpeak.backup import archive
from carbonpeak.backup.manifest import NAME, BackupProblem, Entry, Manifest, mismatches, parse


def _write(tmp: Path) -> Path:
    (tmp / "src").mkdir()
    db = tmp / "src" / "db"
    db.write_bytes(b"database pages" * 1000)
    ev = tmp / "src" / "e.pdf"
    ev.write_bytes(b"%PDF evidence")

    def manifest(entries: list[Entry]) -> bytes:
        return Manifest("now", "sqlite", "database.sqlite3", tuple(entries)).as_json()

    return archive.write(tmp / "b.tar.gz", [("database.sqlite3", db), ("media/ev/e.pdf", ev)], manifest)


def test_what_is_written_is_read_back_and_checks(tmp_path: Path) -> None:
    path = _write(tmp_path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert not list(tmp_path.glob("*.partial"))
    raw, found = archive.extract(path, tmp_path / "out")
    m = parse(raw)
    assert mismatches(m, found) == []
    assert (tmp_path / "out" / "media" / "ev" / "e.pdf").read_bytes() == b"%PDF evidence"


def test_a_truncated_archive_is_called_damaged(tmp_path: Path) -> None:
    path = _write(tmp_path)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(BackupProblem) as caught:
        archive.extract(path, tmp_path / "out")
    assert "已损坏" in caught.value.zh and "damaged" in caught.value.en


@pytest.mark.parametrize("content", [b"", b"not an archive at all", b"\x1f\x8b\x08garbage"])
def test_a_foreign_file_is_called_damaged(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.tar.gz"
    path.write_bytes(content)
    with pytest.raises(BackupProblem, match="damaged"):
        archive.extract(path, tmp_path / "out")


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(BackupProblem, match="no backup file"):
        archive.extract(tmp_path / "nothing.tar.gz", tmp_path / "out")


def _tar_with(tmp: Path, info: tarfile.TarInfo, data: bytes = b"") -> Path:
    path = tmp / "evil.tar"
    with tarfile.open(path, "w") as tar:
        tar.addfile(info, io.BytesIO(data))
    return path


def test_links_and_paths_outside_the_folder_are_refused(tmp_path: Path) -> None:
    link = tarfile.TarInfo("media/link")
    link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
    with pytest.raises(BackupProblem, match="non-regular"):
        archive.extract(_tar_with(tmp_path, link), tmp_path / "out")
    escape = tarfile.TarInfo("../escape")
    escape.size = 1
    with pytest.raises(BackupProblem, match="unsafe"):
        archive.extract(_tar_with(tmp_path, escape, b"x"), tmp_path / "out")
    assert not (tmp_path / "escape").exists()


def test_an_archive_without_a_manifest_is_refused(tmp_path: Path) -> None:
    info = tarfile.TarInfo("database.sqlite3")
    info.size = 1
    with pytest.raises(BackupProblem, match=f"no {NAME}"):
        archive.extract(_tar_with(tmp_path, info, b"x"), tmp_path / "out")
