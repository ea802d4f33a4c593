"""The manifest says what a backup holds; a restore trusts nothing it does not list and check."""

from __future__ import annotations

import io
import json

import pytest

from carbonpeak.backup.manifest import BackupProblem, Entry, Manifest, hash_stream, mismatches, parse, safe_member

SHA = "a" * 64


def manifest(*extra: Entry) -> Manifest:
    return Manifest("2026-12-06T21:00:00+00:00", "sqlite", "database.sqlite3",
                    (Entry("database.sqlite3", 10, SHA), Entry("media/evidence/x.pdf", 3, "b" * 64), *extra))


def test_a_manifest_reads_back_as_written() -> None:
    m = manifest()
    assert parse(m.as_json()) == m
    assert m.total_size == 13


@pytest.mark.parametrize("raw", [b"\xff", b"[]", b"{deep", json.dumps({"format": "zip"}).encode(),
                                 b"[" * 100_000])
def test_anything_else_is_refused_in_both_languages(raw: bytes) -> None:
    with pytest.raises(BackupProblem) as caught:
        parse(raw)
    assert "备份清单有误" in caught.value.zh and "manifest is wrong" in caught.value.en


def test_a_manifest_must_name_its_database_among_its_files_and_safe_paths_only() -> None:
    data = json.loads(manifest().as_json())
    data["database"]["path"] = "other.sqlite3"
    with pytest.raises(BackupProblem, match=r"database\.path"):
        parse(json.dumps(data).encode())
    data = json.loads(manifest().as_json())
    data["files"][1]["path"] = "../../etc/passwd"
    with pytest.raises(BackupProblem, match="unsafe path"):
        parse(json.dumps(data).encode())
    data = json.loads(manifest().as_json())
    data["version"] = 2
    with pytest.raises(BackupProblem, match="version"):
        parse(json.dumps(data).encode())


@pytest.mark.parametrize("name", ["/etc/passwd", "a/../../b", "", "..\\x"])
def test_unsafe_member_names(name: str) -> None:
    with pytest.raises(BackupProblem):
        safe_member(name)


def test_every_difference_is_named() -> None:
    found = {"database.sqlite3": (10, "c" * 64), "media/extra.bin": (1, SHA)}
    problems = [en for _, en in mismatches(manifest(), found)]
    assert problems == ["file 'database.sqlite3' fails its SHA-256 checksum", "file 'media/evidence/x.pdf' is missing",
                        "file 'media/extra.bin' is not in the manifest"]
    assert mismatches(manifest(), {"database.sqlite3": (10, SHA), "media/evidence/x.pdf": (4, "b" * 64)})[0][1] == (
        "file 'media/evidence/x.pdf' has 4 bytes, the manifest says 3")
    assert mismatches(manifest(), {"database.sqlite3": (10, SHA), "media/evidence/x.pdf": (3, "b" * 64)}) == []


def test_hashing_a_stream() -> None:
    assert hash_stream(io.BytesIO(b"abc")) == (
        3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
