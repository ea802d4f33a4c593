"""SQLite: the rollup table WITHOUT ROWID. PostgreSQL: nothing (its tables have no rowid).

A rollup row is found and written by its primary key (scope, grain, key, start, energy type). A rowid table
keeps the rows in one B-tree and that key in a second one; WITHOUT ROWID keeps the rows in the key's own
B-tree, so a backfill writes each rollup row once instead of twice (docs/performance.md, "The store path
against its ceiling"). The model does not change (no state operation).

Django's SQLite schema editor remakes a table for some later field changes and would make it a rowid table
again: tests/monitoring/test_rollup_bulk.py checks the table is still WITHOUT ROWID.
"""

from typing import Any

from django.db import migrations

TABLE = "monitoring_rollup"
CLAUSE = "WITHOUT ROWID"


def _remake(schema_editor: Any, without_rowid: bool) -> None:
    """The table made again from its own CREATE statement, with or without the clause, rows copied over."""
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [TABLE])
        ddl = cursor.fetchone()[0].rstrip()
    has = ddl.upper().endswith(CLAUSE)
    if has == without_rowid:
        return
    body = ddl[: -len(CLAUSE)].rstrip() if has else ddl
    new = f'"{TABLE}__new"'
    schema_editor.execute(body.replace(f'"{TABLE}"', new, 1) + (f" {CLAUSE}" if without_rowid else ""))
    schema_editor.execute(f'INSERT INTO {new} SELECT * FROM "{TABLE}"')
    schema_editor.execute(f'DROP TABLE "{TABLE}"')
    schema_editor.execute(f'ALTER TABLE {new} RENAME TO "{TABLE}"')


def without_rowid(apps: Any, schema_editor: Any) -> None:
    _remake(schema_editor, True)


def with_rowid(apps: Any, schema_editor: Any) -> None:
    _remake(schema_editor, False)


class Migration(migrations.Migration):

    dependencies = [
        ("monitoring", "0003_drop_wide_scope_hours"),
    ]

    operations = [
        migrations.RunPython(without_rowid, with_rowid),
    ]
