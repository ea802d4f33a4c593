"""Scenarios (情景): a parent, parameter overrides and measures, resolved by inheritance.

Pure module (no Django). As in LEAP, a scenario inherits everything from its parent and says only
what differs: `overrides` maps a dotted parameter path to a value (`growth.gdp.services`,
`measure.pv_new.capacity_mw_2025`, `measure.wetland.enabled`) and `measures` adds measures (a
measure with a parent's id replaces it). `resolve` walks the lineage from the root, applies
each scenario's measures and then its overrides, and checks every value against the catalogue;
anything wrong raises `ScenarioError` listing every problem with the scenario and field named.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from carbonpeak.common.yaml_files import parse_yaml
from carbonpeak.roadmap.basedata import CALENDAR_YEAR, DATA_DIR, BaseData, ParameterInfo, load_base_data
from carbonpeak.roadmap.issues import InputIssue, Issues, ScenarioError
from carbonpeak.roadmap.measures import (
    COMMON,
    MAX_DELIVERY,
    MeasureKindInfo,
    MeasureSpec,
    complete,
    kinds,
    out_of_range,
    plan_measures,
)

SCENARIOS_FILE = DATA_DIR / "scenarios.yaml"
# What the two parameters every measure has mean, (zh, en).
ENABLED_SOURCE = ("0 = 本情景不实施，1 = 实施", "0 = not in this scenario, 1 = in it")
DELIVERY_SOURCE = ("1 = 按计划落实；小于1为部分落实，大于1为超额落实",
                   "1 = as planned; below 1 partial, above 1 over-delivery")
_ID = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,63}$")

__all__ = [
    "MeasureKindInfo", "MeasureSpec", "ParameterInfo", "ResolvedScenario", "ScenarioError", "ScenarioSpec",
    "default_scenarios", "measure_kinds", "parameter_catalogue", "resolve", "scenarios_from_mapping",
]


@dataclass(frozen=True)
class ScenarioSpec:
    id: str
    name_zh: str
    name_en: str
    parent: str | None
    overrides: Mapping[str, float] = field(default_factory=dict)
    measures: tuple[MeasureSpec, ...] = ()  # added by this scenario; a parent's are inherited
    description: str = ""


@dataclass(frozen=True)
class ResolvedScenario:
    spec: ScenarioSpec
    lineage: tuple[str, ...]  # root first, this scenario last
    parameters: Mapping[str, float]  # every parameter, global and measure.<id>.<name>
    measures: tuple[MeasureSpec, ...]  # with overrides applied; `enabled` as resolved
    base: BaseData | None = field(default=None, compare=False, repr=False)

    @property
    def base_data(self) -> BaseData:
        return self.base if self.base is not None else load_base_data()

    def delivery(self, measure_id: str) -> float:
        """Delivery weight the measure runs with: enabled × its delivery × the overall scale."""
        spec = next(m for m in self.measures if m.id == measure_id)
        if not spec.enabled:
            return 0.0
        return self.parameters[f"measure.{measure_id}.delivery"] * self.parameters["measures.delivery_scale"]

    def model_parameters(self) -> dict[str, float]:
        """The global (non-measure) parameters the model reads."""
        return {k: v for k, v in self.parameters.items() if not k.startswith(("measure.", "measures."))}


def _common_infos(measure: MeasureSpec) -> list[ParameterInfo]:
    return [
        ParameterInfo(f"measure.{measure.id}.enabled", f"{measure.label_zh}：是否实施", f"{measure.label_en}: enabled",
                      "1", 1.0, 0.0, 1.0, ENABLED_SOURCE[1], source_zh=ENABLED_SOURCE[0]),
        ParameterInfo(f"measure.{measure.id}.delivery", f"{measure.label_zh}：落实程度",
                      f"{measure.label_en}: delivery", "1", 1.0, 0.0, MAX_DELIVERY,
                      DELIVERY_SOURCE[1], source_zh=DELIVERY_SOURCE[0]),
    ]


def _measure_infos(measure: MeasureSpec, base: BaseData) -> list[ParameterInfo]:
    info = kinds(base)[measure.kind]
    out = _common_infos(measure)
    for p in info.parameters:
        if p.choices:
            continue
        value = measure.params.get(p.name, p.default)
        out.append(
            ParameterInfo(
                path=f"measure.{measure.id}.{p.name}",
                label_zh=f"{measure.label_zh}：{p.label_zh}",
                label_en=f"{measure.label_en}: {p.label_en}",
                unit=p.unit,
                default=float(value),
                minimum=-math.inf if p.minimum is None else p.minimum,
                maximum=math.inf if p.maximum is None else p.maximum,
                source=p.source or info.source,
                source_zh=p.source_zh if p.source else "",
            )
        )
    return out


def parameter_catalogue(base: BaseData | None = None) -> list[ParameterInfo]:
    """Every parameter the scenario editor offers: global ones, then each plan lever's."""
    base = base or load_base_data()
    out = list(base.parameters)
    for measure in plan_measures(base):
        out.extend(_measure_infos(measure, base))
    return out


