"""Scenario inheritance (as in LEAP) and the errors a bad scenario gets, each naming the field."""

from __future__ import annotations

from typing import Any

import pytest

from carbonpeak.roadmap.issues import ScenarioError
from carbonpeak.roadmap.measures import MeasureSpec
from carbonpeak.roadmap.scenario import (
    ScenarioSpec,
    default_scenarios,
    measure_kinds,
    parameter_catalogue,
    resolve,
    scenarios_from_mapping,
)
from tests.roadmap.pure._small import small_base


def spec(sid: str, parent: str | None, overrides: dict[str, Any] | None = None,
         measures: tuple[MeasureSpec, ...] = ()) -> ScenarioSpec:
    return ScenarioSpec(sid, sid, sid, parent, overrides or {}, measures)


WIND = MeasureSpec("wind", "offshore_wind", "风", "Wind", {})


def fields(err: pytest.ExceptionInfo[ScenarioError]) -> list[str]:
    return [i.field for i in err.value.issues]


def test_child_inherits_parameters_and_measures_and_overrides_win_down_the_line() -> None:
    specs = {
        "a": spec("a", None, {"growth.gdp.services": 0.04}),
        "b": spec("b", "a", {"measure.wind.capacity_mw": 400}, (WIND,)),
        "c": spec("c", "b", {"growth.gdp.services": 0.03, "measure.wind.delivery": 0.5}),
    }
    c = resolve(specs, "c", small_base())
    assert c.lineage == ("a", "b", "c")
    assert c.parameters["growth.gdp.services"] == 0.03
    assert c.parameters["measure.wind.capacity_mw"] == 400
    assert [m.id for m in c.measures] == ["wind"]
    assert c.measures[0].params["capacity_mw"] == 400
    assert c.delivery("wind") == 0.5
    b = resolve(specs, "b", small_base())
    assert b.parameters["growth.gdp.services"] == 0.04
    assert b.delivery("wind") == 1.0
    a = resolve(specs, "a", small_base())
    assert a.measures == ()
    assert a.parameters["growth.gdp.industry_other"] == small_base().defaults()["growth.gdp.industry_other"]


def test_a_child_disables_or_replaces_a_parent_measure() -> None:
    other = MeasureSpec("wind", "generation", "风2", "Wind 2", {"source": "wind", "capacity_mw": 100})
    specs = {
        "a": spec("a", None, measures=(WIND,)),
        "off": spec("off", "a", {"measure.wind.enabled": 0}),
        "swap": spec("swap", "a", measures=(other,)),
    }
    off = resolve(specs, "off", small_base())
    assert not off.measures[0].enabled
    assert off.delivery("wind") == 0.0
    swap = resolve(specs, "swap", small_base())
    assert swap.measures[0].kind == "generation"
    assert "measure.wind.target_year" not in swap.parameters


def test_unknown_parent() -> None:
    with pytest.raises(ScenarioError) as err:
        resolve({"a": spec("a", "ghost")}, "a", small_base())
    assert fields(err) == ["parent"]
    assert "ghost" in str(err.value)


def test_inheritance_cycle() -> None:
    specs = {"a": spec("a", "c"), "b": spec("b", "a"), "c": spec("c", "b")}
    with pytest.raises(ScenarioError) as err:
        resolve(specs, "a", small_base())
    assert fields(err) == ["parent"]
    assert "cycle" in str(err.value)


def test_unknown_scenario_id() -> None:
    with pytest.raises(ScenarioError):
        resolve({}, "nope", small_base())


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"growth.gdp.services": 0.9}, "growth.gdp.services"),  # above its maximum
        ({"grid.factor_change": -0.5}, "grid.factor_change"),  # below its minimum
        ({"no.such.path": 1.0}, "no.such.path"),
        ({"measure.ghost.capacity_mw": 1.0}, "measure.ghost.capacity_mw"),
        ({"measure.wind.no_such_param": 1.0}, "measure.wind.no_such_param"),
        ({"measure.wind.capacity_mw": -5}, "measure.wind.capacity_mw"),
        ({"measure.wind.delivery": 3}, "measure.wind.delivery"),
        ({"measure.wind.enabled": 0.5}, "measure.wind.enabled"),
        ({"growth.decay": "fast"}, "growth.decay"),
    ],
)
def test_bad_overrides_name_the_path(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(ScenarioError) as err:
        resolve({"a": spec("a", None, overrides, (WIND,))}, "a", small_base())
    assert field in fields(err)


def test_measure_problems_name_the_parameter() -> None:
    bad = (
        MeasureSpec("x", "no_such_kind", "x", "x", {}),
        MeasureSpec("y", "fuel_shift", "y", "y", {"sector": "nowhere", "from_fuel": "coal", "to_fuel": "coal"}),
        MeasureSpec("z", "offshore_wind", "z", "z", {"start_year": 2030, "target_year": 2025}),
        MeasureSpec("w", "generation", "w", "w", {"capacity_mw": "lots"}),
    )
    with pytest.raises(ScenarioError) as err:
        resolve({"a": spec("a", None, measures=bad)}, "a", small_base())
    found = fields(err)
    assert {"kind", "params.sector", "params.target_year", "params.capacity_mw"} <= set(found)


def test_from_mapping_checks_every_scenario() -> None:
    raw = {"scenarios": {
        "base": {"name_zh": "基准", "name_en": "Base", "parent": None},
        "x": {"name_zh": "", "name_en": "X", "parent": "base", "measures": ["no_lever"],
              "overrides": {"growth.gdp.services": 1.5}},
        "Bad Id": {"name_zh": "b", "name_en": "b"},
    }}
    with pytest.raises(ScenarioError) as err:
        scenarios_from_mapping(raw, small_base())
    found = fields(err)
    assert "scenarios.x.name_zh" in found
    assert "scenarios.x.measures[0]" in found
    assert "scenarios.Bad Id" in found


def test_from_mapping_reports_override_errors_of_valid_shapes() -> None:
    raw = {"a": {"name_zh": "a", "name_en": "a", "parent": None, "overrides": {"growth.gdp.services": 1.5}}}
    with pytest.raises(ScenarioError) as err:
        scenarios_from_mapping(raw, small_base())
    assert fields(err) == ["growth.gdp.services"]


def test_bundled_scenarios() -> None:
    specs = default_scenarios()
    assert {"baseline", "plan", "plan_slow"} <= set(specs)
    plan = resolve(specs, "plan")
    assert plan.lineage == ("baseline", "plan")
    assert len(plan.measures) == 15
    slow = resolve(specs, "plan_slow")
    assert slow.delivery("pv_new") == pytest.approx(0.6)
    assert slow.parameters["measure.offshore_wind.start_year"] == 2026


def test_catalogue_and_kinds_for_the_editor() -> None:
    catalogue = {p.path: p for p in parameter_catalogue()}
    assert catalogue["measure.pv_new.capacity_mw_2025"].default == 300
    assert catalogue["measure.pv_new.capacity_mw_2025"].unit == "MW"
    assert catalogue["growth.gdp.services"].source
    assert all(p.minimum <= p.default <= p.maximum for p in catalogue.values())
    kinds = {k.kind: k for k in measure_kinds()}
    assert {"intensity_change", "fuel_shift", "generation", "sink"} <= {k for k, v in kinds.items() if v.generic}
    for k in kinds.values():
        if not k.generic:
            assert "任务" in k.source or "三、" in k.source  # cites clause and task number
        for p in k.parameters:
            assert p.choices or p.minimum is not None
