"""On PostgreSQL: pg_dump of the live database, restored by pg_restore into a new, empty database, holds the
same rows and its audit chain verifies; a database that is not empty is refused."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from carbonpeak.audit.models import ChangeRecord

pytestmark = pytest.mark.django_db


def _url(name: str) -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{name}"


def run(name: str, media: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": _url(name), "CARBONPEAK_MEDIA_ROOT": str(media),
           "DJANGO_SETTINGS_MODULE": "carbonpeak.settings"}
    return subprocess.run([sys.executable, "-c", "import sys; from carbonpeak.cli import main; sys.exit(main())",
                           *args], env=env, capture_output=True, text=True, timeout=600)


def _admin(statement: str) -> None:
    """A statement outside any transaction (CREATE/DROP DATABASE), on the server's maintenance database."""
    import psycopg

    s = connection.settings_dict
    with psycopg.connect(host=s["HOST"] or "localhost", port=s["PORT"] or 5432, user=s["USER"],
                         password=s.get("PASSWORD") or None, dbname="postgres", autocommit=True) as admin:
        admin.execute(statement)  # type: ignore[arg-type]


@pytest.fixture
def empty_database() -> Iterator[str]:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (make test-postgres)")
    name = f"carbonpeak_restore_{uuid.uuid4().hex[:8]}"
    _admin(f'CREATE DATABASE "{name}"')
    yield name
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_pg_dump_and_pg_restore_round_trip(tmp_path: Path, empty_database: str) -> None:
    live = connection.settings_dict["NAME"]
    records = ChangeRecord.objects.count()  # the session's plan and factor sets, committed before the tests
    done = run(live, tmp_path / "media", "backup", "--to", str(tmp_path / "backups"))
    assert done.returncode == 0, done.stderr[-2000:]
    archive = re.search(r"backup written: (\S+)", done.stdout).group(1)  # type: ignore[union-attr]
    restored = run(empty_database, tmp_path / "restored-media", "restore", archive)
    assert restored.returncode == 0, restored.stderr[-2000:]
    assert f"audit chain intact: {records} 条 records" in restored.stdout
    again = run(empty_database, tmp_path / "other-media", "restore", archive)
    assert again.returncode == 2 and "not empty" in again.stderr and "Traceback" not in again.stderr
