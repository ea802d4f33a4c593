"""A corrupt or foreign Parquet file, a missing partition or a schema that does not match: `carbonpeak rollups
compute` (either engine's checks are the same, `layout.check_archive`) answers exit 2 with a message naming the
file and the column, in Chinese and English, and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]
import pytest

from carbonpeak.cli import main
from carbonpeak.monitoring.archive.synth import synthesize

Capsys = pytest.CaptureFixture[str]
pytestmark = pytest.mark.django_db
JANUARY = "year=2025/month=01/part-0.parquet"


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    synthesize(12, 2, root, start=1738252800 - 8 * 3600)  # 2025-01-31 and 2025-02-01, local
    assert (root / JANUARY).is_file() and (root / "year=2025/month=02/part-0.parquet").is_file()
    return root


def _compute(root: Path, out: Path, capsys: Capsys) -> tuple[int, str]:
    code = main(["rollups", "compute", "--engine", "duckdb", "--input", str(root), "--output", str(out)])
    return code, capsys.readouterr().err


def test_a_good_archive_is_computed(archive: Path, tmp_path: Path, capsys: Capsys) -> None:
    code, _ = _compute(archive, tmp_path / "out", capsys)
    assert code == 0
    table = pq.read_table(tmp_path / "out" / "rollups-duckdb.parquet")
    assert table.num_rows > 0 and set(table.column("grain").to_pylist()) == {"hour", "day", "month"}


def test_a_corrupt_file(archive: Path, tmp_path: Path, capsys: Capsys) -> None:
    path = archive / JANUARY
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])  # cut short
    code, err = _compute(archive, tmp_path / "out", capsys)
    assert code == 2 and str(path) in err and "已损坏" in err and "corrupt" in err
    assert not (tmp_path / "out").exists()


def test_a_foreign_file(archive: Path, tmp_path: Path, capsys: Capsys) -> None:
    foreign = archive / "year=2025/month=01/extra.parquet"
    pq.write_table(pa.table({"meter": ["X"], "kwh": [1.0]}), foreign)
    code, err = _compute(archive, tmp_path / "out", capsys)
    assert code == 2 and str(foreign) in err and "foreign" in err and "外来" in err


def test_a_file_of_another_schema_in_place_of_a_partition(archive: Path, tmp_path: Path, capsys: Capsys) -> None:
    path = archive / JANUARY
    table = pq.read_table(path).drop_columns(["energy"])
    pq.write_table(table, path)
    code, err = _compute(archive, tmp_path / "out", capsys)
    assert code == 2 and str(path) in err and "column energy" in err and "缺少此列" in err


def test_a_column_of_another_type(archive: Path, tmp_path: Path, capsys: Capsys) -> None:
    path = archive / JANUARY
    table = pq.read_table(path)
    table = table.set_column(table.schema.get_field_index("ts"), "ts", table.column("ts").cast(pa.string()))
    pq.write_table(table, path)
    code, err = _compute(archive, tmp_path / "out", capsys)
    assert code == 2 and str(path) in err and "column ts" in err and "type should be int64, is string" in err


def test_a_missing_partition(archive: Path, tmp_path: Path, capsys: Capsys) -> None:
    folder = archive / "year=2025/month=02"
    for f in folder.iterdir():
        f.unlink()
    folder.rmdir()
    code, err = _compute(archive, tmp_path / "out", capsys)
    assert code == 2 and str(folder) in err and "partition" in err and "分区" in err


def test_not_an_archive(tmp_path: Path, capsys: Capsys) -> None:
    (tmp_path / "files").mkdir()
    code, err = _compute(tmp_path / "files", tmp_path / "out", capsys)
    assert code == 2 and "_archive.json" in err and "not a readings archive" in err


def test_an_output_folder_with_other_files_is_not_overwritten(archive: Path, tmp_path: Path, capsys: Capsys) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    code, err = _compute(archive, out, capsys)
    assert code == 2 and "notes.txt" in err and (out / "notes.txt").read_text() == "mine"
