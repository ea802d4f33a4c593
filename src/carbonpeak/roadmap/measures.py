"""Measures (措施): the plan's levers and the generic kinds, each a function from parameters to effects.

Pure module (no Django). A measure kind declares its parameters (unit, default, range, source)
in `data/measures.yaml`; the plan's levers take their defaults from 金府发〔2023〕1号 and its task
table, citing clause and task number, and the generic kinds (intensity_change, fuel_shift,
generation, sink) let a user add a measure of their own. `compile_measure` turns a checked
measure into effects on the model through its kind's function in levers.py; each lever's
equation is in that function's docstring and in docs/methodology/roadmap.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from carbonpeak.common.yaml_files import parse_yaml
from carbonpeak.roadmap.basedata import DATA_DIR, GENERATION_SOURCES, NON_ENERGY, BaseData
from carbonpeak.roadmap.issues import InputIssue, Issues, ScenarioError
from carbonpeak.roadmap.levers import COMPILERS, MeasureContext
from carbonpeak.roadmap.model import CompiledMeasure

MEASURES_FILE = DATA_DIR / "measures.yaml"
GENERIC_KINDS = ("intensity_change", "fuel_shift", "generation", "sink")
SINK_SOURCES = ("forest", "wetland", "other")
# Parameters every measure has besides its kind's own (scenario paths measure.<id>.enabled / .delivery).
COMMON = ("enabled", "delivery")
MAX_DELIVERY = 2.0


@dataclass(frozen=True)
class MeasureSpec:
    """One measure of a scenario: its kind and parameter values (numbers, or codes such as a sector)."""

    id: str
    kind: str
    label_zh: str
    label_en: str
    params: Mapping[str, float | str] = field(default_factory=dict)
    enabled: bool = True


@dataclass(frozen=True)
class KindParam:
    name: str
    unit: str
    default: float | str
    minimum: float | None
    maximum: float | None
    label_zh: str
    label_en: str
    source: str = ""
    choices: tuple[str, ...] = ()
    source_zh: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "choices": list(self.choices)}


@dataclass(frozen=True)
class MeasureKindInfo:
    kind: str
    label_zh: str
    label_en: str
    generic: bool
    source: str  # plan clause and task numbers
    parameters: tuple[KindParam, ...]
    source_en: str = ""  # the same for the English page: "(tasks …)"; the plan's words quoted as printed

    def param(self, name: str) -> KindParam | None:
        return next((p for p in self.parameters if p.name == name), None)

    def as_dict(self) -> dict[str, Any]:
        return {**{k: v for k, v in self.__dict__.items() if k != "parameters"},
                "parameters": [p.as_dict() for p in self.parameters]}


def _choices(base: BaseData, spec: Any) -> tuple[str, ...]:
    if spec == "sector":
        return (*base.sector_codes, *NON_ENERGY)
    if spec == "energy_sector":
        return base.sector_codes
    if spec == "fuel":
        return base.fuel_codes
    if spec == "fuel_or_all":
        return ("all", *base.fuel_codes)
    if spec == "generation_source":
        return GENERATION_SOURCES
    if spec == "sink_source":
        return SINK_SOURCES
    return tuple(spec or ())


def _kinds_from(raw: Mapping[str, Any], base: BaseData) -> dict[str, MeasureKindInfo]:
    out: dict[str, MeasureKindInfo] = {}
    for generic, key in ((False, "levers"), (True, "generic_kinds")):
        for item in raw.get(key) or []:
            params = tuple(
                KindParam(
                    name=str(p["name"]),
                    unit=str(p.get("unit", "")),
                    default=p["default"] if isinstance(p["default"], str) else float(p["default"]),
                    minimum=None if p.get("minimum") is None else float(p["minimum"]),
                    maximum=None if p.get("maximum") is None else float(p["maximum"]),
                    label_zh=str(p.get("label_zh", p["name"])),
                    label_en=str(p.get("label_en", p["name"])),
                    source=str(p.get("source", "")),
                    choices=_choices(base, p.get("choices")),
                    source_zh=str(p.get("source_zh", "")),
                )
                for p in item.get("parameters") or []
            )
            src = item.get("source") or {}
            tasks = ", ".join(str(t) for t in src.get("tasks") or [])
            source = f"{src.get('clause', '')}{f'（任务 {tasks}）' if tasks else ''} {src.get('text', '')}".strip()
            source_en = f"{src.get('clause', '')}{f' (tasks {tasks})' if tasks else ''} {src.get('text', '')}".strip()
            out[str(item["kind"])] = MeasureKindInfo(
                kind=str(item["kind"]),
                label_zh=str(item["label_zh"]),
                label_en=str(item["label_en"]),
                generic=generic,
                source=source,
                parameters=params,
                source_en=source_en,
            )
    return out


@cache
def _raw(path: Path = MEASURES_FILE) -> dict[str, Any]:
    data = parse_yaml(path.read_text(encoding="utf-8"))
    return dict(data)


def kinds(base: BaseData) -> dict[str, MeasureKindInfo]:
    """Every measure kind: the plan's levers first, then the generic kinds."""
    found = _kinds_from(_raw(), base)
    missing = set(found) ^ set(COMPILERS)
    if missing:
        raise RuntimeError(f"measure kinds without both a definition and a function: {sorted(missing)}")
    return found


