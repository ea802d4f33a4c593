"""The backup's manifest (备份清单): what the archive holds, each file's size and SHA-256.

Pure module (no Django). The manifest is a JSON object:
`{"format": "carbonpeak-backup", "version": 1, "created_at": ISO time, "database": {"engine": "sqlite" |
"postgresql", "path": member}, "files": [{"path", "size", "sha256"}, ...], "note": ...}`; the database file
is one of the files, evidence and media files are under `media/`, the readings archive (its `_archive.json`
and Parquet months) under `readings-archive/`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

FORMAT = "carbonpeak-backup"
VERSION = 1
NAME = "manifest.json"
ENGINES = ("sqlite", "postgresql")
BLOCK = 1 << 20


class BackupProblem(Exception):
    """Bad input to a backup or restore, said in Chinese and English (exit status 2)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en


@dataclass(frozen=True)
class Entry:
    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    created_at: str
    engine: str
    database: str
    files: tuple[Entry, ...]

    def as_json(self) -> bytes:
        return json.dumps({
            "format": FORMAT, "version": VERSION, "created_at": self.created_at,
            "database": {"engine": self.engine, "path": self.database},
            "files": [{"path": e.path, "size": e.size, "sha256": e.sha256} for e in self.files],
            "note": "carbonpeak restore 先核对每个文件的大小与 SHA-256 / checks every file's size and SHA-256 first",
        }, ensure_ascii=False, indent=2).encode("utf-8")

    @property
    def total_size(self) -> int:
        return sum(e.size for e in self.files)


def hash_stream(stream: BinaryIO, progress: Callable[[int], object] | None = None) -> tuple[int, str]:
    """Size and SHA-256 of what a stream holds, read in blocks."""
    digest, size = hashlib.sha256(), 0
    while block := stream.read(BLOCK):
        digest.update(block)
        size += len(block)
        if progress is not None:
            progress(len(block))
    return size, digest.hexdigest()


def hash_file(path: Path, progress: Callable[[int], object] | None = None) -> tuple[int, str]:
    with path.open("rb") as stream:
        return hash_stream(stream, progress)


def safe_member(name: str) -> str:
    """A member name that stays inside the folder it is restored to (no absolute path, no `..`)."""
    path = PurePosixPath(name)
    if not name or path.is_absolute() or ".." in path.parts or "\\" in name:
        raise BackupProblem(f"备份中有不安全的路径「{name}」", f"the archive holds an unsafe path {name!r}")
    return str(path)


def _problem(what: str) -> BackupProblem:
    return BackupProblem(f"备份清单有误：{what}", f"the backup's manifest is wrong: {what}")


def parse(raw: bytes) -> Manifest:
    """A manifest read back; BackupProblem if it is not one this version can restore."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _problem("不是 JSON / not JSON") from None
    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        raise _problem(f"format 应为 {FORMAT} / format must be {FORMAT}")
    if data.get("version") != VERSION:
        raise _problem(f"version {data.get('version')!r}: 只能恢复第 {VERSION} 版 / only version {VERSION} restores")
    db = data.get("database")
    files = data.get("files")
    if not isinstance(db, Mapping) or db.get("engine") not in ENGINES or not isinstance(db.get("path"), str):
        raise _problem("database")
    if not isinstance(files, list):
        raise _problem("files")
    entries = []
    for f in files:
        if not (isinstance(f, Mapping) and isinstance(f.get("path"), str) and type(f.get("size")) is int
                and isinstance(f.get("sha256"), str) and len(f["sha256"]) == 64):
            raise _problem(f"files: {str(f)[:80]}")
        entries.append(Entry(safe_member(f["path"]), f["size"], f["sha256"]))
    if db["path"] not in {e.path for e in entries}:
        raise _problem("database.path 不在 files 中 / database.path is not among the files")
    if len({e.path for e in entries}) != len(entries) or NAME in {e.path for e in entries}:
        raise _problem("files 有重复 / files repeat")
    return Manifest(str(data.get("created_at", "")), str(db["engine"]), str(db["path"]), tuple(entries))


def mismatches(manifest: Manifest, found: Mapping[str, tuple[int, str]]) -> list[tuple[str, str]]:
    """Each difference between the manifest and the files found (path → size, sha256), in zh and en."""
    problems: list[tuple[str, str]] = []
    for e in manifest.files:
        got = found.get(e.path)
        if got is None:
            problems.append((f"缺少文件「{e.path}」", f"file {e.path!r} is missing"))
        elif got[0] != e.size:
            problems.append((f"文件「{e.path}」大小为 {got[0]}，清单记为 {e.size}",
                             f"file {e.path!r} has {got[0]} bytes, the manifest says {e.size}"))
        elif got[1] != e.sha256:
            problems.append((f"文件「{e.path}」的 SHA-256 校验和不符", f"file {e.path!r} fails its SHA-256 checksum"))
    listed = {e.path for e in manifest.files}
    problems += [(f"清单未列出文件「{p}」", f"file {p!r} is not in the manifest") for p in sorted(set(found) - listed)]
    return problems


def describe(manifest: Manifest) -> dict[str, Any]:
    return {"created_at": manifest.created_at, "engine": manifest.engine, "files": len(manifest.files),
            "bytes": manifest.total_size}
