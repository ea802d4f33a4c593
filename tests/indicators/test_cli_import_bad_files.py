"""`carbonpeak indicators import` given files it cannot read: a sheet with one cell at XFD1048576, a 128 KiB
cell, a missing file, a folder, a binary, an empty file: a message naming the field and the reason in Chinese
and English, exit status 2, nothing stored, never a hang or a traceback. A GBK CSV from Excel is read; a file
with thousands of bad rows lists some and counts the rest."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest
from openpyxl import Workbook

from carbonpeak.cli import main
from carbonpeak.common.limits import MAX_REPORTED_ISSUES
from carbonpeak.indicators.models import Observation
from carbonpeak.plan.models import Plan
from tests.indicators.conftest import FOREST, write_csv

Capsys = pytest.CaptureFixture[str]


def far_cell_xlsx(tmp_path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    for ref, value in {"A1": "indicator", "B1": "period", "C1": "value", "D1": "unit", "A2": FOREST, "B2": "2023",
                       "C2": 16.1, "D2": "%", "XFD1048576": "x"}.items():
        sheet[ref] = value
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / "far.xlsx"
    path.write_bytes(buffer.getvalue())
    assert path.stat().st_size < 10_000
    return path


def test_a_cell_at_xfd1048576_is_refused_at_once(plan: Plan, tmp_path: Path, capsys: Capsys) -> None:
    start = time.perf_counter()
    assert main(["indicators", "import", str(far_cell_xlsx(tmp_path))]) == 2
    assert time.perf_counter() - start < 10
    err = capsys.readouterr().err
    assert "file" in err and "工作表声明的范围过大" in err and "the sheet declares 1,048,576 rows" in err
    assert not Observation.objects.exists()


def test_a_128_kib_cell_is_refused_naming_its_row_and_column(plan: Plan, tmp_path: Path, capsys: Capsys) -> None:
    path = write_csv(tmp_path, [f"{FOREST},2023,16.1,%", f"{FOREST},2024,{'9' * 131_073},%"])
    assert main(["indicators", "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "第3行 / row 3 · value" in err and "131,073" in err and "Traceback" not in err
    assert not Observation.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [("", None, "is a folder"), ("missing.csv", None, "no such file"), ("empty.csv", b"", "empty"),
     ("image.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "not a text file"), ("book.xlsx", b"PK\x03\x04junk", "not an xlsx")],
)
def test_a_file_that_cannot_be_read_exits_2(plan: Plan, tmp_path: Path, capsys: Capsys, name: str,
                                            content: bytes | None, reason: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    assert main(["indicators", "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert reason in err and "Traceback" not in err


def test_a_gbk_csv_from_excel_is_read(plan: Plan, tmp_path: Path, capsys: Capsys) -> None:
    path = tmp_path / "obs.csv"
    path.write_bytes(f"indicator,period,value,unit,note\n{FOREST},2023,16.1,%,森林覆盖率\n".encode("gbk"))
    assert main(["indicators", "import", str(path)]) == 0
    assert Observation.objects.get(indicator__code=FOREST).note == "森林覆盖率"


def test_thousands_of_bad_rows_list_some_and_count_the_rest(plan: Plan, tmp_path: Path, capsys: Capsys) -> None:
    path = write_csv(tmp_path, [f"nope{i},2023,1,%" for i in range(1000)])
    assert main(["indicators", "import", str(path), "--json"]) == 1
    captured = capsys.readouterr()
    answer = json.loads(captured.out)
    assert len(answer["errors"]) == MAX_REPORTED_ISSUES and answer["errors_not_shown"] == 1000 - MAX_REPORTED_ISSUES
    assert len(captured.err.splitlines()) < MAX_REPORTED_ISSUES + 5
