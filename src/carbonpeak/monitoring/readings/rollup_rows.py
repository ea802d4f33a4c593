"""Rollup rows written in bulk (汇总行批量写入): by the store's differences and by engine rollups loaded.

`RollupRows` holds rows column by column (numpy), in primary-key order. `write_rows` writes a batch:
below COPY_FROM_ROWS rows each row through `INSERT … ON CONFLICT` (it adds to its bucket's row, or replaces
it); above, the batch first asks which of its buckets already hold a row (one range query per scope, grain
and energy type, `_stored`), writes the others by plain INSERT (COPY on PostgreSQL) and only the rest
through ON CONFLICT. A backfill of new months meets no stored row and writes every rollup row once, at the
database's bulk rate. On PostgreSQL every writer locks the keys it writes first (transaction advisory locks,
in one order), so that no other writer adds a bucket between the check and the COPY; on SQLite the writer
holds the database's write lock. docs/performance.md ("Monitoring").
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.backends.utils import CursorWrapper

from carbonpeak.caching import versions
from carbonpeak.monitoring.models import Rollup
from carbonpeak.monitoring.readings.series import Bools, Floats, Ints
from carbonpeak.monitoring.readings.sql import (
    COPY_FROM_ROWS,
    Dialect,
    bulk_executemany,
    copy_stamps,
    copy_text,
    copy_value,
)

ROLLUP = Rollup._meta.db_table
COLUMNS = ('"scope"', '"key"', '"grain"', '"start"', '"energy_type"', '"quantity"', '"unit_of_measure"', '"tce"',
           '"tce_equal_value"', '"co2_t"', '"readings"', '"estimated"', '"invalid"', '"factor_set"')
ADDED = ("quantity", "tce", "tce_equal_value", "co2_t", "readings", "estimated", "invalid")
# (scope, key, grain, energy type, unit of measure, factor set): what the rows of one group share
Group = tuple[str, str, str, str, str, str]
_TEXT = ("scope", "key", "grain", "energy_type", "unit_of_measure", "factor_set")  # a Group's columns
ROWS_PER_INSERT = 200  # rows a multi-row INSERT carries (14 parameters each; fewer where SQLite allows fewer)


@dataclass(frozen=True)
class RollupRows:
    """Rollup rows column by column; `groups[g]` = (scope, key, grain, energy type, unit, factor set) of a row."""

    groups: list[Group]
    g: Ints
    start: Ints
    quantity: Floats
    tce: Floats
    tce_equal_value: Floats
    co2_t: Floats
    readings: Ints
    estimated: Ints
    invalid: Ints

    @staticmethod
    def ordered(groups: list[Group], g: Ints, start: Ints, quantity: Floats, tce: Floats, tce_equal_value: Floats,
                co2_t: Floats, readings: Ints, estimated: Ints, invalid: Ints) -> RollupRows:
        """The rows in primary-key order (scope, grain, key, start, energy type): writers meet rows in one
        order, and the B-tree fills from left to right."""
        rank = np.empty(len(groups), np.int64)
        rank[sorted(range(len(groups)), key=lambda k: (groups[k][0], groups[k][2], groups[k][1]))] = np.arange(
            len(groups))
        energy = np.empty(len(groups), np.int64)
        energy[sorted(range(len(groups)), key=lambda k: groups[k][3])] = np.arange(len(groups))
        order = np.lexsort((energy[g], start, rank[g]))
        return RollupRows(groups, g[order], start[order], quantity[order], tce[order], tce_equal_value[order],
                          co2_t[order], readings[order], estimated[order], invalid[order])

    @staticmethod
    def from_columns(columns: Mapping[str, Any]) -> RollupRows:
        """Rows from columns named as `definition.ROLLUP_COLUMNS` (`start` in epoch seconds). A text column is
        its values, or a pair (codes, distinct values) as an Arrow dictionary gives it."""
        codes: list[Ints] = []
        values: list[list[str]] = []
        for name in _TEXT:
            column = columns[name]
            if isinstance(column, tuple):
                code, distinct = np.asarray(column[0], dtype=np.int64), list(column[1])
            else:
                found, inverse = np.unique(np.asarray(list(column), dtype=object), return_inverse=True)
                code, distinct = inverse.reshape(-1).astype(np.int64), [str(v) for v in found.tolist()]
            codes.append(code)
            values.append(distinct)
        combined = np.zeros(codes[0].size if codes else 0, np.int64)
        for code, distinct in zip(codes, values, strict=True):
            combined = combined * max(len(distinct), 1) + code
        unique, g = np.unique(combined, return_inverse=True)
        groups: list[Group] = []
        for c in unique.tolist():
            parts = []
            for distinct in reversed(values):
                c, k = divmod(c, max(len(distinct), 1))
                parts.append(distinct[k])
            scope, key, grain, energy_type, unit, factor_set = reversed(parts)
            groups.append((scope, key, grain, energy_type, unit, factor_set))

        def floats(name: str) -> Floats:
            return np.asarray(columns[name], dtype=np.float64)

        def ints(name: str) -> Ints:
            return np.asarray(columns[name], dtype=np.int64)

        return RollupRows.ordered(groups, g.reshape(-1).astype(np.int64), ints("start"), floats("quantity"),
                                  floats("tce"), floats("tce_equal_value"), floats("co2_t"), ints("readings"),
                                  ints("estimated"), ints("invalid"))

    @staticmethod
    def empty() -> RollupRows:
        f, n = np.empty(0), np.empty(0, np.int64)
        return RollupRows([], n, n, f, f, f, f, n, n, n)

    def __len__(self) -> int:
        return int(self.g.size)

    def take(self, mask: Bools) -> RollupRows:
        return RollupRows(self.groups, self.g[mask], self.start[mask], self.quantity[mask], self.tce[mask],
                          self.tce_equal_value[mask], self.co2_t[mask], self.readings[mask], self.estimated[mask],
                          self.invalid[mask])

    def param_table(self) -> Any:
        """The rows as one object array, a row per rollup row in ROLLUP's column order (COLUMNS), `start` as epoch
        seconds: built column by column (no Python loop over the rows)."""
        out = np.empty((len(self), len(COLUMNS)), dtype=object)
        texts = np.array(self.groups, dtype=object).reshape(-1, len(_TEXT))  # the groups' six texts
        for column, k in ((0, 0), (1, 1), (2, 2), (4, 3), (6, 4), (13, 5)):  # scope, key, grain, energy, unit, set
            out[:, column] = texts[self.g, k]
        for column, values in ((3, self.start), (5, self.quantity), (7, self.tce), (8, self.tce_equal_value),
                               (9, self.co2_t), (10, self.readings), (11, self.estimated), (12, self.invalid)):
            out[:, column] = values.tolist()
        return out

    def params(self) -> list[tuple[Any, ...]]:
        """One tuple per row in ROLLUP's column order (COLUMNS), `start` as epoch seconds."""
        return [tuple(row) for row in self.param_table().tolist()]

    def copy_lines(self) -> Iterator[str]:
        """The rows as COPY text lines (COLUMNS order)."""
        heads = [f"{copy_value(s)}\t{copy_value(k)}\t{gr}\t" for s, k, gr, *_ in self.groups]
        mids = [f"\t{copy_value(et)}\t" for _, _, _, et, *_ in self.groups]
        units = [f"\t{copy_value(u)}\t" for *_, u, _ in self.groups]
        tails = [f"\t{copy_value(fs)}\n" for *_, fs in self.groups]
        for g, t, q, c, ev, co2, r, e, i in zip(self.g.tolist(), copy_stamps(self.start.tolist()),
                                                  self.quantity.tolist(), self.tce.tolist(),
                                                  self.tce_equal_value.tolist(), self.co2_t.tolist(),
                                                  self.readings.tolist(), self.estimated.tolist(),
                                                  self.invalid.tolist(), strict=True):
            yield f"{heads[g]}{t}{mids[g]}{q!r}{units[g]}{c!r}\t{ev!r}\t{co2!r}\t{r}\t{e}\t{i}{tails[g]}"


