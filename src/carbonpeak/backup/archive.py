"""The backup archive (备份文件): one gzip-compressed tar of the files, the manifest last.

Writing hashes each file as it goes into the archive (the manifest lists what was written, not what was
there a moment before) and renames a finished archive into place, so no half-written backup carries the
final name. Reading extracts regular files only, under the folder given, hashing each, and answers a
damaged or foreign file with a BackupProblem, never a traceback.

Pure module (no Django).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import tarfile
import time
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from carbonpeak.backup.manifest import BLOCK, NAME, BackupProblem, Entry, safe_member

Progress = Callable[[int], object] | None


class _Hashing(io.RawIOBase):
    """A reader that hashes what passes through it."""

    def __init__(self, inner: BinaryIO, progress: Progress) -> None:
        self.inner, self.progress, self.digest, self.size = inner, progress, hashlib.sha256(), 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        block = self.inner.read(n)
        self.digest.update(block)
        self.size += len(block)
        if self.progress is not None:
            self.progress(len(block))
        return block


def write(target: Path, files: Iterable[tuple[str, Path]], manifest: Callable[[list[Entry]], bytes],
          progress: Progress = None) -> Path:
    """Write `files` (member name, source) and then the manifest made from their entries; the archive."""
    partial = target.with_name(target.name + ".partial")
    entries: list[Entry] = []
    try:
        # Readable by its owner only: a backup holds every account's data.
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as sink, tarfile.open(fileobj=sink, mode="w:gz", compresslevel=6,
                                                       format=tarfile.PAX_FORMAT) as tar:
            for name, source in files:
                with source.open("rb") as stream:
                    info = tar.gettarinfo(fileobj=stream, arcname=safe_member(name))
                    info.uid = info.gid = 0
                    info.uname = info.gname = ""
                    reader = _Hashing(stream, progress)
                    tar.addfile(info, reader)
                entries.append(Entry(info.name, reader.size, reader.digest.hexdigest()))
            raw = manifest(entries)
            info = tarfile.TarInfo(NAME)
            info.size, info.mtime, info.mode = len(raw), int(time.time()), 0o600
            tar.addfile(info, io.BytesIO(raw))
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def _corrupt(path: Path, why: object) -> BackupProblem:
    return BackupProblem(f"备份文件「{path}」已损坏或不是 CarbonPeak 备份（{why}）",
                         f"the backup {str(path)!r} is damaged or not a CarbonPeak backup ({why})")


def extract(archive: Path, into: Path, progress: Progress = None) -> tuple[bytes, dict[str, tuple[int, str]]]:
    """Unpack an archive under `into`: the manifest's bytes and each file's (size, SHA-256)."""
    if not archive.is_file():
        raise BackupProblem(f"找不到备份文件「{archive}」", f"no backup file {str(archive)!r}")
    found: dict[str, tuple[int, str]] = {}
    manifest: bytes | None = None
    try:
        with tarfile.open(archive, "r:*") as tar:
            for member in tar:
                name = safe_member(member.name)
                if member.isdir():
                    continue
                if not member.isfile():
                    raise BackupProblem(f"备份中有非普通文件「{name}」",
                                        f"the archive holds a non-regular file {name!r}")
                stream = tar.extractfile(member)
                assert stream is not None  # a regular file always has one
                if name == NAME:
                    manifest = stream.read(16 << 20)
                    continue
                out = into / name
                out.parent.mkdir(parents=True, exist_ok=True)
                digest, size = hashlib.sha256(), 0
                with out.open("wb") as sink:
                    while block := stream.read(BLOCK):
                        digest.update(block)
                        sink.write(block)
                        size += len(block)
                        if progress is not None:
                            progress(len(block))
                found[name] = (size, digest.hexdigest())
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise _corrupt(archive, exc) from None
    except OSError as exc:
        raise BackupProblem(f"无法读取备份或写出恢复的文件（{exc}）",
                            f"cannot read the backup or write the restored files ({exc})") from None
    if manifest is None:
        raise _corrupt(archive, f"没有 {NAME} / no {NAME}")
    return manifest, found
