"""The plan export carries each indicator's targets split to places in the plan file's shape (`places:`,
docs/plan-data.md): JSON per indicator, xlsx on the sheet 分地区目标; and what the export says loads back."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from carbonpeak.cli import main
from carbonpeak.indicators import place_services
from carbonpeak.indicators.models import PlaceTarget
from carbonpeak.plan.models import Plan
from carbonpeak.plan.services import load_plan_from_path
from tests.plan._support import bundled_raw, indicator_of, write_plan

PV = "new_pv_capacity"
FOREST = "forest_cover_rate"


def split(plan: Plan) -> None:
    """The office splits on the indicator page: shares of the PV addition, a town's own forest cover."""
    pv, forest = plan.indicators.get(code=PV), plan.indicators.get(code=FOREST)
    place_services.set_place_target(pv, "fengjing", 2025, share=30, user=None, actor_label="tests")
    place_services.set_place_target(pv, "caojing", 2025, value=45, note="含渔光互补", user=None, actor_label="tests")
    place_services.set_place_target(forest, "zhujing", 2025, value=18.5, user=None, actor_label="tests")


def stored() -> set[tuple[str, str, int, float | None, float | None, str]]:
    return {(t.indicator.code, t.place.code, t.year, t.value, t.share, t.note)
            for t in PlaceTarget.objects.select_related("indicator", "place")}


def export_json(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main(["plan", "export", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, dict)
    return data


def places_in(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return {i["code"]: i["places"] for i in data["indicators"]}


def test_json_names_each_place_as_the_plan_file_does(plan: Plan, capsys: pytest.CaptureFixture[str]) -> None:
    split(plan)
    places = places_in(export_json(capsys))
    assert places[PV] == [{"place": "caojing", "year": 2025, "value": 45.0, "note": "含渔光互补"},
                          {"place": "fengjing", "year": 2025, "share": 30.0}]
    assert places[FOREST] == [{"place": "zhujing", "year": 2025, "value": 18.5}]
    assert places["energy_intensity_change"] == []


def test_export_then_load_round_trips(plan: Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    split(plan)
    before = stored()
    exported = places_in(export_json(capsys))
    raw = bundled_raw()
    for item in raw["indicators"]:
        item["places"] = exported[item["code"]]
    # What the export says is what is stored: loading it changes nothing.
    assert not load_plan_from_path(write_plan(raw, tmp_path), actor_label="tests").changed
    # Cleared, then loaded from the export: the same splits again, and the same export.
    cleared = bundled_raw()
    for item in cleared["indicators"]:
        item["places"] = []
    load_plan_from_path(write_plan(cleared, tmp_path, "cleared.yaml"), actor_label="tests")
    assert not PlaceTarget.objects.exists()
    assert load_plan_from_path(write_plan(raw, tmp_path), actor_label="tests").changed
    assert stored() == before
    assert places_in(export_json(capsys)) == exported


def test_xlsx_has_a_sheet_of_place_targets(plan: Plan, tmp_path: Path) -> None:
    split(plan)
    out_file = tmp_path / "plan.xlsx"
    assert main(["plan", "export", "--format", "xlsx", "-o", str(out_file)]) == 0
    book = load_workbook(io.BytesIO(out_file.read_bytes()))
    assert book.sheetnames == ["任务分解表", "分地区目标"]
    rows = list(book["分地区目标"].iter_rows(values_only=True))
    assert rows[0] == ("指标代码", "指标", "地区代码", "地区", "年份", "目标值", "份额（%）", "说明")
    assert [r[:7] for r in rows[1:]] == [
        (PV, indicator_of(bundled_raw(), PV)["name"], "caojing", "漕泾镇", 2025, 45, None),
        (PV, indicator_of(bundled_raw(), PV)["name"], "fengjing", "枫泾镇", 2025, None, 30),
        (FOREST, indicator_of(bundled_raw(), FOREST)["name"], "zhujing", "朱泾镇", 2025, 18.5, None),
    ]
