"""`carbonpeak backup` and `carbonpeak restore`: the database and the media files (evidence of supervision
reports and of indicator values, under MEDIA_ROOT) in one archive with a checked manifest.

Backup: the database first (one moment), then the media files, each hashed as it is written; files
uploaded meanwhile may come along (a file no row names yet), none that a copied row names is missing,
since evidence files are only ever added. Restore: the checks come first (empty database, empty media
folder, every size and checksum), then the database, then the files, then `migrate` (a backup of an
older version) and the audit chain is verified.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from carbonpeak.backup import archive, database
from carbonpeak.backup.manifest import BackupProblem, Entry, Manifest, mismatches, parse

MEDIA = "media"
Progress = Callable[[int], object] | None


@dataclass(frozen=True)
class Outcome:
    archive: Path
    manifest: Manifest
    seconds: float


def default_folder() -> Path:
    return Path(getattr(settings, "DATA_DIR", settings.REPO_DIR / "var")) / "backups"


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def media_files() -> list[tuple[str, Path]]:
    """Every file under MEDIA_ROOT as (member name, path), in a stable order."""
    root = media_root()
    if not root.is_dir():
        return []
    return [(f"{MEDIA}/{p.relative_to(root).as_posix()}", p) for p in sorted(root.rglob("*")) if p.is_file()]


def _target(folder: Path, now: dt.datetime) -> Path:
    stem = f"carbonpeak-{now:%Y%m%dT%H%M%SZ}"
    candidate, n = folder / f"{stem}.tar.gz", 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{stem}-{n}.tar.gz"
    return candidate


def take_backup(folder: Path, *, phase: Callable[[str, int], Progress] | None = None) -> Outcome:
    """Write a backup archive into `folder`. `phase(name, total bytes)` gives the progress of each phase."""
    start = dt.datetime.now(dt.UTC)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupProblem(f"无法创建备份目录「{folder}」（{exc}）",
                            f"cannot create the folder {str(folder)!r} ({exc})") from None
    if not os.access(folder, os.W_OK):
        raise BackupProblem(f"备份目录「{folder}」不可写", f"the folder {str(folder)!r} is not writable")
    kind = database.engine()
    if not database.tables():
        raise BackupProblem("数据库还没有表，无可备份（先运行 carbonpeak setup，或检查 DATABASE_URL）",
                            "the database has no tables, nothing to back up (run carbonpeak setup first, or check "
                            "DATABASE_URL)")
    with tempfile.TemporaryDirectory(prefix=".carbonpeak-backup-", dir=folder) as staging:
        copy = Path(staging) / database.MEMBER[kind]
        if phase:
            phase("数据库 database", 0)
        database.snapshot(copy)
        files = [(database.MEMBER[kind], copy), *media_files()]
        total = sum(p.stat().st_size for _, p in files)
        progress = phase("写入 archive", total) if phase else None
        made: list[Manifest] = []

        def manifest(entries: list[Entry]) -> bytes:
            made.append(Manifest(start.isoformat(timespec="seconds"), kind, database.MEMBER[kind], tuple(entries)))
            return made[0].as_json()

        try:
            path = archive.write(_target(folder, start), files, manifest, progress)
        except OSError as exc:
            raise BackupProblem(f"无法写出备份（{exc}）", f"cannot write the backup ({exc})") from None
    return Outcome(path, made[0], (dt.datetime.now(dt.UTC) - start).total_seconds())


def _ensure_media_empty() -> None:
    root = media_root()
    if root.is_dir() and any(p.is_file() for p in root.rglob("*")):
        raise BackupProblem(f"媒体目录「{root}」不是空的；恢复只写入空目录",
                            f"the media folder {str(root)!r} is not empty; a restore writes into an empty one only")


def restore_backup(source: Path, *, phase: Callable[[str, int], Progress] | None = None) -> Manifest:
    """Check and restore an archive into the empty database and media folder of the settings."""
    database.ensure_empty()
    _ensure_media_empty()
    if not source.is_file():
        raise BackupProblem(f"找不到备份文件「{source}」", f"no backup file {str(source)!r}")
    root = media_root()
    root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".carbonpeak-restore-", dir=root.parent) as staging:
        progress = phase("解包并校验 unpack and check", 0) if phase else None  # size unknown until read
        raw, found = archive.extract(source, Path(staging), progress)
        manifest = parse(raw)
        problems = mismatches(manifest, found)
        if problems:
            raise BackupProblem("校验未通过，未作任何恢复：" + "；".join(zh for zh, _ in problems[:10]),
                                "checks failed, nothing restored: " + "; ".join(en for _, en in problems[:10]))
        if phase:
            phase("数据库 database", 0)
        database.restore(Path(staging) / manifest.database, manifest.engine)
        for entry in manifest.files:
            if entry.path.startswith(f"{MEDIA}/"):
                target = root / entry.path.removeprefix(f"{MEDIA}/")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(Path(staging) / entry.path, target)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)  # a backup of an older version: its schema brought up
    return manifest
