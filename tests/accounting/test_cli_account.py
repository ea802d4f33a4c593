"""`carbonpeak account FILE.csv`: account a CSV from the console, nothing stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from carbonpeak.accounting.models import ActivityRecord
from carbonpeak.cli import main
from tests.accounting._hand import (
    CSV_HEADER,
    DIESEL_AND_ELECTRICITY_CSV,
    DIESEL_CO2_PER_T,
    DIESEL_TCE_PER_T,
    ELEC_CO2_NATIONAL_2023,
    ELEC_CO2_SHANGHAI_2023,
    ELEC_CO2_SHANGHAI_BEFORE_2022,
    ELEC_EQUAL_VALUE_PER_10K_KWH,
    ELEC_TCE_PER_10K_KWH,
)

Capsys = pytest.CaptureFixture[str]


def write(tmp_path: Path, text: str, name: str = "records.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run_json(capsys: Capsys, *argv: str) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, json.loads(out) if out.strip() else {}, err


def test_json_answer(db: None, tmp_path: Path, capsys: Capsys) -> None:
    code, data, _ = run_json(capsys, "account", write(tmp_path, DIESEL_AND_ELECTRICITY_CSV), "--json")
    assert code == 0
    assert {"factor_set", "factor_set_name", "records", "totals", "entities", "energy_types", "sectors", "periods",
            "factors_used"} <= set(data)
    assert data["factor_set"].startswith("shanghai@")
    assert data["records"] == 2
    totals = data["totals"]
    assert totals["energy_tce"] == pytest.approx(DIESEL_TCE_PER_T + ELEC_TCE_PER_10K_KWH)
    assert totals["energy_tce_equal_value"] == pytest.approx(DIESEL_TCE_PER_T + ELEC_EQUAL_VALUE_PER_10K_KWH)
    assert totals["co2_direct_t"] == pytest.approx(DIESEL_CO2_PER_T)
    assert totals["co2_indirect_t"] == pytest.approx(ELEC_CO2_SHANGHAI_2023)
    assert data["entities"]["A"]["co2_t"] == pytest.approx(DIESEL_CO2_PER_T + ELEC_CO2_SHANGHAI_2023)
    assert data["energy_types"]["electricity"]["quantity"] == 10000
    assert data["energy_types"]["electricity"]["quantity_unit"] == "kWh"
    used = {(f["set"], f["subject"], f["parameter"]) for f in data["factors_used"]}
    assert ("shanghai", "electricity", "emission_factor") in used
    assert ("cn-national", "diesel", "ncv") in used


def test_national_factors_change_electricity_co2(db: None, tmp_path: Path, capsys: Capsys) -> None:
    path = write(tmp_path, DIESEL_AND_ELECTRICITY_CSV)
    code, data, _ = run_json(capsys, "account", path, "--json", "--factors", "cn-national")
    assert code == 0
    assert data["factor_set"].startswith("cn-national@")
    assert data["energy_types"]["electricity"]["co2_t"] == pytest.approx(ELEC_CO2_NATIONAL_2023)
    assert data["energy_types"]["diesel"]["co2_t"] == pytest.approx(DIESEL_CO2_PER_T)
    assert data["totals"]["energy_tce"] == pytest.approx(2.6861)


def test_table_output(db: None, tmp_path: Path, capsys: Capsys) -> None:
    assert main(["account", write(tmp_path, DIESEL_AND_ELECTRICITY_CSV)]) == 0
    out = capsys.readouterr().out
    assert "因子集 / factor set: shanghai@" in out
    assert "记录 / records: 2" in out
    total = next(line for line in out.splitlines() if "合计 total" in line).split()
    assert total[2:] == ["2.686", "5.497", "2.686", "7.296", "3.096", "4.200"]


def test_bad_rows_exit_2_naming_row_and_field(db: None, tmp_path: Path, capsys: Capsys) -> None:
    text = f"{CSV_HEADER}\nA,2023,electricity,10000,t\nA,2023,diesel,1,t\nA,2023,diesel,lots,t\n"
    code, data, err = run_json(capsys, "account", write(tmp_path, text), "--json")
    assert code == 2
    assert "nothing computed or changed (2)" in err
    assert "第2行 / row 2 · unit:" in err
    assert "第4行 / row 4 · quantity: 须为数字 / must be a number: 'lots'" in err
    assert [(e["where"], e["field"]) for e in data["errors"]] == [
        ("第2行 / row 2", "unit"), ("第4行 / row 4", "quantity")]
    assert "totals" not in data


def test_bad_rows_without_json_print_nothing_on_stdout(db: None, tmp_path: Path, capsys: Capsys) -> None:
    assert main(["account", write(tmp_path, f"{CSV_HEADER}\nA,2023,diesel,1,kWh\n")]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "第2行 / row 2 · unit:" in err


def test_missing_column_is_named(db: None, tmp_path: Path, capsys: Capsys) -> None:
    text = "entity,period,energy_type,amount\nA,2023,diesel,1\n"
    code, data, err = run_json(capsys, "account", write(tmp_path, text), "--json")
    assert code == 2
    assert {(e["where"], e["field"]) for e in data["errors"]} == {
        ("第1行 / row 1 (header)", "quantity"), ("第1行 / row 1 (header)", "unit")}
    assert "column missing" in err


def test_unknown_factor_set_exits_2(db: None, tmp_path: Path, capsys: Capsys) -> None:
    code, data, _ = run_json(capsys, "account", write(tmp_path, DIESEL_AND_ELECTRICITY_CSV), "--json",
                             "--factors", "atlantis")
    assert code == 2
    assert data["errors"][0]["field"] == "factor_set"


def test_missing_file_exits_2(db: None, tmp_path: Path, capsys: Capsys) -> None:
    assert main(["account", str(tmp_path / "nowhere.csv")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_value_added_and_base_period(db: None, tmp_path: Path, capsys: Capsys) -> None:
    records = write(tmp_path, f"{CSV_HEADER}\nA,2020,electricity,2,万kWh\nA,2023,electricity,10000,kWh\n"
                              f"A,2023,diesel,1,t\nB,2023,diesel,1,t\n")
    added = write(tmp_path, "entity,period,value_added\nA,2020,100\nA,2023,200\n", "va.csv")
    code, data, _ = run_json(capsys, "account", records, "--json", "--value-added", added, "--base-period", "2020")
    assert code == 0
    a = data["entities"]["A"]["periods"]
    base = 2 * ELEC_TCE_PER_10K_KWH / 100
    now = (DIESEL_TCE_PER_T + ELEC_TCE_PER_10K_KWH) / 200
    assert a["2020"]["energy_intensity"] == {"value": pytest.approx(base), "unit": "tce/10^4 CNY"}
    assert a["2023"]["energy_intensity"]["value"] == pytest.approx(now)
    assert a["2023"]["energy_intensity_change_pct"] == pytest.approx((now / base - 1) * 100)
    co2_base = 2 * ELEC_CO2_SHANGHAI_BEFORE_2022 / 100
    co2_now = (DIESEL_CO2_PER_T + ELEC_CO2_SHANGHAI_2023) / 200
    assert a["2023"]["co2_intensity_change_pct"] == pytest.approx((co2_now / co2_base - 1) * 100)
    # B has no value added: no intensity.
    assert "energy_intensity" not in data["entities"]["B"]["periods"]["2023"]


def test_bad_value_added_exits_2(db: None, tmp_path: Path, capsys: Capsys) -> None:
    added = write(tmp_path, "entity,period,value_added\nA,2023,zero\n", "va.csv")
    code, data, _ = run_json(capsys, "account", write(tmp_path, DIESEL_AND_ELECTRICITY_CSV), "--json",
                             "--value-added", added)
    assert code == 2
    assert [(e["where"], e["field"]) for e in data["errors"]] == [("value_added 第2行 / row 2", "value_added")]


def test_unreadable_base_period_exits_2(db: None, tmp_path: Path, capsys: Capsys) -> None:
    code = main(["account", write(tmp_path, DIESEL_AND_ELECTRICITY_CSV), "--base-period", "20x0"])
    assert code == 2
    assert "base" in capsys.readouterr().err


def test_nothing_is_stored(db: None, tmp_path: Path, capsys: Capsys) -> None:
    before = ActivityRecord.objects.count()
    assert main(["account", write(tmp_path, DIESEL_AND_ELECTRICITY_CSV), "--json"]) == 0
    assert ActivityRecord.objects.count() == before