def measure_kinds(base: BaseData | None = None) -> list[MeasureKindInfo]:
    """The plan's levers and the generic kinds, each with its parameters."""
    return list(kinds(base or load_base_data()).values())


def _lineage(scenarios: Mapping[str, ScenarioSpec], scenario_id: str) -> tuple[str, ...]:
    if scenario_id not in scenarios:
        raise ScenarioError([InputIssue(scenario_id, "id", f"情景不存在 / no scenario '{scenario_id}'")])
    chain: list[str] = []
    current: str | None = scenario_id
    while current is not None:
        if current in chain:
            loop = " → ".join([*chain[chain.index(current):], current])
            raise ScenarioError([InputIssue(current, "parent", f"情景循环继承 / scenarios inherit in a cycle: {loop}")])
        if current not in scenarios:
            raise ScenarioError(
                [InputIssue(chain[-1], "parent", f"父情景不存在 / parent scenario '{current}' does not exist")]
            )
        chain.append(current)
        current = scenarios[current].parent
    return tuple(reversed(chain))


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def resolve(scenarios: Mapping[str, ScenarioSpec], scenario_id: str, base: BaseData | None = None
            ) -> ResolvedScenario:
    """The scenario with everything it inherits, every override applied and checked."""
    base = base or load_base_data()
    lineage = _lineage(scenarios, scenario_id)
    catalogue = {p.path: p for p in base.parameters}
    parameters: dict[str, float] = {p.path: p.default for p in base.parameters}
    measures: dict[str, MeasureSpec] = {}
    issues: list[InputIssue] = []
    for sid in lineage:
        spec = scenarios[sid]
        seen: set[str] = set()
        for i, measure in enumerate(spec.measures):
            where = f"{sid} · measures[{i}] ({measure.id})"
            if not _ID.match(measure.id):
                issues.append(InputIssue(where, "id", "须为小写字母、数字、_或- / lowercase letters, digits, _ or -"))
                continue
            if measure.id in seen:
                issues.append(InputIssue(where, "id", "同一情景中重复 / listed twice in this scenario"))
                continue
            seen.add(measure.id)
            done, problems = complete(measure, base, where)
            issues.extend(problems)
            if not problems:
                for stale in [k for k in parameters if k.startswith(f"measure.{measure.id}.")]:
                    del parameters[stale]  # a child's measure replaces the parent's of the same id
                measures[measure.id] = done
                for name in COMMON:
                    parameters[f"measure.{measure.id}.{name}"] = 1.0 if name == "delivery" else float(done.enabled)
                for name, param in done.params.items():
                    if not isinstance(param, str):
                        parameters[f"measure.{measure.id}.{name}"] = float(param)
        for path, raw in spec.overrides.items():
            value = _number(raw)
            where = f"{sid} · overrides"
            if value is None:
                issues.append(InputIssue(where, path, f"须为数值 / must be a number: {raw!r}"))
                continue
            limits = _limits(path, catalogue, measures, base)
            if isinstance(limits, str):
                issues.append(InputIssue(where, path, limits))
                continue
            if problem := out_of_range(value, *limits):
                issues.append(InputIssue(where, path, problem))
                continue
            if path.endswith(".enabled") and value not in (0.0, 1.0):
                issues.append(InputIssue(where, path, "须为0或1 / must be 0 or 1"))
                continue
            parameters[path] = value
    if issues:
        raise ScenarioError(issues)
    resolved_measures = tuple(
        MeasureSpec(
            m.id, m.kind, m.label_zh, m.label_en,
            {k: (v if isinstance(v, str) else parameters[f"measure.{m.id}.{k}"]) for k, v in m.params.items()},
            enabled=parameters[f"measure.{m.id}.enabled"] == 1.0,
        )
        for m in measures.values()
    )
    final: list[InputIssue] = []
    for m in resolved_measures:
        _, problems = complete(m, base, f"{scenario_id} · {m.id}")
        final.extend(problems)
    if final:
        raise ScenarioError(final)
    return ResolvedScenario(scenarios[scenario_id], lineage, parameters, resolved_measures, base)


def _limits(path: str, catalogue: Mapping[str, ParameterInfo], measures: Mapping[str, MeasureSpec],
            base: BaseData) -> tuple[float | None, float | None] | str:
    """(minimum, maximum) of a parameter path, or why the path is unknown."""
    if path in catalogue:
        return catalogue[path].minimum, catalogue[path].maximum
    parts = path.split(".")
    if len(parts) != 3 or parts[0] != "measure":
        return "未知参数 / unknown parameter path"
    _, mid, name = parts
    if mid not in measures:
        return f"情景中没有措施 '{mid}' / no measure '{mid}' in this scenario"
    if name == "enabled":
        return 0.0, 1.0
    if name == "delivery":
        return 0.0, MAX_DELIVERY
    p = kinds(base)[measures[mid].kind].param(name)
    if p is None or p.choices:
        return f"措施 '{mid}' 没有数值参数 '{name}' / measure '{mid}' has no numeric parameter '{name}'"
    return p.minimum, p.maximum