def _stored(cursor: CursorWrapper, rows: RollupRows, sql: Dialect) -> Bools:
    """Which rows' buckets already hold a rollup row (a range query per scope, grain and energy type)."""
    # A rollup key may span groups (one per year: factor sets differ by year): number the keys, not the groups.
    ids: dict[tuple[str, str, str, str], int] = {}
    key_of = np.array([ids.setdefault((scope, grain, energy_type, code), len(ids))
                       for scope, code, grain, energy_type, *_ in rows.groups], dtype=np.int64)[rows.g]
    by: dict[tuple[str, str, str], list[str]] = {}
    for scope, grain, energy_type, code in ids:
        by.setdefault((scope, grain, energy_type), []).append(code)
    have: list[int] = []
    start = '"start"'
    for (scope, grain, energy_type), codes in by.items():
        at = np.isin(key_of, [ids[(scope, grain, energy_type, c)] for c in codes])
        lo, hi = int(rows.start[at].min()), int(rows.start[at].max())
        for a in range(0, len(codes), 500):
            part = sorted(codes)[a:a + 500]
            cursor.execute(
                f'SELECT "key", {sql.ts_out(start)} FROM {ROLLUP} WHERE "scope" = %s AND "grain" = %s '
                f'AND "energy_type" = %s AND "key" IN ({", ".join(["%s"] * len(part))}) '
                f'AND "start" >= {sql.ts_in} AND "start" <= {sql.ts_in}', [scope, grain, energy_type, *part, lo, hi])
            have += [(ids[(scope, grain, energy_type, code)] << 32) | int(t) for code, t in cursor.fetchall()]
    if not have:
        return np.zeros(len(rows), dtype=np.bool_)
    return np.isin((key_of << 32) | rows.start, np.array(have, dtype=np.int64))


