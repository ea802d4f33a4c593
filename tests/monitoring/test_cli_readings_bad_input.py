"""`carbonpeak readings import` and `units|meters import` given bad input: a bad row is named and the good
rows kept; a file that cannot be read (missing, a folder, binary, empty, too deep, beyond the limits) is
answered with a message naming the field and the reason in Chinese and English and exit status 2, never a
traceback. A GBK CSV as Excel saves it is read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from carbonpeak.cli import main
from carbonpeak.common.limits import MAX_REPORTED_ISSUES
from carbonpeak.monitoring.models import KeyUnit, Reading
from tests.monitoring.support import NOW, T0, iso, make_meter, make_unit, records

Capsys = pytest.CaptureFixture[str]
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> None:
    import carbonpeak.monitoring.readings.ingest as ingest

    monkeypatch.setattr(ingest.time, "time", lambda: float(NOW))


@pytest.fixture
def meter() -> None:
    make_meter(make_unit())


def good_lines() -> list[str]:
    return [f"M1,{r['timestamp']},{r['value']}" for r in records("M1", [1.0, 2.0, 3.0])]


def test_a_csv_with_a_128_kib_field_a_year_one_time_and_a_huge_number(tmp_path: Path, meter: None,
                                                                     capsys: Capsys) -> None:
    good = good_lines()
    path = tmp_path / "r.csv"
    path.write_text("\n".join(["meter,timestamp,value", good[0], f"M1,{iso(T0 + 7200)},{'9' * 131_073}",
                               "M1,0001-01-01 00:00,1", f"M1,{iso(T0 + 9000)},1{'0' * 400}", good[1], good[2]]) + "\n")
    assert main(["readings", "import", str(path), "--json"]) == 1
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["accepted"] == 3 and Reading.objects.count() == 3
    assert [(e["row"], e["field"]) for e in report["errors"]] == [(3, "value"), (4, "timestamp"), (5, "value")]
    assert "Traceback" not in captured.err


def test_a_json_file_nested_5000_deep_exits_2(tmp_path: Path, meter: None, capsys: Capsys) -> None:
    path = tmp_path / "r.json"
    path.write_text('{"readings": ' + "[" * 5000 + "]" * 5000 + "}")
    assert main(["readings", "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "file" in err and "嵌套过深" in err and "too deep" in err and "Traceback" not in err
    assert not Reading.objects.exists()


def test_a_json_file_with_huge_numbers_keeps_its_good_rows(tmp_path: Path, meter: None, capsys: Capsys) -> None:
    rows = records("M1", [1.0, 2.0, 3.0])
    text = json.dumps(rows)[:-1] + ', {"meter": ' + "9" * 5000 + f', "timestamp": "{iso(T0 + 7200)}", "value": 1e400}}]'
    path = tmp_path / "r.json"
    path.write_text(text)
    assert main(["readings", "import", str(path), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["accepted"] == 3
    assert [(e["row"], e["field"]) for e in report["errors"]] == [(4, "meter"), (4, "value")]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("", None, "is a folder"),
        ("missing.csv", None, "no such file"),
        ("empty.csv", b"", "empty"),
        ("image.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "not a text file"),
        ("no_header.csv", b"a,b\n1,2\n", "missing required columns"),
    ],
)
@pytest.mark.parametrize("command", ["readings", "units", "meters"])
def test_a_file_that_cannot_be_read_exits_2(tmp_path: Path, capsys: Capsys, name: str, content: bytes | None,
                                            reason: str, command: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    code = main([command, "import", str(path)])
    err = capsys.readouterr().err
    if reason == "missing required columns" and command != "readings":
        assert code == 1  # read, then refused: a registry file names its missing columns on row 1
    else:
        assert code == 2
    assert reason in err and "Traceback" not in err


def test_a_gbk_readings_csv_is_read(tmp_path: Path, meter: None, capsys: Capsys) -> None:
    path = tmp_path / "r.csv"
    text = "meter,timestamp,value,备注\n" + "".join(f"{line},正常\n" for line in good_lines())
    path.write_bytes(text.encode("gbk"))
    assert main(["readings", "import", str(path)]) == 0
    assert Reading.objects.count() == 3


def test_a_registry_file_with_many_bad_rows_lists_some_and_counts_the_rest(tmp_path: Path, capsys: Capsys) -> None:
    path = tmp_path / "units.csv"
    rows = "".join(f"U{i},名称,bad,9999,nowhere,maybe\n" for i in range(1000))
    path.write_text("code,name,uscc,industry_code,town,data_center\n" + rows, encoding="utf-8")
    assert main(["units", "import", str(path), "--json"]) == 1
    captured = capsys.readouterr()
    answer = json.loads(captured.out)
    assert len(answer["errors"]) == MAX_REPORTED_ISSUES and answer["errors_not_shown"] == 4000 - MAX_REPORTED_ISSUES
    assert f"另有 {4000 - MAX_REPORTED_ISSUES} 条" in captured.err
    assert len(captured.err.splitlines()) < MAX_REPORTED_ISSUES + 5
    assert not KeyUnit.objects.exists()
