"""The data version (数据版本): one counter per topic in the database, moved on by every committed write.

Cached views (`caching.readmodels`, `caching.pages`) key what they keep by the versions of the topics they read,
so a write committed by any process — another server worker, the jobs loop, a command — makes every process
compute afresh on its next read: nothing cached is served after the write that changed it.

* A topic is a room's tables (its app label). The monitoring room's readings, rollups and ingest batches are
  their own topic, `readings`, since devices write them all day and most pages never read them.
* Writes are seen at the database cursor: an execute wrapper on every connection reads the table name of each
  INSERT, UPDATE, DELETE (ORM saves, `QuerySet.update()`, bulk writes and the rooms' raw SQL alike), so no
  room has to remember to say it wrote. A write that does not pass the cursor (PostgreSQL COPY) calls
  `written(topic)` itself.
* The counter moves right after the transaction commits (`transaction.on_commit`), in its own short
  statement. Inside the writer's transaction a counter row would stay locked until the commit: every writer
  would queue behind it on PostgreSQL, and two writers could deadlock with it and the audit chain's head.
  Readers read the version first and the data second, so a reader that reads between the commit and the
  bump keeps fresh data under the old version (harmless, it is replaced at once), and every read after the
  bump sees the new version. The writer's own next request comes after its bump, which runs in its thread.
* A version is (epoch, counter) per topic: the epoch is drawn when the row is made, so a database flushed or
  restored under running servers never shows a version a process has cached before.
"""

from __future__ import annotations

import re
import secrets
import threading
from collections.abc import Callable, Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "web_dataversion"
READINGS = "readings"
# The monitoring tables devices write all day: their own topic.
READINGS_TABLES = frozenset({"monitoring_reading", "monitoring_rollup", "monitoring_ingestbatch"})
# Tables that hold no page's data: sessions (saved on every request), migrations, the versions themselves, and
# the public feedback limit's counts (a refused message must not make every public page be computed again).
# A staged upload (web.StagedUpload) waits for its owner's confirmation; no kept page shows it, and counting it
# would make every page of the web topic be computed again after each preview.
UNCOUNTED_TABLES = frozenset({"django_session", "django_migrations", TABLE, "public_feedbackcount",
                              "web_stagedupload"})
# Statements that write nothing a page shows: the login's last_login stamp, and the monitoring store's
# no-op `UPDATE … SET id = id` that takes SQLite's write lock before it reads.
UNCOUNTED_STATEMENTS = (
    re.compile(r'^\s*UPDATE\s+"auth_user"\s+SET\s+"last_login"\s*=\s*%s\s+WHERE', re.IGNORECASE),
    re.compile(r'^\s*UPDATE\s+"?\w+"?\s+SET\s+"?id"?\s*=\s*"?id"?\s+WHERE', re.IGNORECASE),
)
_WRITES = re.compile(r'\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO|COPY)\s+"?(\w+)"?',
                     re.IGNORECASE)
_READ_ONLY = ("SELECT", "PRAGMA", "SAVEPOINT", "RELEASE", "BEGIN", "COMMIT", "ROLLBACK", "SHOW", "SET ")

Version = tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Topics:
    """The topics a cached view reads: every topic except `excluded`, or exactly `only`."""

    excluded: frozenset[str] = frozenset()
    only: frozenset[str] | None = None

    def of(self, every: Iterable[str]) -> list[str]:
        chosen = self.only if self.only is not None else (set(every) - self.excluded)
        return sorted(chosen)


def only(*names: str) -> Topics:
    return Topics(only=frozenset(names))


# Bookkeeping that no page shows: sign-in failures (axes), the audit trail (written beside a change that
# has its own topic), the jobs' run records.
BOOKKEEPING = frozenset({"axes", "audit", "jobs", "admin", "sessions", "contenttypes"})
# What a page around the plan reads (the navigation, the user's role and department, the plan's data):
# everything but the bookkeeping and the readings.
PAGES = Topics(excluded=BOOKKEEPING | {READINGS})
# The same and the readings (the monitoring pages).
PAGES_AND_READINGS = Topics(excluded=BOOKKEEPING)


# --- which topic a write is --------------------------------------------------------------------

_topic_of_table: dict[str, str] | None = None


def _table_topics() -> dict[str, str]:
    global _topic_of_table
    if _topic_of_table is None:
        table = {m._meta.db_table: m._meta.app_label for m in apps.get_models(include_auto_created=True)}
        table.update(dict.fromkeys(READINGS_TABLES, READINGS))
        for name in UNCOUNTED_TABLES:
            table.pop(name, None)
        _topic_of_table = table
    return _topic_of_table


def every_topic() -> list[str]:
    return sorted(set(_table_topics().values()))


def topics_written(sql: str) -> set[str]:
    """The topics a statement writes (empty for a read, a bookkeeping write or a table no model has)."""
    head = sql.lstrip()[:9].upper()
    if head.startswith(_READ_ONLY) or any(p.match(sql) for p in UNCOUNTED_STATEMENTS):
        return set()
    known = _table_topics()
    return {known[t] for t in _WRITES.findall(sql) if t in known}


# --- moving the counters on --------------------------------------------------------------------