def _lock_keys(cursor: CursorWrapper, rows: RollupRows) -> None:
    """PostgreSQL: a transaction lock per rollup key written, taken in one order, so that the check for stored
    buckets and the COPY of the new ones cannot interleave with another writer of the same key."""
    keys = sorted({f"{scope}\t{key}" for scope, key, *_ in rows.groups})
    cursor.execute("SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtextextended(k, 0) AS h "
                   "FROM unnest(%s::text[]) AS k ORDER BY h) AS x", [keys])


def write_rows(cursor: CursorWrapper, rows: RollupRows, sql: Dialect, *, add: bool) -> int:
    """Write rollup rows: `add` adds them to the rows of their buckets (the store's differences), otherwise each
    replaces its bucket's row (rollups an engine computed). A large batch is written in bulk: the rows whose
    buckets hold no row yet by plain INSERT (COPY on PostgreSQL), only the others through ON CONFLICT."""
    total = len(rows)
    if not total:
        return 0
    if sql.vendor == "postgresql":  # every writer, so that a small upsert cannot slip under a large COPY
        _lock_keys(cursor, rows)
    if total >= COPY_FROM_ROWS:
        stored = _stored(cursor, rows, sql)
        fresh = rows.take(~stored)
        if len(fresh) and sql.vendor == "postgresql":
            copy_text(cursor, ROLLUP, COLUMNS, fresh.copy_lines())
            versions.written(versions.READINGS)  # COPY passes no cursor the data version watches
        elif len(fresh):
            _insert_rows(cursor, fresh, sql)
        rows = rows.take(stored)
    if len(rows) >= COPY_FROM_ROWS and sql.vendor == "postgresql":
        # COPY into a scratch table, then one INSERT … SELECT … ON CONFLICT (rows in key order).
        cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS rollup_delta (LIKE {ROLLUP}) ON COMMIT DELETE ROWS")
        copy_text(cursor, "rollup_delta", COLUMNS, rows.copy_lines())
        cursor.execute(f"INSERT INTO {ROLLUP} ({', '.join(COLUMNS)}) SELECT {', '.join(COLUMNS)} "
                       f'FROM rollup_delta ORDER BY "scope", "grain", "key", "start", "energy_type" {_conflict(add)}')
        cursor.execute("TRUNCATE rollup_delta")
    elif len(rows):
        cursor.executemany(f"{_insert(sql)} {_conflict(add)}", rows.params())
    return total


def _insert_rows(cursor: CursorWrapper, rows: RollupRows, sql: Dialect) -> None:
    """New rows by plain INSERT, many rows to a statement: one statement run per ROWS_PER_INSERT rows instead of
    one per row (on SQLite each run opens the table's B-tree and seeks from its root; the rows of one statement
    are written in key order with the cursor where the last one left it: a fifth less time a rollup row)."""
    table = rows.param_table()
    per = max(1, min(ROWS_PER_INSERT, _max_params(cursor) // len(COLUMNS)))
    full = len(rows) // per * per
    if full:
        one = _insert(sql).split(" VALUES ", 1)[1]
        many = f"{_insert(sql)}{(', ' + one) * (per - 1)}"
        bulk_executemany(cursor, many, table[:full].reshape(-1, per * len(COLUMNS)).tolist())
    if full < len(rows):
        bulk_executemany(cursor, _insert(sql), table[full:].tolist())
    versions.written(versions.READINGS)  # the bulk statements pass no cursor the data version watches


def _max_params(cursor: CursorWrapper) -> int:
    """How many parameters one statement may carry: SQLite's compiled limit where Python can ask it (3.11+),
    else Django's safe figure (999, SQLite's limit before 3.32)."""
    raw = cursor.db.connection
    limit = getattr(raw, "getlimit", None)
    if limit is not None and cursor.db.vendor == "sqlite":
        return int(limit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    return int(cursor.db.features.max_query_params or 999)


def _insert(sql: Dialect) -> str:
    values = ", ".join(["%s"] * 3 + [sql.ts_in] + ["%s"] * 10)
    return f"INSERT INTO {ROLLUP} ({', '.join(COLUMNS)}) VALUES ({values})"


def _conflict(add: bool) -> str:
    """What a row does to the stored row of its bucket: adds to it (a difference), or replaces it."""
    if add:
        sets = [f'"{c}" = {ROLLUP}."{c}" + excluded."{c}"' for c in ADDED]
    else:
        sets = [f'"{c}" = excluded."{c}"' for c in (*ADDED, "unit_of_measure")]
    return (f'ON CONFLICT ("scope", "grain", "key", "start", "energy_type") DO UPDATE SET {", ".join(sets)}, '
            f'"factor_set" = excluded."factor_set"')
