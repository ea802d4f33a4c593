from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.backup.support import carbonpeak, env


@pytest.fixture(scope="session")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], None]:
    """Puts an empty, migrated SQLite database at a path (migrated once per session, then copied)."""
    template = tmp_path_factory.mktemp("template") / "template.sqlite3"
    subprocess.run(carbonpeak("manage", "migrate", "-v0"), env=env(template, template.parent / "media"), check=True,
                   capture_output=True, timeout=300)

    def make(db: Path) -> None:
        db.write_bytes(template.read_bytes())

    return make