class _Bump:
    """An on-commit callback that moves the topics' counters on (kept recognisable in the pending list)."""

    def __init__(self, alias: str, topics: frozenset[str]) -> None:
        self.alias = alias
        self.topics = topics

    def __call__(self) -> None:
        bump(self.topics, using=self.alias)


def bump(topics: Iterable[str], using: str = DEFAULT_DB_ALIAS) -> None:
    """Move the topics' counters on now, each in one upsert (a topic's row is made on its first write)."""
    names = sorted(set(topics))
    if not names:
        return
    with connections[using].cursor() as cur:
        cur.executemany(
            f"INSERT INTO {TABLE} (topic, epoch, counter) VALUES (%s, %s, 1) "
            f"ON CONFLICT (topic) DO UPDATE SET counter = {TABLE}.counter + 1",
            [(name, secrets.token_hex(8)) for name in names])
    _forget(using)


def _pending(conn: BaseDatabaseWrapper) -> set[str]:
    """Topics this transaction has written and will bump when it commits (gone again after a rollback)."""
    out: set[str] = set()
    for entry in conn.run_on_commit:
        func = entry[1]
        if isinstance(func, _Bump):
            out |= func.topics
    return out


def written(*topics: str, using: str = DEFAULT_DB_ALIAS) -> None:
    """Say that the current transaction wrote these topics: their counters move on when it commits (at once
    outside a transaction). The cursor watch calls this for every write; COPY-like writes call it themselves."""
    if _suspended:
        return
    conn = connections[using]
    if conn.atomic_blocks and getattr(conn.atomic_blocks[0], "_from_testcase", False):
        # Inside a Django test case's own transaction, which is rolled back and never commits: nothing to
        # count (and nothing is kept there either, see `current`); tests that count on-commit work see theirs.
        return
    new = frozenset(topics) - (_pending(conn) if conn.in_atomic_block else set())
    if new:
        transaction.on_commit(_Bump(using, new), using=using)


def _watch(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Mapping[str, Any]) -> Any:
    result = execute(sql, params, many, context)
    if not _suspended:
        topics = topics_written(sql)
        if topics:
            written(*topics, using=context["connection"].alias)
    return result


# --- reading the version -----------------------------------------------------------------------

_local = threading.local()  # .rows: alias → {topic: (epoch, counter)} read once per request, or None


def _forget(using: str) -> None:
    memo = getattr(_local, "rows", None)
    if memo is not None:
        memo.pop(using, None)


def _rows(using: str) -> dict[str, tuple[str, int]]:
    memo: dict[str, dict[str, tuple[str, int]]] | None = getattr(_local, "rows", None)
    if memo is not None and using in memo:
        return memo[using]
    with connections[using].cursor() as cur:
        cur.execute(f"SELECT topic, epoch, counter FROM {TABLE}")
        rows = {topic: (epoch, int(counter)) for topic, epoch, counter in cur.fetchall()}
    if memo is not None:
        memo[using] = rows
    return rows


def current(topics: Topics, using: str = DEFAULT_DB_ALIAS) -> Version | None:
    """The version of the topics now, or None when it cannot serve as a cache key: inside a transaction
    (which may hold writes of its own not yet counted) or when a topic has no row yet (a fresh database)."""
    conn = connections[using]
    if conn.in_atomic_block:
        return None
    try:
        rows = _rows(using)
    except DatabaseError:  # not migrated yet
        return None
    try:
        return tuple((f"{name}:{rows[name][0]}", rows[name][1]) for name in topics.of(every_topic()))
    except KeyError:
        return None


# --- wiring ------------------------------------------------------------------------------------

_suspended = False


def _watch_connection(connection: BaseDatabaseWrapper, **_: Any) -> None:
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


def _request_started(**_: Any) -> None:
    _local.rows = {}  # one read of the versions per request (a write in it reads them again)


def _request_finished(**_: Any) -> None:
    _local.rows = None


def _pre_migrate(**_: Any) -> None:
    global _suspended
    _suspended = True  # the versions' table may not exist yet


def _post_migrate(sender: Any, using: str = DEFAULT_DB_ALIAS, **_: Any) -> None:
    """After migrate (and after a test flush): every topic gets a row, and moves on (data may have changed)."""
    global _suspended
    if getattr(sender, "label", None) != "web":
        return
    _suspended = False
    with suppress(DatabaseError):  # migrated back below the versions' table
        bump(every_topic(), using=using)


def install() -> None:
    """Watch every connection's writes and keep the per-request memo; called once by the web app's ready()."""
    from django.core.signals import request_finished, request_started
    from django.db.backends.signals import connection_created
    from django.db.models.signals import post_migrate, pre_migrate

    connection_created.connect(_watch_connection, dispatch_uid="carbonpeak.versions.watch")
    for conn in connections.all(initialized_only=True):
        _watch_connection(conn)
    request_started.connect(_request_started, dispatch_uid="carbonpeak.versions.request_started")
    request_finished.connect(_request_finished, dispatch_uid="carbonpeak.versions.request_finished")
    pre_migrate.connect(_pre_migrate, dispatch_uid="carbonpeak.versions.pre_migrate")
    post_migrate.connect(_post_migrate, dispatch_uid="carbonpeak.versions.post_migrate")
