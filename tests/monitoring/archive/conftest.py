"""Fixtures of the archive tests: one SparkSession for the whole test session (local[2], no UI, few
shuffle partitions: starting one costs seconds), and an archive folder the store reads from."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    from carbonpeak.monitoring.archive.spark import session

    spark = session("local[2]", shuffle_partitions=2)
    yield spark
    spark.stop()


@pytest.fixture
def archive_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty archive folder, and the store pointed at it (CARBONPEAK_READINGS_ARCHIVE)."""
    root = tmp_path / "archive"
    monkeypatch.setenv("CARBONPEAK_READINGS_ARCHIVE", str(root))
    return root
