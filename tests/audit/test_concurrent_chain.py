"""Two writers at once never fork the chain: two processes on one SQLite file (WAL; one with deferred
transactions, one with immediate ones), and two threads on PostgreSQL, each adding records as fast as
they can; the chain then holds every record once, positions 1…n without a gap, and verifies."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.audit.verify import verify

PER_WRITER = 150

WORKER = """
import sys, django
from django.conf import settings
django.setup()
settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] = sys.argv[1]  # before the first connection
from django.db import transaction
from carbonpeak.audit.models import ChangeRecord
for i in range(int(sys.argv[2])):
    with transaction.atomic():
        ChangeRecord.objects.create(actor_label=sys.argv[1], entity="audit.race", entity_key=str(i),
                                    action="created", after={"i": i, "x": i / 7})
        if i % 10 == 0:  # a transaction with several records now and then
            ChangeRecord.objects.create(actor_label=sys.argv[1], entity="audit.race", entity_key=f"{i}b",
                                        action="created")
"""


def _env(db: Path) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DJANGO_SETTINGS_MODULE": "carbonpeak.settings"}


def _carbonpeak(*args: str) -> list[str]:
    return [sys.executable, "-c", "import sys; from carbonpeak.cli import main; sys.exit(main())", *args]


def test_two_processes_on_one_sqlite_file_never_fork_the_chain(tmp_path: Path) -> None:
    db = tmp_path / "race.sqlite3"
    subprocess.run(_carbonpeak("manage", "migrate", "-v0"), env=_env(db), check=True, capture_output=True,
                   timeout=300)
    writers = [subprocess.Popen([sys.executable, "-c", WORKER, mode, str(PER_WRITER)], env=_env(db),
                                stderr=subprocess.PIPE, text=True) for mode in ("DEFERRED", "IMMEDIATE")]
    for w in writers:
        _, err = w.communicate(timeout=300)
        assert w.returncode == 0, err[-2000:]
    check = subprocess.run(_carbonpeak("audit", "verify", "--quiet"), env=_env(db), capture_output=True,
                           text=True, timeout=300)
    expected = 2 * (PER_WRITER + PER_WRITER // 10)
    assert check.returncode == 0, check.stderr
    assert f"intact: {expected} 条 records" in check.stdout
    import sqlite3

    with sqlite3.connect(db) as c:
        seqs = [s for (s,) in c.execute("SELECT seq FROM audit_changerecord ORDER BY seq")]
        labels = dict(c.execute("SELECT actor_label, COUNT(*) FROM audit_changerecord GROUP BY actor_label"))
    assert seqs == list(range(1, expected + 1))
    assert labels == {"DEFERRED": expected // 2, "IMMEDIATE": expected // 2}  # both wrote at once


@pytest.mark.django_db(transaction=True)
def test_two_threads_on_postgresql_never_fork_the_chain() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("threads share SQLite's in-memory test database; the processes above test SQLite")
    from django.db import connections, transaction

    errors: list[BaseException] = []

    def write(name: str) -> None:
        try:
            for i in range(PER_WRITER):
                with transaction.atomic():
                    ChangeRecord.objects.create(actor_label=name, entity="audit.race", entity_key=str(i),
                                                action="created")
        except BaseException as exc:  # reported by the test below
            errors.append(exc)
        finally:
            connections.close_all()

    before = ChangeRecord.objects.count()
    threads = [threading.Thread(target=write, args=(n,)) for n in ("t1", "t2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert errors == []
    checked, broken = verify()
    assert broken is None and checked == before + 2 * PER_WRITER
