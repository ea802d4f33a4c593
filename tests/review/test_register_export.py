"""`carbonpeak review register export` and the API list the register with each year's actual energy,
its source (monitoring or typed) and the linked unit."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from carbonpeak.cli import main
from carbonpeak.review import register
from carbonpeak.review.register import refresh_register_actuals
from tests.conftest import ClientFactory
from tests.review.register_support import import_plants, metered_unit

pytestmark = pytest.mark.django_db
Capsys = pytest.CaptureFixture[str]


def setup_register() -> float:
    _unit, tce = metered_unit()
    cement = import_plants()["演示水泥熟料线"]
    register.record_actual(cement, year=2024, energy_tce=49_000, source="统计报表", actor_label="tests")
    register.record_actual(cement, year=2025, energy_tce=57_500, source="能源审计", actor_label="tests")
    refresh_register_actuals(dt.date(2026, 5, 1), actor_label="jobs")
    return tce


def test_json_export_one_row_per_entry_and_year(capsys: Capsys) -> None:
    tce = setup_register()
    assert main(["review", "register", "export", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    by = {(r["name"], r["year"]): r for r in rows}
    assert set(by) == {("演示水泥熟料线", 2024), ("演示水泥熟料线", 2025), ("演示烧碱装置", None), ("演示铝冶炼", 2026)}
    metered = by[("演示铝冶炼", 2026)]
    assert (metered["unit_code"], metered["actual_source"], metered["partial"]) == ("MU-001", "monitoring", True)
    assert metered["actual_tce"] == pytest.approx(tce, rel=1e-3)
    assert metered["factor_sets"] and metered["months_covered"] == 2
    typed = by[("演示水泥熟料线", 2025)]
    assert (typed["unit_code"], typed["actual_source"], typed["actual_tce"]) == (None, "typed", 57_500)
    assert typed["alert"] is True and typed["deviation_pct"] == pytest.approx(15)
    none = by[("演示烧碱装置", None)]
    assert (none["actual_tce"], none["actual_source"]) == (None, None)


def test_xlsx_export_needs_a_file_and_writes_the_same_rows(tmp_path: Path, capsys: Capsys) -> None:
    setup_register()
    assert main(["review", "register", "export", "--format", "xlsx"]) == 1
    assert "-o FILE" in capsys.readouterr().err
    out = tmp_path / "register.xlsx"
    assert main(["review", "register", "export", "--format", "xlsx", "-o", str(out)]) == 0
    sheet = load_workbook(out).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert "监测单位 Unit" in rows[0] and len(rows) == 1 + 4
    assert any(r[rows[0].index("来源 Source (monitoring/typed)")] == "monitoring" for r in rows[1:])
    year, tce = rows[0].index("年份 Year") + 1, rows[0].index("核定能耗 Approved (tce)") + 1
    numbers = [r for r in sheet.iter_rows(min_row=2) if isinstance(r[tce - 1].value, float | int)]
    assert numbers and all(r[tce - 1].number_format == "#,##0.00" for r in numbers)  # numbers, as the layer shows
    assert all(r[year - 1].number_format == "0" for r in sheet.iter_rows(min_row=2) if r[year - 1].value)  # 2025


def test_api_carries_the_same_fields(client_as: ClientFactory) -> None:
    tce = setup_register()
    rows = {r["name"]: r for r in client_as("leader").get("/api/v1/review/register").json()}
    metered = rows["演示铝冶炼"]
    assert (metered["unit_code"], metered["year"], metered["actual_source"]) == ("MU-001", 2026, "monitoring")
    assert metered["actual_tce"] == pytest.approx(tce, rel=1e-3)
    assert metered["actuals"][0]["partial"] is True
    cement = rows["演示水泥熟料线"]
    assert (cement["unit_code"], cement["year"], cement["actual_source"], cement["monitored_unit"]) == (
        None, 2025, "typed", "")
    assert cement["actual_energy"] == {"2024": 49_000, "2025": 57_500}  # the fields that were there stay
    assert [a["year"] for a in cement["actuals"]] == [2024, 2025]
