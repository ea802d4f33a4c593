"""`carbonpeak backup` and `carbonpeak restore`: the database, the media files (evidence of supervision
reports and of indicator values, under MEDIA_ROOT) and the readings archive (the Parquet months written by
`carbonpeak readings archive`, whose dropped months are nowhere else) in one archive with a checked manifest.

Backup: the database first (one moment), then the media files, each hashed as it is written; files
uploaded meanwhile may come along (a file no row names yet), none that a copied row names is missing,
since evidence files are only ever added. The readings archive is taken after the database: its files
are linked (or copied) aside as its own manifest lists them, and taken again if an archive run changed it
meanwhile; the copy must pass the archive's own checks (`layout.check_archive`). Months archived after the
database's moment are then in both, which the store's reads allow (hot rows first); a month dropped from
the database before its moment is in the archive, which was written before the drop.
Restore: the checks come first (empty database, empty media and readings-archive folders, every size and
checksum, the readings archive's own checks), then the database, then the files, then `migrate` (a backup of
an older version) and the audit chain is verified.
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
from carbonpeak.monitoring.archive.layout import MANIFEST as READINGS_MANIFEST
from carbonpeak.monitoring.archive.layout import ArchiveError, check_archive, read_manifest

MEDIA = "media"
READINGS = "readings-archive"
# Times the readings archive is taken again when an archive run changed it while it was being taken.
READINGS_ATTEMPTS = 3
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


def readings_root() -> Path:
    """The readings archive of this installation (monitoring/archive/service.py: $CARBONPEAK_READINGS_ARCHIVE
    or the data folder's readings-archive/)."""
    from carbonpeak.monitoring.archive.service import archive_root

    return archive_root()


def _archive_problem(exc: ArchiveError) -> BackupProblem:
    return BackupProblem(f"读数归档有误：{exc.path}{'，列 ' + exc.column if exc.column else ''}：{exc.zh}",
                         f"the readings archive is wrong: {exc.path}{', column ' + exc.column if exc.column else ''}: "
                         f"{exc.en}")


def _link_or_copy(source: Path, target: Path) -> None:
    """A hard link where the folders share a file system (an archive run replaces files, never rewrites
    one in place, so the link keeps this moment's file), else a copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def stage_readings_archive(into: Path) -> list[tuple[str, Path]]:
    """The readings archive set aside under `into` as (member name, path), checked; [] when there is none."""
    root = readings_root()
    if not (root / READINGS_MANIFEST).is_file():
        return []
    last: ArchiveError | None = None
    for _ in range(READINGS_ATTEMPTS):
        shutil.rmtree(into, ignore_errors=True)
        try:
            before = (root / READINGS_MANIFEST).read_bytes()
            listed = read_manifest(root)
            for part in listed.partitions.values():
                for name in part.files:
                    _link_or_copy(root / name, into / name)
            if (root / READINGS_MANIFEST).read_bytes() != before:
                continue  # an archive run changed it meanwhile: take it again
            into.mkdir(parents=True, exist_ok=True)
            (into / READINGS_MANIFEST).write_bytes(before)
            check_archive(into)
        except ArchiveError as exc:
            last = exc
            continue
        except FileNotFoundError as exc:  # a file replaced or removed by an archive run under way
            last = ArchiveError(exc.filename or root, "", "文件在备份时被移走", "a file went away during the backup")
            continue
        return [(f"{READINGS}/{p.relative_to(into).as_posix()}", p)
                for p in sorted(into.rglob("*")) if p.is_file()]
    if last is not None:
        raise _archive_problem(last)
    raise BackupProblem(f"读数归档「{root}」在备份时一直在变（有归档任务在运行？），请稍后再备份",
                        f"the readings archive {str(root)!r} kept changing during the backup (an archive run under "
                        "way?); back up again later")


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
        readings = stage_readings_archive(Path(staging) / READINGS)
        files = [(database.MEMBER[kind], copy), *media_files(), *readings]
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


def _ensure_readings_empty() -> None:
    root = readings_root()
    if root.is_dir() and any(p.is_file() for p in root.rglob("*")):
        raise BackupProblem(f"读数归档目录「{root}」不是空的；恢复只写入空目录",
                            f"the readings archive folder {str(root)!r} is not empty; a restore writes into an empty "
                            "one only")


def _move_all(source: Path, target: Path) -> None:
    for path in sorted(source.rglob("*")):
        if path.is_file():
            moved = target / path.relative_to(source)
            moved.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(path, moved)


def restore_backup(source: Path, *, phase: Callable[[str, int], Progress] | None = None) -> Manifest:
    """Check and restore an archive into the empty database, media folder and readings-archive folder of the
    settings."""
    database.ensure_empty()
    _ensure_media_empty()
    _ensure_readings_empty()
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
        readings = Path(staging) / READINGS
        if any(e.path.startswith(f"{READINGS}/") for e in manifest.files):
            try:
                check_archive(readings)  # its own manifest, every file's columns and row counts
            except ArchiveError as exc:
                raise _archive_problem(exc) from None
        if phase:
            phase("数据库 database", 0)
        database.restore(Path(staging) / manifest.database, manifest.engine)
        for entry in manifest.files:
            if entry.path.startswith(f"{MEDIA}/"):
                target = root / entry.path.removeprefix(f"{MEDIA}/")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(Path(staging) / entry.path, target)
        if readings.is_dir():
            _move_all(readings, readings_root())
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)  # a backup of an older version: its schema brought up
    return manifest
