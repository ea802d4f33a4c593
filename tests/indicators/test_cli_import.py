"""`carbonpeak indicators import FILE`: observations from CSV or xlsx, checked row by row,
converted into each indicator's unit, stored all or nothing, updated in place with history."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.cli import main
from carbonpeak.indicators.models import Observation
from carbonpeak.plan.models import Plan
from tests.indicators.conftest import FOREST, INTENSITY, write_csv

Capsys = pytest.CaptureFixture[str]

PV = "new_pv_capacity"  # MW
RETROFIT = "existing_public_building_retrofit_area"  # m2
GOOD = [f"{FOREST},2023,16.1,%", f"{PV},2023,16,万千瓦", f"{RETROFIT},2023,26,万平方米"]


def state() -> tuple[list[tuple[str, str, float]], int]:
    """Every observation and the number of observation change records."""
    rows = sorted(Observation.objects.values_list("indicator__code", "period", "value"))
    return rows, ChangeRecord.objects.filter(entity="observation").count()


def value_of(code: str, period: str = "2023") -> float:
    return Observation.objects.get(indicator__code=code, period=period).value


def history(code: str, period: str = "2023") -> list[ChangeRecord]:
    return list(ChangeRecord.objects.filter(entity="observation", entity_key=f"jinshan-2023/{code}/{period}")
                .order_by("id"))


def test_csv_rows_are_stored_in_the_indicators_units(plan: Plan, tmp_path: Path, capsys: Capsys) -> None:
    assert main(["indicators", "import", str(write_csv(tmp_path, GOOD))]) == 0
    assert capsys.readouterr().out.strip() == "新增 created 3 · 更新 updated 0 · 未变 unchanged 0 · 跳过 skipped 0"
    assert value_of(FOREST) == pytest.approx(16.1)
    assert value_of(PV) == pytest.approx(160.0)  # 16 万千瓦 = 160 MW
    assert value_of(RETROFIT) == pytest.approx(260_000.0)  # 26 万平方米
    pv = Observation.objects.get(indicator__code=PV, period="2023")
    assert (pv.entered_value, pv.entered_unit, pv.origin, pv.source) == (16.0, "万千瓦", "imported", "obs.csv")
    assert pv.entered_by_label.startswith("cli:indicators import")
    assert not pv.illustrative
    assert [r.action for r in history(PV)] == ["created"]
    assert history(PV)[0].after["value"] == pytest.approx(160.0)


def test_xlsx_file_is_read_like_a_csv(plan: Plan, tmp_path: Path, capsys: Capsys) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Indicator", "Period", "Value", "Unit", "Source"])
    sheet.append([PV, 2024, 23, "万千瓦", "区发改委"])  # numbers as Excel stores them
    sheet.append([FOREST, "2024", 16.2, "%", None])
    sheet.append([None, None, None, None, None])  # a blank line at the end is ignored
    path = tmp_path / "obs.xlsx"
    book.save(path)
    assert main(["indicators", "import", str(path), "--source", "统计局"]) == 0
    assert value_of(PV, "2024") == pytest.approx(230.0)
    assert Observation.objects.get(indicator__code=PV, period="2024").source == "区发改委"
    assert Observation.objects.get(indicator__code=FOREST, period="2024").source == "统计局"


@pytest.mark.parametrize(("row", "field", "reason"), [
    ("no_such_indicator,2023,1,%", "indicator", "未知指标「no_such_indicator」/ unknown indicator"),
    (f"{PV},2023,5,km", "unit", "单位「km」不能换算为本指标的单位「兆瓦」"),
    (f"{FOREST},2024,130,%", "value", "130 大于上限 100 / above the maximum 100"),
    (f"{FOREST},2023-13,16,%", "period", "无法识别的期间 / not a period: '2023-13'"),
    (f"{FOREST},2024,十六,%", "value", "不是数值"),
    (f"{FOREST},2024,16,", "unit", "必填 / required"),
    (f"{FOREST},2023年,16.2,%", "period", "与第2行重复 / same indicator and period as row 2"),
], ids=["unknown-indicator", "km-for-MW", "percent-130", "bad-period", "not-a-number", "no-unit", "duplicate"])
def test_a_bad_row_is_named_and_nothing_is_imported(plan: Plan, tmp_path: Path, capsys: Capsys,
                                                    row: str, field: str, reason: str) -> None:
    before = state()
    path = write_csv(tmp_path, [*GOOD, row])  # the bad row is row 5
    assert main(["indicators", "import", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "nothing imported" in err and "--valid-only" in err
    line = next(x for x in err.splitlines() if x.startswith("第5行 / row 5"))
    assert line.startswith(f"第5行 / row 5 · {field}: ")
    assert reason in line
    assert state() == before


def test_every_problem_of_a_file_is_reported_at_once(plan: Plan, tmp_path: Path, capsys: Capsys) -> None:
    path = write_csv(tmp_path, ["nope,2023,1,%", f"{PV},2023,5,km", f"{FOREST},2024,130,%", f"{FOREST},x,1,%"])
    assert main(["indicators", "import", str(path)]) == 1
    err = capsys.readouterr().err
    for row, field in [(2, "indicator"), (3, "unit"), (4, "value"), (5, "period")]:
        assert f"第{row}行 / row {row} · {field}:" in err


def test_a_missing_column_is_named_and_nothing_is_read(plan: Plan, tmp_path: Path, capsys: Capsys) -> None:
    before = state()
    path = write_csv(tmp_path, [f"{FOREST},2023,16.1"], header="indicator,period,value")
    assert main(["indicators", "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "unit" in err and "missing required columns" in err
    assert state() == before


def test_a_missing_file_is_an_error(db: None, tmp_path: Path, capsys: Capsys) -> None:
    assert main(["indicators", "import", str(tmp_path / "nowhere.csv")]) == 2
    assert "nowhere.csv" in capsys.readouterr().err


def test_valid_only_stores_the_good_rows_and_reports_the_others(plan: Plan, tmp_path: Path, capsys: Capsys) -> None:
    path = write_csv(tmp_path, [*GOOD, f"{FOREST},2024,130,%", "nope,2023,1,%"])
    assert main(["indicators", "import", str(path), "--valid-only"]) == 0
    out, err = capsys.readouterr()
    assert "新增 created 3" in out and "跳过 skipped 2" in out
    assert "跳过 skipped: 第5行 / row 5 · value:" in err
    assert "跳过 skipped: 第6行 / row 6 · indicator:" in err
    assert value_of(PV) == pytest.approx(160.0)
    assert not Observation.objects.filter(indicator__code=FOREST, period="2024").exists()


def test_reimport_updates_the_period_in_place_with_history(plan: Plan, tmp_path: Path, capsys: Capsys) -> None:
    assert main(["indicators", "import", str(write_csv(tmp_path, GOOD))]) == 0
    first = Observation.objects.get(indicator__code=PV, period="2023")
    count = Observation.objects.count()
    corrected = write_csv(tmp_path, [f"{PV},2023年,175,MW"], name="correction.csv")
    assert main(["indicators", "import", str(corrected)]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("新增 created 0 · 更新 updated 1 · 未变 unchanged 0")
    assert Observation.objects.count() == count
    again = Observation.objects.get(indicator__code=PV, period="2023")
    assert again.pk == first.pk
    assert (again.value, again.entered_unit, again.source) == (175.0, "MW", "correction.csv")
    records = history(PV)
    assert [r.action for r in records] == ["created", "updated"]
    assert records[1].before["value"] == pytest.approx(160.0)
    assert records[1].after["value"] == pytest.approx(175.0)
    assert records[1].before["entered_unit"] == "万千瓦" and records[1].after["entered_unit"] == "MW"
    assert "period" not in records[1].before  # only what changed


def test_unchanged_reimport_records_nothing(plan: Plan, tmp_path: Path, capsys: Capsys) -> None:
    path = write_csv(tmp_path, GOOD)
    assert main(["indicators", "import", str(path)]) == 0
    before = state()
    updated_at = Observation.objects.get(indicator__code=PV, period="2023").updated_at
    assert main(["indicators", "import", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("新增 created 0 · 更新 updated 0 · 未变 unchanged 3")
    assert state() == before
    assert Observation.objects.get(indicator__code=PV, period="2023").updated_at == updated_at


def test_json_output_of_an_import(plan: Plan, tmp_path: Path, capsys: Capsys) -> None:
    path = write_csv(tmp_path, [*GOOD, f"{FOREST},2024,130,%"])
    assert main(["indicators", "import", str(path), "--json"]) == 1
    refused = json.loads(capsys.readouterr().out)
    assert refused["imported"] is False
    assert refused["errors"] == [{"where": "第5行 / row 5", "field": "value",
                                  "reason": "130 大于上限 100 / above the maximum 100"}]
    assert main(["indicators", "import", str(path), "--json", "--valid-only"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert set(done) == {"imported", "created", "updated", "unchanged", "skipped"}
    assert (done["imported"], done["created"], done["updated"], done["unchanged"]) == (True, 3, 0, 0)
    assert [s["where"] for s in done["skipped"]] == ["第5行 / row 5"]
    assert main(["indicators", "import", str(path), "--json", "--valid-only"]) == 0
    assert json.loads(capsys.readouterr().out)["unchanged"] == 3


def test_a_value_below_a_plan_minimum_is_refused(plan: Plan, tmp_path: Path, capsys: Capsys) -> None:
    path = write_csv(tmp_path, ["existing_data_centre_pue,2024,0.9,"])  # PUE is never below 1
    assert main(["indicators", "import", str(path)]) == 1
    assert "0.9 小于下限 1 / below the minimum 1" in capsys.readouterr().err


def test_a_derived_indicator_cannot_be_imported(plan: Plan, tmp_path: Path, capsys: Capsys) -> None:
    before = state()
    assert main(["indicators", "import", str(write_csv(tmp_path, [f"{INTENSITY},2023,-5,%"]))]) == 1
    assert state() == before


def test_a_period_that_has_not_begun_is_refused(plan: Plan, tmp_path: Path, capsys: Capsys) -> None:
    next_year = dt.date.today().year + 1
    path = write_csv(tmp_path, [f"{FOREST},{next_year},17,%", f"{FOREST},2024,16.2,%"])
    assert main(["indicators", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "第2行 / row 2 · period" in err and "has not begun" in err
    assert not Observation.objects.filter(indicator__code=FOREST).exists()
