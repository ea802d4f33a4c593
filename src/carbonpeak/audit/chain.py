"""The hash chain of the change records (防篡改审计链): what a record's hash covers and how a chain is checked.

Each record's hash is SHA-256 over a canonical JSON text of its fields and the previous record's hash, so
editing, deleting or inserting a record anywhere breaks every later link, and the chain head (the last
position and hash, kept apart) shows records cut off at the end.

The hash covers what a record says: its position, time, the actor's label (the user name or command at
the time: the user link itself is left out, since deleting a user empties it by design), entity, key,
action, before, after and reason. The canonical text is the one a record has after a round trip through
the database: JSON values as `json` reads them back, integral floats written as integers (PostgreSQL's
jsonb keeps 1e20 as the number 100000000000000000000), keys sorted, no spaces, UTF-8.

Pure module (no Django): records are plain mappings.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

# The previous hash of the first record: 64 zeros.
GENESIS = "0" * 64
# The fields a hash covers, besides the previous hash.
FIELDS = ("seq", "at", "actor_label", "entity", "entity_key", "action", "before", "after", "reason")


def _plain(value: Any) -> Any:
    """A JSON value in a form that survives the database: scalars tagged by kind, numbers written as their
    shortest decimal (jsonb gives 1.0 back as 1.0 but 1.5e300 as an integer: both read as one number)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return "s:" + value
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return "n:" + repr(value)
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        return "n:0" if number == 0 else f"n:{number.normalize()}"
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def timestamp(at: dt.datetime) -> str:
    """A moment as UTC to the microsecond, the precision both databases keep."""
    if at.tzinfo is None:
        raise ValueError("a change record's time must carry its zone")
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(record: Mapping[str, Any], prev_hash: str) -> bytes:
    """The bytes a record's hash is taken over."""
    body = {name: record[name] for name in FIELDS}
    body["at"] = timestamp(record["at"]) if isinstance(record["at"], dt.datetime) else record["at"]
    body["prev"] = prev_hash
    return json.dumps(_plain(body), ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


def link_hash(record: Mapping[str, Any], prev_hash: str) -> str:
    return hashlib.sha256(canonical(record, prev_hash)).hexdigest()


@dataclass(frozen=True)
class BrokenLink:
    """The first place the chain does not hold, and why (in Chinese and English)."""

    id: int | None
    seq: int | None
    at: str
    entity: str
    entity_key: str
    reason_zh: str
    reason_en: str

    def describe(self) -> str:
        where = f"id={self.id} seq={self.seq} {self.at} {self.entity} {self.entity_key}".strip()
        return f"{where}: {self.reason_zh} / {self.reason_en}"


@dataclass(frozen=True)
class Head:
    """The chain head as stored: the last position and its hash."""

    seq: int
    hash: str


def first_break(records: Iterable[Mapping[str, Any]], head: Head | None) -> tuple[int, BrokenLink | None]:
    """Walk the records in chain order (by `seq`); the count checked and the first broken link, if any.

    Each record carries its stored `id`, `prev_hash` and `record_hash` besides the hashed fields; `head` is
    the stored chain head (None: there is none, which only an empty chain may lack)."""
    prev, expected_seq, count = GENESIS, 1, 0
    last: Mapping[str, Any] | None = None
    for r in records:
        count += 1

        def broken(zh: str, en: str, r: Mapping[str, Any] = r, count: int = count) -> tuple[int, BrokenLink]:
            at = r["at"]
            return count, BrokenLink(r.get("id"), r.get("seq"), timestamp(at) if isinstance(at, dt.datetime)
                                     else str(at), str(r["entity"]), str(r["entity_key"]), zh, en)

        if r["seq"] is None:
            return broken("记录未入链", "the record is not in the chain")
        if r["seq"] != expected_seq:
            return broken(f"链位置应为 {expected_seq}，实为 {r['seq']}（前面的记录被删除或插入）",
                          f"chain position should be {expected_seq}, is {r['seq']} (a record before it was "
                          "deleted or inserted)")
        if r["prev_hash"] != prev:
            return broken("与前一条记录的哈希不符（前一条被改动或删除）",
                          "does not match the previous record's hash (the one before was changed or deleted)")
        if link_hash(r, prev) != r["record_hash"]:
            return broken("内容与其哈希不符（记录被改动）",
                          "its content does not match its hash (the record was changed)")
        prev, expected_seq, last = r["record_hash"], expected_seq + 1, r
    if head is None and last is None:
        return count, None  # an empty chain before its first record
    if head is None:
        zh, en = "链头缺失", "the chain head is missing"
    elif head.seq != expected_seq - 1 or head.hash != prev:
        zh = f"链头为第 {head.seq} 条，与链尾（第 {expected_seq - 1} 条）不符（末尾的记录被删除，或整条链被重写）"
        en = (f"the chain head says record {head.seq}, the chain ends at record {expected_seq - 1} with another "
              "hash (records at the end were deleted, or the chain was rewritten)")
    else:
        return count, None
    at = last["at"] if last else ""
    return count, BrokenLink(last.get("id") if last else None, last.get("seq") if last else None,
                             timestamp(at) if isinstance(at, dt.datetime) else str(at),
                             str(last["entity"]) if last else "", str(last["entity_key"]) if last else "", zh, en)
