"""`carbonpeak units import` and `carbonpeak meters import`: all or nothing, audited, enterprises linked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.cli import main
from carbonpeak.monitoring.models import KeyUnit, Meter, Rollup, UnitBudget
from carbonpeak.people.models import Enterprise
from tests.monitoring.support import USCC_A, USCC_B, records, send

Capsys = pytest.CaptureFixture[str]
pytestmark = pytest.mark.django_db

UNITS = f"""code,name,uscc,industry_code,town,data_center,stage,design_pue,annual_budget_tce
U1,金山示范新材料,{USCC_A},2614,金山卫镇,否,,,12000
DC1,漕泾云数据中心,{USCC_B},6550,漕泾镇,是,existing,1.35,
"""
METERS = """code,unit_code,energy_type,unit,kind,multiplier,role,register_max
U1-E1,U1,electricity,kWh,cumulative,100,total,99999999
U1-G1,U1,天然气,m3,interval,1,total,
DC1-E1,DC1,electricity,kWh,cumulative,200,total,
DC1-IT1,DC1,electricity,kWh,interval,1,it_load,
"""


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_units_then_meters_import_and_again_changes_nothing(tmp_path: Path, capsys: Capsys) -> None:
    assert main(["units", "import", write(tmp_path, "units.csv", UNITS), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"imported": True, "created": 2, "updated": 0, "unchanged": 0}
    assert main(["meters", "import", write(tmp_path, "meters.csv", METERS)]) == 0
    assert "created 4" in capsys.readouterr().out

    unit = KeyUnit.objects.get(code="U1")
    assert unit.enterprise is not None and unit.enterprise.uscc == USCC_A  # the demo enterprise owns it
    assert Enterprise.objects.get(uscc=USCC_B).key_units.get().code == "DC1"  # created for the new USCC
    assert UnitBudget.objects.get(unit=unit).budget_tce == 12000
    dc = KeyUnit.objects.get(code="DC1")
    assert (dc.is_data_centre, dc.data_centre_stage, dc.design_pue) == (True, "existing", 1.35)
    gas = Meter.objects.get(code="U1-G1")
    assert (gas.energy_type, gas.unit_of_measure, gas.kind, gas.role) == ("natural_gas", "m3", "interval", "total")
    assert Meter.objects.get(code="U1-E1").register_max == 99999999
    changes = ChangeRecord.objects.filter(entity__in=["monitoring.unit", "monitoring.meter"]).count()
    assert changes == 6

    assert main(["units", "import", str(tmp_path / "units.csv")]) == 0
    assert main(["meters", "import", str(tmp_path / "meters.csv")]) == 0
    assert "unchanged 4" in capsys.readouterr().out
    assert ChangeRecord.objects.filter(entity__in=["monitoring.unit", "monitoring.meter"]).count() == changes


def test_a_file_with_any_bad_row_is_refused_whole_with_every_issue(tmp_path: Path, capsys: Capsys) -> None:
    bad = UNITS.replace(USCC_A, USCC_A[:-1] + "X").replace("6550,漕泾镇", "6550,火星镇")
    assert main(["units", "import", write(tmp_path, "units.csv", bad), "--json"]) == 1
    out = capsys.readouterr()
    errors = json.loads(out.out)["errors"]
    assert {(e["row"], e["field"]) for e in errors} == {(2, "uscc"), (3, "town")}
    assert "第2行 / row 2 · uscc" in out.err
    assert not KeyUnit.objects.exists()


def test_meters_of_unknown_units_and_wrong_units_are_named(tmp_path: Path, capsys: Capsys) -> None:
    main(["units", "import", write(tmp_path, "units.csv", UNITS)])
    capsys.readouterr()
    bad = METERS.replace("U1-G1,U1,天然气,m3", "U1-G1,U9,天然气,kWh").replace("DC1-IT1,DC1", "DC1-IT1,U1")
    assert main(["meters", "import", write(tmp_path, "meters.csv", bad), "--json"]) == 1
    errors = json.loads(capsys.readouterr().out)["errors"]
    assert {(e["row"], e["field"]) for e in errors} == {(3, "unit_code"), (3, "unit"), (5, "role")}
    assert not Meter.objects.exists()


def test_a_meter_with_readings_keeps_its_energy_type(tmp_path: Path, capsys: Capsys) -> None:
    main(["units", "import", write(tmp_path, "units.csv", UNITS)])
    main(["meters", "import", write(tmp_path, "meters.csv", METERS)])
    send(records("U1-G1", [5.0, 6.0]))
    capsys.readouterr()
    changed = METERS.replace("U1-G1,U1,天然气,m3", "U1-G1,U1,electricity,kWh")
    assert main(["meters", "import", write(tmp_path, "meters2.csv", changed), "--json"]) == 1
    fields = {e["field"] for e in json.loads(capsys.readouterr().out)["errors"]}
    assert fields == {"energy_type", "unit"}


def test_moving_a_unit_to_another_town_moves_its_rollups(tmp_path: Path, capsys: Capsys) -> None:
    main(["units", "import", write(tmp_path, "units.csv", UNITS)])
    main(["meters", "import", write(tmp_path, "meters.csv", METERS)])
    send(records("U1-G1", [5.0, 6.0]))
    assert set(Rollup.objects.filter(scope="town").values_list("key", flat=True)) == {"金山卫镇"}
    main(["units", "import", write(tmp_path, "moved.csv", UNITS.replace("2614,金山卫镇", "2614,亭林镇"))])
    towns = {r.key: r.quantity for r in Rollup.objects.filter(scope="town", grain="month")}
    assert towns == {"亭林镇": 11.0}


def test_a_sub_meter_made_total_is_summed_into_its_unit(tmp_path: Path, capsys: Capsys) -> None:
    main(["units", "import", write(tmp_path, "units.csv", UNITS)])
    main(["meters", "import", write(tmp_path, "meters.csv", METERS.replace("U1-G1,U1,天然气,m3,interval,1,total",
                                                                           "U1-G1,U1,天然气,m3,interval,1,sub_meter"))])
    send(records("U1-G1", [5.0, 6.0]))
    assert not Rollup.objects.filter(scope="unit").exists()
    main(["meters", "import", write(tmp_path, "meters.csv", METERS)])
    assert Rollup.objects.get(scope="unit", grain="month").quantity == 11.0


def test_an_unreadable_file_exits_2(tmp_path: Path, capsys: Capsys) -> None:
    assert main(["units", "import", str(tmp_path / "missing.csv")]) == 2
    assert main(["units", "import", str(tmp_path)]) == 2  # a folder
    path = tmp_path / "units.csv"
    path.write_bytes(b"\x00\x01binary\xff")
    assert main(["units", "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "no such file" in err and "is a folder" in err and "不是文本文件" in err and "not a text file" in err
    assert "Traceback" not in err


def test_a_gbk_csv_from_excel_is_read(tmp_path: Path, capsys: Capsys) -> None:
    path = tmp_path / "units.csv"
    path.write_bytes(UNITS.encode("gbk"))
    assert main(["units", "import", str(path)]) == 0
    assert KeyUnit.objects.get(code="U1").name == "金山示范新材料"
