"""The plan exported as JSON for other systems."""

from __future__ import annotations

import json
from typing import Any

import pytest

from carbonpeak.common.measures import UNITS
from carbonpeak.plan.export import plan_as_dict
from carbonpeak.plan.models import Plan
from tests.plan._support import bundled_spec


@pytest.fixture
def exported(plan: Plan) -> dict[str, Any]:
    data = json.loads(json.dumps(plan_as_dict(plan), ensure_ascii=False))
    assert isinstance(data, dict)
    return data


def test_top_level_keys_and_plan(exported: dict[str, Any]) -> None:
    assert set(exported) == {"plan", "actions", "tasks", "departments", "indicators"}
    meta = exported["plan"]
    assert (meta["code"], meta["title"], meta["document_number"]) == (
        "jinshan-2023",
        "金山区碳达峰实施方案",
        "金府发〔2023〕1号",
    )
    assert meta["issued_on"] == "2023-05-23"
    assert meta["base_year"] == 2020


def test_actions(exported: dict[str, Any]) -> None:
    actions = exported["actions"]
    assert [a["number"] for a in actions] == list(range(1, 11))
    assert actions[4]["name"] == "交通领域绿色低碳行动"
    assert all({"number", "name"} <= set(a) for a in actions)


def test_eighty_tasks_with_their_departments_by_name(exported: dict[str, Any]) -> None:
    tasks = exported["tasks"]
    assert [t["number"] for t in tasks] == list(range(1, 81))
    keys = {"number", "action", "content", "time_node", "lead_departments", "co_departments"}
    assert all(keys <= set(t) for t in tasks)
    spec = bundled_spec()
    name = {d.code: d.name for d in spec.departments}
    for task, t_spec in zip(tasks, spec.tasks, strict=True):
        assert task["action"] == t_spec.action
        assert task["content"] == t_spec.content
        assert task["time_node"] == str(t_spec.time_node)
        assert task["lead_departments"] == [name[c] for c in t_spec.lead]
        assert task["co_departments"] == [name[c] for c in t_spec.co]
    by_number = {t["number"]: t for t in tasks}
    assert by_number[58]["lead_departments"] == ["区农业农村委"]
    assert by_number[58]["co_departments"] == ["区绿化市容局", "区发改委"]
    assert by_number[41]["action"] == 5
    assert by_number[7]["lead_departments"] == ["碳谷绿湾公司"]
    assert by_number[13]["time_node"] == "by_2025"


def test_departments_are_exactly_those_on_tasks(exported: dict[str, Any]) -> None:
    departments = exported["departments"]
    names = [d["name"] for d in departments]
    assert len(names) == len(set(names))
    on_tasks = {n for t in exported["tasks"] for n in t["lead_departments"] + t["co_departments"]}
    assert set(names) == on_tasks
    kinds = {d["name"]: d["kind"] for d in departments}
    assert kinds["区发改委"] == "district_bureau"
    assert kinds["碳谷绿湾公司"] == "company"
    assert kinds["相关镇"] == "collective"
    assert kinds["区委宣传部"] == "party_body"
    assert "各有关部门" not in kinds  # named only in the safeguards, on no task


def test_indicators_with_targets_and_source(exported: dict[str, Any]) -> None:
    indicators = exported["indicators"]
    assert len(indicators) == 36
    for ind in indicators:
        assert {"code", "name", "unit", "direction", "targets", "source"} <= set(ind)
        assert ind["unit"] in UNITS
        assert ind["direction"] in ("increase", "decrease")
        assert ind["source"]["clause"]
        assert ind["targets"]
        assert all({"year", "value", "kind"} <= set(t) for t in ind["targets"])
    by_code = {i["code"]: i for i in indicators}
    coverage = by_code["existing_roof_pv_coverage"]
    assert (coverage["unit"], coverage["direction"]) == ("percent", "increase")
    assert [(t["year"], t["value"], t["kind"]) for t in coverage["targets"]] == [(2025, 50.0, "level")]
    assert coverage["source"]["clause"] == "三、(二)1"
    assert coverage["tasks"] == [12]
    pv = by_code["new_roof_pv_ratio_public_industrial"]
    assert pv["targets"][0]["start_year"] == 2022
    assert pv["targets"][0]["kind"] == "hold_every_year"