def plan_measures(base: BaseData) -> tuple[MeasureSpec, ...]:
    """The plan's levers as measures with their default parameters (id = kind)."""
    info = kinds(base)
    return tuple(
        MeasureSpec(id=k.kind, kind=k.kind, label_zh=k.label_zh, label_en=k.label_en,
                    params={p.name: p.default for p in k.parameters})
        for k in info.values() if not k.generic
    )


def complete(spec: MeasureSpec, base: BaseData, where: str) -> tuple[MeasureSpec, list[InputIssue]]:
    """Fill missing parameters with the kind's defaults and check every value; issues name the field."""
    issues = Issues(where)
    info = kinds(base).get(spec.kind)
    if info is None:
        issues.add("kind", f"未知的措施类型 / unknown measure kind '{spec.kind}' (one of {', '.join(kinds(base))})")
        return spec, issues.items
    params: dict[str, float | str] = {p.name: p.default for p in info.parameters}
    for name, value in spec.params.items():
        p = info.param(name)
        if p is None:
            issues.add(f"params.{name}", f"{spec.kind} 没有该参数 / {spec.kind} has no parameter '{name}'")
            continue
        if p.choices:
            if value not in p.choices:
                allowed = ", ".join(p.choices)
                issues.add(f"params.{name}", f"应为 {allowed} 之一 / must be one of {allowed}")
                continue
        elif not isinstance(value, int | float) or isinstance(value, bool) or value != value:
            issues.add(f"params.{name}", f"须为数值 / must be a number: {value!r}")
            continue
        elif problem := out_of_range(float(value), p.minimum, p.maximum):
            issues.add(f"params.{name}", problem)
            continue
        params[name] = value if p.choices else float(value)
    done = MeasureSpec(spec.id, spec.kind, spec.label_zh, spec.label_en, params, spec.enabled)
    if not issues.items:
        issues.items.extend(InputIssue(where, f"params.{f}", r) for f, r in _consistency(done))
    return done, issues.items


def out_of_range(value: float, minimum: float | None, maximum: float | None) -> str | None:
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        return f"超出范围 [{minimum}, {maximum}] / out of range [{minimum}, {maximum}]: {value}"
    return None


def _consistency(spec: MeasureSpec) -> list[tuple[str, str]]:
    p = spec.params
    out: list[tuple[str, str]] = []
    for start, full in (("start_year", "full_year"), ("start_year", "target_year"), ("start_year", "end_year")):
        if start in p and full in p and float(p[full]) < float(p[start]):
            out.append((full, f"不能早于 {start} / must not be before {start}"))
    if spec.kind == "fuel_shift" and p.get("from_fuel") == p.get("to_fuel"):
        out.append(("to_fuel", "须不同于 from_fuel / must differ from from_fuel"))
    if spec.kind == "fuel_shift" and p.get("sector") in NON_ENERGY:
        out.append(("sector", "须为能源消费部门 / must be an energy-using sector"))
    return out


def compile_measure(spec: MeasureSpec, ctx: MeasureContext) -> CompiledMeasure:
    """The measure's effects on the model (its parameters already checked by `complete`)."""
    try:
        compiler = COMPILERS[spec.kind]
    except KeyError as exc:
        raise ScenarioError([InputIssue(spec.id, "kind", f"未知的措施类型 / unknown kind '{spec.kind}'")]) from exc
    return CompiledMeasure(spec.id, compiler(spec.params, ctx))