def _measure_from(raw: Any, levers: Mapping[str, MeasureSpec], check: Issues, here: str) -> MeasureSpec | None:
    if isinstance(raw, str):
        if raw not in levers:
            check.add(here, f"未知的方案措施 / unknown plan lever '{raw}' (one of {', '.join(levers)})")
            return None
        return levers[raw]
    if not isinstance(raw, Mapping):
        check.add(here, "应为措施编号或映射 / must be a lever id or a mapping")
        return None
    for key in ("id", "kind"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            check.add(f"{here}.{key}", "不能为空 / must not be empty")
    params = raw.get("params") or {}
    if not isinstance(params, Mapping):
        check.add(f"{here}.params", "应为映射 / must be a mapping")
        params = {}
    if not isinstance(raw.get("id"), str) or not isinstance(raw.get("kind"), str):
        return None
    return MeasureSpec(
        id=raw["id"], kind=raw["kind"], label_zh=str(raw.get("label_zh") or raw["id"]),
        label_en=str(raw.get("label_en") or raw["id"]), params=dict(params), enabled=bool(raw.get("enabled", True)),
    )


def _bilingual(raw: Any) -> str:
    """A description as stored: `{zh: …, en: …}` becomes "中文 / English" (each reader is shown their half,
    the template filter `in_language`); one text stays as it is."""
    if isinstance(raw, Mapping):
        zh, en = (str(raw.get(k) or "").strip() for k in ("zh", "en"))
        return f"{zh} / {en}" if zh and en else zh or en
    return str(raw or "")


def scenarios_from_mapping(raw: Mapping[str, Any], base: BaseData | None = None) -> dict[str, ScenarioSpec]:
    """Scenarios from their YAML/JSON shape (`{scenarios: {id: {...}}}` or `{id: {...}}`), each checked."""
    base = base or load_base_data()
    data = raw.get("scenarios", raw) if isinstance(raw, Mapping) else raw
    check = Issues("scenarios")
    if not isinstance(data, Mapping):
        check.add("scenarios", "应为映射 / must be a mapping of scenario id to scenario")
        check.raise_if_any()
    levers = {m.id: m for m in plan_measures(base)}
    out: dict[str, ScenarioSpec] = {}
    for sid, item in data.items():
        here = f"scenarios.{sid}"
        if not isinstance(sid, str) or not _ID.match(sid):
            check.add(here, "编号须为小写字母、数字、_或- / id must be lowercase letters, digits, _ or -")
            continue
        if not isinstance(item, Mapping):
            check.add(here, "应为映射 / must be a mapping")
            continue
        for key in ("name_zh", "name_en"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                check.add(f"{here}.{key}", "不能为空 / must not be empty")
        parent = item.get("parent")
        if parent is not None and not isinstance(parent, str):
            check.add(f"{here}.parent", "应为情景编号 / must be a scenario id")
            parent = None
        overrides = item.get("overrides") or {}
        if not isinstance(overrides, Mapping):
            check.add(f"{here}.overrides", "应为映射 / must be a mapping of path to value")
            overrides = {}
        measures = [
            m for i, r in enumerate(item.get("measures") or [])
            if (m := _measure_from(r, levers, check, f"{here}.measures[{i}]")) is not None
        ]
        out[sid] = ScenarioSpec(
            id=sid, name_zh=str(item.get("name_zh", "")), name_en=str(item.get("name_en", "")), parent=parent,
            overrides={str(k): v for k, v in overrides.items()}, measures=tuple(measures),
            description=_bilingual(item.get("description", "")),
        )
    check.raise_if_any()
    problems: list[InputIssue] = []
    for sid in out:
        try:
            resolve(out, sid, base)
        except ScenarioError as exc:
            problems.extend(i for i in exc.issues if i not in problems)
    if problems:
        raise ScenarioError(problems)
    return out


def load_scenarios(path: Path = SCENARIOS_FILE, base: BaseData | None = None) -> dict[str, ScenarioSpec]:
    try:
        raw = parse_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ScenarioError([InputIssue(path.name, "file", f"无法读取 / cannot read: {exc}")]) from exc
    return scenarios_from_mapping(raw, base)


def default_scenarios() -> dict[str, ScenarioSpec]:
    """The bundled scenarios (data/scenarios.yaml): baseline, plan and plan with slow delivery."""
    return load_scenarios()


def is_calendar_year(info: ParameterInfo) -> bool:
    return info.unit == CALENDAR_YEAR
