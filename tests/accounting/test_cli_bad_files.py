"""`carbonpeak account`, `activity import` and `factors load` given files they cannot read (a folder, a missing
file, an empty or binary file, a 128 KiB cell, YAML nested thousands deep): a message naming the field and the
reason in Chinese and English, exit status 2, nothing stored, never a traceback. A GBK CSV from Excel is read."""

from __future__ import annotations

from pathlib import Path

import pytest

from carbonpeak.accounting.models import ActivityRecord, FactorSet
from carbonpeak.cli import main

Capsys = pytest.CaptureFixture[str]
HEADER = "entity,period,energy_type,quantity,unit,sector\n"
GOOD = HEADER + "新厂,2030,diesel,10,t,transport\n"

BAD_FILES = [("", None, "is a folder"), ("missing.csv", None, "no such file"), ("empty.csv", b"", "empty"),
             ("image.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "not a text file")]


@pytest.mark.parametrize(("name", "content", "reason"), BAD_FILES)
@pytest.mark.parametrize("command", [["activity", "import"], ["account"], ["factors", "load"]])
def test_a_file_that_cannot_be_read_exits_2(db: None, tmp_path: Path, capsys: Capsys, name: str,
                                            content: bytes | None, reason: str, command: list[str]) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    before = ActivityRecord.objects.count(), FactorSet.objects.count()
    assert main([*command, str(path)]) == 2
    err = capsys.readouterr().err
    assert reason in err and "Traceback" not in err
    assert (ActivityRecord.objects.count(), FactorSet.objects.count()) == before


@pytest.mark.parametrize("command", [["activity", "import"], ["account"]])
def test_a_128_kib_cell_is_refused_naming_its_row_and_column(db: None, tmp_path: Path, capsys: Capsys,
                                                             command: list[str]) -> None:
    path = tmp_path / "plant.csv"
    path.write_text(GOOD + f"新厂,2031,diesel,10,t,{'x' * 131_073}\n", encoding="utf-8")
    before = ActivityRecord.objects.count()
    assert main([*command, str(path)]) == 2
    err = capsys.readouterr().err
    assert "第3行 / row 3" in err and "sector" in err and "131,073" in err and "Traceback" not in err
    assert ActivityRecord.objects.count() == before


def test_a_gbk_csv_from_excel_is_imported(db: None, tmp_path: Path, capsys: Capsys) -> None:
    path = tmp_path / "plant.csv"
    path.write_bytes(GOOD.encode("gbk"))
    assert main(["activity", "import", str(path)]) == 0
    assert ActivityRecord.objects.filter(entity="新厂").exists()


def test_a_factor_set_nested_thousands_deep_is_refused(db: None, tmp_path: Path, capsys: Capsys) -> None:
    path = tmp_path / "set.yaml"
    path.write_text("id: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    assert main(["factors", "load", str(path)]) == 2
    err = capsys.readouterr().err
    assert "yaml" in err and "YAML" in err and "Traceback" not in err


@pytest.mark.parametrize("year", ["0", "99999"])
def test_an_inventory_year_out_of_range_exits_2(db: None, capsys: Capsys, year: str) -> None:
    assert main(["inventory", "compile", year]) == 2
    err = capsys.readouterr().err
    assert err.startswith("YEAR:") and "1900–2100" in err and "年份" in err
