"""`carbonpeak backup [--to DIR]` and `carbonpeak restore FILE` (docs/operations.md, "Backup and restore").

Exit codes: backup 0 written, 2 it could not be (the reason in Chinese and English). Restore 0 restored and
the audit chain verified; 1 restored, but the audit chain is broken (the first broken link is named);
2 bad input, nothing restored (no file, a damaged archive, a wrong checksum, a database or media folder
that is not empty, another database engine).
"""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any

OK, BAD_INPUT = 0, 2


def _size(n: int) -> str:
    return f"{n / 1e6:,.1f} MB" if n >= 1e5 else f"{n:,} B"


def _phases(stack: ExitStack) -> Any:
    from tqdm import tqdm

    def phase(name: str, total: int) -> Any:
        stack.close()
        bar = stack.enter_context(tqdm(total=total or None, desc=name, unit="B", unit_scale=True,
                                       file=sys.stderr, mininterval=0.5))
        return bar.update

    return phase


def _counts(files: Any) -> tuple[int, int]:
    """(media files, readings-archive files) among a manifest's files."""
    from carbonpeak.backup.services import MEDIA, READINGS

    return (sum(1 for e in files if e.path.startswith(f"{MEDIA}/")),
            sum(1 for e in files if e.path.startswith(f"{READINGS}/")))


def _refuse(exc: Exception) -> int:
    if isinstance(exc, OSError):  # a folder that cannot be made or written, a full disk
        exc = Exception(f"无法读写文件 / cannot read or write a file: {exc}")
    print(f"未完成 / not done: {exc}", file=sys.stderr)
    return BAD_INPUT


def cmd_backup(args: argparse.Namespace) -> int:
    from django.db import DatabaseError

    from carbonpeak.backup.manifest import BackupProblem
    from carbonpeak.backup.services import default_folder, take_backup

    folder = Path(args.to) if args.to else default_folder()
    try:
        with ExitStack() as stack:
            outcome = take_backup(folder, phase=_phases(stack))
    except (BackupProblem, DatabaseError, OSError) as exc:
        return _refuse(exc)
    m = outcome.manifest
    media, readings = _counts(m.files)
    print(f"已备份 / backup written: {outcome.archive}\n"
          f"  数据库 database {m.engine} · 媒体文件 media files {media} · 读数归档 readings archive {readings} · "
          f"原始大小 data {_size(m.total_size)} · "
          f"备份文件 archive {_size(outcome.archive.stat().st_size)} · {outcome.seconds:.1f} s")
    return OK


def cmd_restore(args: argparse.Namespace) -> int:
    from django.db import DatabaseError

    from carbonpeak.audit.cli import verify_and_report
    from carbonpeak.backup.manifest import BackupProblem
    from carbonpeak.backup.services import restore_backup

    try:
        with ExitStack() as stack:
            manifest = restore_backup(Path(args.file), phase=_phases(stack))
    except (BackupProblem, DatabaseError, OSError) as exc:
        return _refuse(exc)
    media, readings = _counts(manifest.files)
    print(f"已恢复 / restored: {args.file} ({manifest.created_at}, {manifest.engine}, "
          f"{media} 个媒体文件 media files, {readings} 个读数归档文件 readings archive files)")
    return verify_and_report()


def register(sub: Any) -> None:
    p = sub.add_parser("backup", help="备份数据库、证明材料文件与读数归档 / back up the database, the evidence files "
                                      "and the readings archive")
    p.add_argument("--to", metavar="DIR", help="备份目录（默认数据目录下 backups/）/ folder (default: backups/ in "
                                               "the data folder)")
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("restore", help="由备份恢复到空数据库 / restore a backup into an empty database")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=cmd_restore)
