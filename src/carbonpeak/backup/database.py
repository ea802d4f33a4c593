"""The database into and out of a backup: SQLite through its online backup API, PostgreSQL through
pg_dump (custom format) and pg_restore.

Both copies are one consistent moment while the server and imports keep writing: SQLite's backup copies
every page in one step, inside one read snapshot (WAL: writers go on; a stepped copy would restart at each
write and might never end); pg_dump reads in one repeatable-read snapshot. A restore goes only into an
empty database (no tables): it never mixes a backup with data already there.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connection, connections

from carbonpeak.backup.manifest import BackupProblem

SQLITE, POSTGRESQL = "sqlite", "postgresql"
MEMBER = {SQLITE: "database.sqlite3", POSTGRESQL: "database.pgdump"}


def engine() -> str:
    vendor = connection.vendor
    if vendor not in (SQLITE, POSTGRESQL):
        raise BackupProblem(f"不支持的数据库「{vendor}」", f"unsupported database {vendor!r}")
    return vendor


def _pg_env() -> dict[str, str]:
    s: dict[str, Any] = connection.settings_dict
    env = {**os.environ, "PGDATABASE": str(s["NAME"])}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if s.get(key):
            env[var] = str(s[key])
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupProblem(f"找不到 {name}（请安装 PostgreSQL 客户端）", f"{name} not found (install the PostgreSQL "
                            "client programs)")
    return found


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tool = Path(command[0]).name
        said = done.stderr.strip()[-500:]
        raise BackupProblem(f"{tool} 失败：{said}", f"{tool} failed: {said}")


def snapshot(dest: Path) -> None:
    """Copy the database, as one moment, to `dest`."""
    if engine() == SQLITE:
        connection.ensure_connection()
        source: Any = connection.connection
        target = sqlite3.connect(dest)
        try:
            source.backup(target)  # all pages in one step: one read snapshot
        finally:
            target.close()
        return
    env = _pg_env()
    _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={dest}"], env)


def tables() -> list[str]:
    return list(connection.introspection.table_names())


def ensure_empty() -> None:
    """Refuse a database that holds any table: a restore goes into an empty database only."""
    found = tables()
    if found:
        raise BackupProblem(
            f"目标数据库不是空的（已有 {len(found)} 张表）；恢复只写入空数据库：请新建空库或移走 SQLite 文件",
            f"the target database is not empty ({len(found)} tables); a restore goes into an empty database "
            "only: create an empty database or move the SQLite file away")


def restore(source: Path, kind: str) -> None:
    """Load a database copy into the (empty) database of the settings."""
    if kind != engine():
        raise BackupProblem(f"备份来自 {kind} 数据库，当前配置为 {engine()}",
                            f"the backup is of a {kind} database, the settings name {engine()}")
    ensure_empty()
    if kind == SQLITE:
        connection.ensure_connection()
        target: Any = connection.connection
        copy = sqlite3.connect(source)
        try:
            copy.backup(target)
        finally:
            copy.close()
    else:
        env = _pg_env()
        _run([_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
              f"--dbname={env['PGDATABASE']}", str(source)], env)
    connections.close_all()  # the next query sees the restored database
