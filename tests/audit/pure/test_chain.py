"""The hash a change record carries: what it covers, and a walk that names the first broken link."""

from __future__ import annotations

import datetime as dt
from typing import Any

from carbonpeak.audit import chain

AT = dt.datetime(2026, 3, 2, 8, 30, 15, 123456, tzinfo=dt.UTC)


def record(position: int, **changes: Any) -> dict[str, Any]:
    seq = changes.pop("seq", position)
    return {"id": position + 100, "seq": seq, "at": AT, "actor_label": "office", "entity": "observation",
            "entity_key": f"k{seq}", "action": "updated", "before": {"value": 1.0}, "after": {"value": 2.5},
            "reason": "", **changes}


def chained(n: int) -> tuple[list[dict[str, Any]], chain.Head]:
    rows, prev = [], chain.GENESIS
    for seq in range(1, n + 1):
        row = record(seq)
        row["prev_hash"], row["record_hash"] = prev, chain.link_hash(row, prev)
        prev = row["record_hash"]
        rows.append(row)
    return rows, chain.Head(n, prev)


def test_the_hash_covers_every_field_and_the_previous_hash() -> None:
    base = chain.link_hash(record(1), chain.GENESIS)
    assert len(base) == 64
    for field, value in [("seq", 2), ("at", AT + dt.timedelta(microseconds=1)), ("actor_label", "eco"),
                         ("entity", "plan"), ("entity_key", "k2"), ("action", "deleted"),
                         ("before", {"value": 1.5}), ("after", {}), ("reason", "typo")]:
        assert chain.link_hash(record(1, **{field: value}), chain.GENESIS) != base, field
    assert chain.link_hash(record(1), "1" * 64) != base


def test_a_value_hashes_as_the_database_gives_it_back() -> None:
    # jsonb answers 1.0 as 1.0 and 1.5e300 as an integer; SQLite keeps the text; both hash alike.
    assert chain.link_hash(record(1, after={"v": 1.5e300}), "") == chain.link_hash(
        record(1, after={"v": 15 * 10**299}), "")
    assert chain.link_hash(record(1, after={"v": [1.0, -0.0]}), "") == chain.link_hash(
        record(1, after={"v": [1, 0]}), "")
    # but a number is not the same as its text, and the zone does not matter, only the moment
    assert chain.link_hash(record(1, after={"v": 1}), "") != chain.link_hash(record(1, after={"v": "1"}), "")
    shanghai = AT.astimezone(dt.timezone(dt.timedelta(hours=8)))
    assert chain.link_hash(record(1, at=shanghai), "") == chain.link_hash(record(1), "")


def test_an_intact_chain_holds() -> None:
    rows, head = chained(5)
    assert chain.first_break(rows, head) == (5, None)
    assert chain.first_break([], None) == (0, None)


def test_an_edited_record_is_named() -> None:
    rows, head = chained(5)
    rows[2]["after"] = {"value": 3.0}
    _, broken = chain.first_break(rows, head)
    assert broken is not None and (broken.id, broken.seq, broken.entity_key) == (103, 3, "k3")
    assert "changed" in broken.reason_en and "改动" in broken.reason_zh
    assert "2026-03-02T08:30:15.123456Z observation k3" in broken.describe()


def test_a_deleted_record_breaks_the_next_link() -> None:
    rows, head = chained(5)
    del rows[1]
    _, broken = chain.first_break(rows, head)
    assert broken is not None and broken.seq == 3 and "position" in broken.reason_en


def test_a_rehashed_forgery_is_caught_by_the_next_link() -> None:
    rows, head = chained(5)
    rows[1]["after"] = {"value": 9.0}
    rows[1]["record_hash"] = chain.link_hash(rows[1], rows[1]["prev_hash"])
    _, broken = chain.first_break(rows, head)
    assert broken is not None and broken.seq == 3 and "previous" in broken.reason_en


def test_records_cut_off_at_the_end_are_caught_by_the_head() -> None:
    rows, head = chained(5)
    _, broken = chain.first_break(rows[:3], head)
    assert broken is not None and broken.seq == 3 and "head" in broken.reason_en
    _, missing = chain.first_break(rows, None)
    assert missing is not None and "missing" in missing.reason_en


def test_an_unchained_record_is_named() -> None:
    rows, head = chained(2)
    _, broken = chain.first_break([{**record(0), "seq": None, "prev_hash": "", "record_hash": ""}, *rows], head)
    assert broken is not None and broken.id == 100 and "not in the chain" in broken.reason_en
