"""The few SQL spellings the reading store needs on SQLite and on PostgreSQL.

Timestamps cross the boundary as epoch seconds (UTC): SQLite stores Django's DateTimeField as
text 'YYYY-MM-DD HH:MM:SS' (UTC), which `datetime(x, 'unixepoch')` writes exactly; PostgreSQL as
timestamptz (`to_timestamp`). Everything else is portable SQL, including
`INSERT … ON CONFLICT … DO NOTHING / DO UPDATE` (SQLite ≥ 3.24).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

import numpy as np
from django.db import connection
from django.db.backends.utils import CursorWrapper

from carbonpeak.common.localtime import LOCAL
from carbonpeak.monitoring.readings.rollup_math import year_bounds


@dataclass(frozen=True)
class Dialect:
    vendor: str
    ts_in: str  # a parameter of epoch seconds as a timestamp

    local = LOCAL

    def ts_out(self, column: str) -> str:
        """A timestamp column as epoch seconds (integer)."""
        if self.vendor == "sqlite":
            return f"CAST(strftime('%%s', {column}) AS INTEGER)"
        return f"CAST(EXTRACT(EPOCH FROM {column}) AS BIGINT)"

    @staticmethod
    def year_bounds(year: int) -> tuple[int, int]:
        return year_bounds(year)

    @property
    def locks_rows(self) -> bool:
        """SELECT … FOR UPDATE exists (PostgreSQL); SQLite locks the whole database on the first write."""
        return self.vendor != "sqlite"


_SQLITE = Dialect("sqlite", "datetime(%s, 'unixepoch')")
_POSTGRES = Dialect("postgresql", "to_timestamp(CAST(%s AS double precision))")


# Above this many rows a PostgreSQL write goes through COPY instead of executemany (one round trip, no
# per-row statement): 5–10× faster for a backfill; below it the plain statements are quicker to set up.
COPY_FROM_ROWS = 500


NULL = "\\N"  # COPY text format


def copy_text(cursor: CursorWrapper, table: str, columns: Sequence[str], lines: Iterable[str]) -> None:
    """COPY rows given as lines of COPY text (tab-separated, \\N for NULL) into a PostgreSQL table."""
    raw = cursor.cursor  # the psycopg cursor under Django's wrapper
    with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        buffer: list[str] = []
        for line in lines:
            buffer.append(line)
            if len(buffer) >= 10_000:
                copy.write("".join(buffer))
                buffer = []
        if buffer:
            copy.write("".join(buffer))


def bulk_executemany(cursor: CursorWrapper, statement: str, rows: Iterable[Sequence[Any]]) -> None:
    """executemany of a bulk write straight on the DB-API cursor, as the bulk-insert ceiling makes it.

    On SQLite, Django's cursor wrapper tees the rows to peek at the first one (for named parameters), which
    holds every row until the last is written (about 8 % of a backfill's insert time). Errors still come as
    Django's; the caller moves the readings' data version on itself (`versions.written`), the statement passing
    no wrapper that watches it. On PostgreSQL, Django's executemany (large batches go through COPY)."""
    if cursor.db.vendor != "sqlite":
        cursor.executemany(statement, cast(Sequence[Sequence[Any]], rows))
        return
    raw = cursor.cursor  # Django's SQLite cursor: it spells %s as ?; its base class's executemany takes the rows
    with cursor.db.wrap_database_errors:
        sqlite3.Cursor.executemany(raw, raw.convert_query(statement), rows)


def copy_stamps(ts: Sequence[int]) -> list[str]:
    """Epoch seconds as COPY text timestamps in UTC, formatted all at once."""
    text = np.datetime_as_string(np.asarray(ts, dtype="datetime64[s]"), unit="s")
    return [f"{t}+00" for t in text.tolist()]


def copy_value(value: object) -> str:
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, float):
        return repr(value)
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def dialect() -> Dialect:
    return _SQLITE if connection.vendor == "sqlite" else _POSTGRES


def epoch(moment: datetime | int | float) -> int:
    """Epoch seconds of an aware datetime (or the number itself)."""
    if isinstance(moment, datetime):
        if moment.tzinfo is None:
            raise ValueError("naive datetime: give a time zone")
        return int(moment.timestamp())
    return int(moment)


def moment(ts: int) -> datetime:
    """The aware UTC datetime of epoch seconds."""
    return datetime.fromtimestamp(ts, tz=UTC)
