"""`carbonpeak activity import`, then `inventory compile` and `inventory export` from the console."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook

from carbonpeak.accounting.models import ActivityRecord, Inventory
from carbonpeak.audit.models import ChangeRecord
from carbonpeak.cli import main
from tests.accounting._hand import DIESEL_CO2_PER_T, DIESEL_TCE_PER_T

Capsys = pytest.CaptureFixture[str]
HEADER = "entity,period,energy_type,quantity,unit,sector\n"
GOOD = HEADER + "新厂,2030,diesel,10,t,transport\n新厂,2030,electricity,5,万kWh,industry\n新厂,2031-Q1,diesel,2,t,\n"


def write(tmp_path: Path, text: str, name: str = "plant.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def stored(source: str) -> Counter[int]:
    return Counter(ActivityRecord.objects.filter(source=source).values_list("year", flat=True))


def test_import_stores_records_per_year(db: None, tmp_path: Path, capsys: Capsys) -> None:
    total = ActivityRecord.objects.count()
    assert main(["activity", "import", write(tmp_path, GOOD)]) == 0
    assert capsys.readouterr().out.strip() == "已导入 / imported (2030: 2, 2031: 1); 替换 / replaced 0"
    assert stored("plant.csv") == {2030: 2, 2031: 1}
    assert ActivityRecord.objects.count() == total + 3
    q1 = ActivityRecord.objects.get(source="plant.csv", year=2031)
    assert (q1.period, q1.energy_type, q1.quantity, q1.unit, q1.sector, q1.use) == (
        "2031-Q1", "diesel", 2.0, "t", "unspecified", "fuel")
    power = ActivityRecord.objects.get(source="plant.csv", energy_type="electricity")
    assert (power.unit, power.quantity, power.sector) == ("万kWh", 5.0, "industry")
    record = ChangeRecord.objects.get(entity="activity_data", entity_key="plant.csv")
    assert record.action == "created"
    assert record.after == {"2030": {"records": 2, "quantity_sum": 15.0}, "2031": {"records": 1, "quantity_sum": 2.0}}


def test_importing_the_same_file_again_replaces(db: None, tmp_path: Path, capsys: Capsys) -> None:
    path = write(tmp_path, GOOD)
    assert main(["activity", "import", path]) == 0
    count = ActivityRecord.objects.count()
    assert main(["activity", "import", path]) == 0
    assert capsys.readouterr().out.splitlines()[-1].endswith("替换 / replaced 3")
    assert ActivityRecord.objects.count() == count
    assert stored("plant.csv") == {2030: 2, 2031: 1}
    records = ChangeRecord.objects.filter(entity="activity_data", entity_key="plant.csv").order_by("id")
    assert [r.action for r in records] == ["created", "updated"]


def test_source_option_names_the_batch(db: None, tmp_path: Path, capsys: Capsys) -> None:
    assert main(["activity", "import", write(tmp_path, GOOD), "--source", "统计局 2030"]) == 0
    assert stored("统计局 2030") == {2030: 2, 2031: 1}
    assert not stored("plant.csv")


def test_file_with_one_bad_row_stores_nothing(db: None, tmp_path: Path, capsys: Capsys) -> None:
    before = (ActivityRecord.objects.count(), ChangeRecord.objects.count())
    bad = GOOD + "新厂,2030,diesel,-1,t,transport\n"
    assert main(["activity", "import", write(tmp_path, bad)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "activity data rejected, nothing computed or changed (1)" in err
    assert "第5行 / row 5 · quantity:" in err
    assert (ActivityRecord.objects.count(), ChangeRecord.objects.count()) == before


def test_bad_reimport_keeps_the_earlier_import(db: None, tmp_path: Path, capsys: Capsys) -> None:
    assert main(["activity", "import", write(tmp_path, GOOD)]) == 0
    assert main(["activity", "import", write(tmp_path, GOOD + "新厂,2030,diesel,1,kWh,\n")]) == 2
    assert stored("plant.csv") == {2030: 2, 2031: 1}


def test_compile_after_import_adds_the_new_emissions(db: None, tmp_path: Path, capsys: Capsys) -> None:
    old = Inventory.objects.filter(year=2023).order_by("-compiled_at", "-id").first()
    assert old is not None
    count = Inventory.objects.count()
    extra = HEADER + "新车队,2023,diesel,1000,t,transport\n"
    assert main(["activity", "import", write(tmp_path, extra, "fleet.csv")]) == 0
    assert main(["inventory", "compile", "2023"]) == 0
    out = capsys.readouterr().out.splitlines()[-1]
    assert out.startswith("2023: ") and "shanghai@" in out
    assert Inventory.objects.count() == count + 1
    new = Inventory.objects.filter(year=2023).order_by("-compiled_at", "-id").first()
    assert new is not None and new.pk != old.pk
    # 1000 t diesel: +1457.1 tce, +1000 × 3.0959 t CO2, all on the transport direct line.
    assert new.total_co2e_t - old.total_co2e_t == pytest.approx(1000 * DIESEL_CO2_PER_T, rel=1e-6)
    assert new.energy_tce - old.energy_tce == pytest.approx(1000 * DIESEL_TCE_PER_T, rel=1e-6)
    lines_old = {line["code"]: line["co2e_t"] for line in old.lines}
    lines_new = {line["code"]: line["co2e_t"] for line in new.lines}
    changed = {code for code in lines_new if lines_new[code] != pytest.approx(lines_old[code])}
    assert changed == {"energy.transport.direct"}
    assert new.activity_records == old.activity_records + 1
    assert new.compiled_by_label.startswith("cli:inventory compile")
    assert ChangeRecord.objects.filter(entity="inventory", entity_key="2023").count() >= 2


def test_compile_with_another_factor_set(db: None, capsys: Capsys) -> None:
    assert main(["inventory", "compile", "2023", "--factors", "cn-national"]) == 0
    assert "cn-national@" in capsys.readouterr().out
    latest = Inventory.objects.filter(year=2023).order_by("-compiled_at", "-id").first()
    assert latest is not None and latest.factor_set.startswith("cn-national@")


def test_export_writes_a_workbook(db: None, tmp_path: Path, capsys: Capsys) -> None:
    target = tmp_path / "x.xlsx"
    assert main(["inventory", "export", "2023", "-o", str(target)]) == 0
    assert "x.xlsx" in capsys.readouterr().err
    book = load_workbook(target, read_only=True)
    assert book.sheetnames == ["清单 2023", "趋势 Trend", "说明 About"]
    assert "2023" in str(next(book["清单 2023"].iter_rows(max_row=1, values_only=True))[0])
    trend_years = [row[0] for row in book["趋势 Trend"].iter_rows(min_row=2, values_only=True)]
    assert trend_years == [2020, 2021, 2022, 2023, 2024, 2025]


def test_export_of_a_year_without_inventory_exits_2(db: None, tmp_path: Path, capsys: Capsys) -> None:
    target = tmp_path / "x.xlsx"
    assert main(["inventory", "export", "2019", "-o", str(target)]) == 2
    assert "no inventory for 2019" in capsys.readouterr().err
    assert not target.exists()
