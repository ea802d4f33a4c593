"""`carbonpeak review assess` and `review register import` given files they cannot read (a folder, a missing
file, an empty or binary file, JSON nested 5,000 deep, a huge integer, a 128 KiB cell): a message naming the
field and the reason, a non-zero exit (2 when the file cannot be read at all), nothing stored, no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from carbonpeak.cli import main
from carbonpeak.review.models import Project, RegisterEntry
from tests.review.register_support import CSV, make_units
from tests.review.support import project_data

Capsys = pytest.CaptureFixture[str]

BAD_FILES = [("", None, "is a folder"), ("missing.csv", None, "no such file"), ("empty.csv", b"", "empty"),
             ("image.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "not a text file")]


@pytest.mark.parametrize(("name", "content", "reason"), BAD_FILES)
@pytest.mark.parametrize("command", [["review", "assess"], ["review", "register", "import"]])
def test_a_file_that_cannot_be_read_exits_2(db: None, tmp_path: Path, capsys: Capsys, name: str,
                                            content: bytes | None, reason: str, command: list[str]) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    assert main([*command, str(path)]) == 2
    err = capsys.readouterr().err
    assert reason in err and "Traceback" not in err


def test_a_project_nested_5000_deep_is_refused_naming_the_json(db: None, tmp_path: Path, capsys: Capsys) -> None:
    path = tmp_path / "project.json"
    path.write_text('{"name": ' + "[" * 5000 + "]" * 5000 + "}")
    assert main(["review", "assess", str(path)]) == 1
    err = capsys.readouterr().err
    assert "json" in err and "too deep" in err and "嵌套过深" in err and "Traceback" not in err


def test_a_project_with_a_huge_integer_is_refused_naming_the_field(db: None, tmp_path: Path,
                                                                   capsys: Capsys) -> None:
    # 5,000 digits: Python's json refuses to read an integer past 4,300 digits with a bare ValueError
    text = json.dumps({**project_data(), "value_added_10k_cny": "HUGE"}).replace('"HUGE"', "9" * 5000)
    path = tmp_path / "project.json"
    path.write_text(text)
    assert main(["review", "assess", str(path)]) == 1
    err = capsys.readouterr().err
    assert "value_added_10k_cny" in err and "Traceback" not in err
    assert not Project.objects.exists()


def test_a_register_cell_of_128_kib_is_refused_naming_row_and_column(db: None, tmp_path: Path,
                                                                     capsys: Capsys) -> None:
    make_units()
    header, first = CSV.splitlines()[:2]
    path = tmp_path / "plants.csv"
    path.write_text("\n".join([header, first, first.replace(first.split(",")[0], "x" * 131_073, 1)]) + "\n")
    assert main(["review", "register", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "第3行 / row 3" in err and "name" in err and "131,073" in err and "Traceback" not in err
    assert not RegisterEntry.objects.exists()
