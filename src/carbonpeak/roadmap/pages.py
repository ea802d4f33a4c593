"""What the roadmap pages show, built from stored scenarios and the engine's catalogue: parameters with
where each value comes from (set here, inherited, default), measures with their plan clause and what
is delivered so far, and the version history as before/after changes."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from carbonpeak.indicators.models import Indicator, Origin
from carbonpeak.roadmap import history
from carbonpeak.roadmap import scenario as engine
from carbonpeak.roadmap.basedata import BaseData, ParameterInfo, load_base_data
from carbonpeak.roadmap.measures import COMMON, MAX_DELIVERY, MeasureKindInfo
from carbonpeak.roadmap.models import Scenario, ScenarioVersion
from carbonpeak.roadmap.queries import Delivered, delivered_so_far

GROUPS = {"growth": gettext_noop("Economic growth"), "intensity": gettext_noop("Autonomous intensity trends"),
          "grid": gettext_noop("Electricity grid"), "measures": gettext_noop("All measures")}


def zh() -> bool:
    return (get_language() or "zh-hans").startswith("zh")


def pick(label_zh: str, label_en: str) -> str:
    return (label_zh or label_en) if zh() else (label_en or label_zh)


def group_label(path: str) -> str:
    head = path.split(".", 1)[0]
    return _(GROUPS[head]) if head in GROUPS else head


# A generic measure's choices that are not the base data's sectors or fuels, (zh, en).
CHOICE_NAMES = {"all": ("全部品种", "all fuels"), "industrial_process": ("工业过程", "industrial processes"),
                "waste": ("废弃物", "waste"), "solar": ("光伏", "solar"), "wind": ("风电", "wind"),
                "biomass": ("生物质", "biomass"), "other": ("其他", "other"), "forest": ("森林", "forest"),
                "wetland": ("湿地", "wetland")}


def choice_names(base: BaseData | None = None) -> dict[str, str]:
    """The codes a generic measure's choice may take (sectors, fuels, sources) by their names."""
    base = base or load_base_data()
    names = {code: pick(zh_, en) for code, (zh_, en) in CHOICE_NAMES.items()}
    names |= {s.code: pick(s.label_zh, s.label_en) for s in base.sectors}
    names |= {f.code: pick(f.label_zh, f.label_en) for f in base.fuels}
    return names


def kinds_by_name(base: BaseData | None = None) -> dict[str, MeasureKindInfo]:
    return {k.kind: k for k in engine.measure_kinds(base)}


def unit_label(unit: str) -> str:
    if unit == "calendar_year":
        return _("year")
    return {"1": "", "1/year": _("per year"), "m**2": "m²", "W/m**2": "W/m²", "ha": _("ha"),
            "t_CO2/ha/year": _("tCO₂/ha/yr")}.get(unit, unit)


@dataclass
class ParamRow:
    path: str
    label: str
    unit: str
    value: float | None
    default: float
    minimum: float | None
    maximum: float | None
    source: str
    origin: str | None  # the scenario that sets it (None: the default)
    here: bool  # set by the scenario shown
    origin_name: str = ""  # that scenario's name in the reader's language
    input: str = ""  # what the editor shows (this scenario's own override as typed)
    placeholder: str = ""
    errors: list[str] = field(default_factory=list)
    choices: tuple[str, ...] = ()


def finite(x: float) -> float | None:
    return None if math.isinf(x) else x


def origin_of(path: str, lineage: tuple[str, ...], specs: Mapping[str, engine.ScenarioSpec]) -> str | None:
    """The nearest scenario of the lineage that sets `path`: an override, or the measure's own definition."""
    parts = path.split(".")
    for sid in reversed(lineage):
        spec = specs[sid]
        if path in spec.overrides:
            return sid
        if parts[0] == "measure" and len(parts) == 3:
            own = next((m for m in spec.measures if m.id == parts[1]), None)
            if own is not None and (parts[2] in COMMON or parts[2] in own.params):
                return sid
    return None


def name_of(sid: str | None, specs: Mapping[str, engine.ScenarioSpec]) -> str:
    """A scenario's name in the reader's language (its id when it is not among `specs`)."""
    if sid is None:
        return ""
    spec = specs.get(sid)
    return pick(spec.name_zh, spec.name_en) if spec is not None else sid


def _row(info: ParameterInfo, resolved: engine.ResolvedScenario, specs: Mapping[str, engine.ScenarioSpec],
         label: str | None = None) -> ParamRow:
    origin = origin_of(info.path, resolved.lineage, specs)
    return ParamRow(path=info.path, label=label or pick(info.label_zh, info.label_en), unit=unit_label(info.unit),
                    value=resolved.parameters.get(info.path), default=info.default, minimum=finite(info.minimum),
                    maximum=finite(info.maximum), source=pick(info.source_zh, info.source), origin=origin,
                    here=origin == resolved.spec.id, origin_name=name_of(origin, specs))


def global_groups(resolved: engine.ResolvedScenario, specs: Mapping[str, engine.ScenarioSpec]
                  ) -> list[tuple[str, list[ParamRow]]]:
    """The model's parameters (not a measure's), grouped by their first path segment."""
    groups: dict[str, list[ParamRow]] = {}
    for info in resolved.base_data.parameters:
        groups.setdefault(group_label(info.path), []).append(_row(info, resolved, specs))
    return list(groups.items())


@dataclass
class MeasureRow:
    id: str
    kind: str
    label: str
    kind_label: str
    source: str  # plan clause and tasks
    generic: bool
    enabled: bool
    origin: str | None  # where the measure is defined
    params: list[ParamRow]
    origin_name: str = ""
    delivered: list[DeliveredRow] = field(default_factory=list)


@dataclass(frozen=True)
class DeliveredRow:
    """A lever parameter beside the latest observation of the plan indicator that measures it."""

    param: ParamRow
    found: Delivered

    @property
    def scenario_value(self) -> float | None:
        """The scenario's value in the indicator's unit (a fraction shown as the indicator's percent)."""
        return None if self.param.value is None else self.param.value / self.found.scale


def measure_params(m: engine.MeasureSpec, info: MeasureKindInfo) -> list[ParameterInfo]:
    """The parameters of one measure as scenario paths (measure.<id>.<name>), its own numbers and the
    two every measure has (enabled, delivery)."""
    out = [ParameterInfo(f"measure.{m.id}.enabled", "是否实施", "Enabled", "1", 1.0, 0.0, 1.0,
                         engine.ENABLED_SOURCE[1], source_zh=engine.ENABLED_SOURCE[0]),
           ParameterInfo(f"measure.{m.id}.delivery", "落实程度", "Delivery", "1", 1.0, 0.0, MAX_DELIVERY,
                         engine.DELIVERY_SOURCE[1], source_zh=engine.DELIVERY_SOURCE[0])]
    for p in info.parameters:
        if p.choices:
            continue
        out.append(ParameterInfo(f"measure.{m.id}.{p.name}", p.label_zh, p.label_en, p.unit, float(p.default),
                                 -math.inf if p.minimum is None else p.minimum,
                                 math.inf if p.maximum is None else p.maximum, p.source, source_zh=p.source_zh))
    return out


def measure_rows(resolved: engine.ResolvedScenario, specs: Mapping[str, engine.ScenarioSpec],
                 with_delivered: bool = True) -> list[MeasureRow]:
    kinds = kinds_by_name(resolved.base_data)
    delivered = delivered_so_far() if with_delivered else {}
    rows = []
    for m in resolved.measures:
        info = kinds[m.kind]
        params = [_row(p, resolved, specs) for p in measure_params(m, info)]
        choice_params = [ParamRow(f"measure.{m.id}.{p.name}", pick(p.label_zh, p.label_en), "",
                                  None, 0.0, None, None, pick(p.source_zh, p.source), None, False,
                                  input=str(m.params.get(p.name, "")),
                                  choices=p.choices) for p in info.parameters if p.choices]
        origin = origin_of(f"measure.{m.id}.enabled", resolved.lineage, specs)
        row = MeasureRow(id=m.id, kind=m.kind, label=pick(m.label_zh, m.label_en),
                         kind_label=pick(info.label_zh, info.label_en), source=pick(info.source, info.source_en),
                         generic=info.generic,
                         enabled=m.enabled, origin=origin, params=choice_params + params,
                         origin_name=name_of(origin, specs))
        for p in params:
            found = delivered.get((m.kind, p.path.rsplit(".", 1)[1]))
            if found is not None:
                row.delivered.append(DeliveredRow(p, found))
        rows.append(row)
    return rows


def lineage_of(resolved: engine.ResolvedScenario) -> list[Scenario]:
    by_slug = {s.slug: s for s in Scenario.objects.filter(slug__in=resolved.lineage)}
    return [by_slug[sid] for sid in resolved.lineage if sid in by_slug]


def version_rows(scenario: Scenario) -> list[tuple[ScenarioVersion, list[history.Change]]]:
    """Each version, newest first, with what it changed against the one before."""
    versions = list(scenario.versions.order_by("version"))
    out = []
    previous: dict[str, Any] | None = None
    for v in versions:
        out.append((v, history.changes(previous, v.snapshot)))
        previous = v.snapshot
    return list(reversed(out))


def base_data() -> BaseData:
    return load_base_data()


def model_co2_of(anchored: Mapping[str, Any], year: int) -> float | None:
    """The model's own CO2 of `year` (before anchoring) as the progress run recorded it beside the inventory."""
    return next((float(i["model_co2_t"]) for i in anchored["inventories"] if int(i["year"]) == year), None)


def anchored_inputs(result: Mapping[str, Any] | None, resolved: engine.ResolvedScenario) -> dict[str, Any] | None:
    """What a progress scenario's result is anchored on, for its page: the inventories with the model's CO2 of
    their year, and each observation with its indicator's name and unit, its origin and the lever it replaces."""
    info = (result or {}).get("progress")
    if not info:
        return None
    codes = {o["indicator"] for o in info["observations"]}
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    levers = {m.id: pick(m.label_zh, m.label_en) for m in resolved.measures}
    rows = []
    for o in info["observations"]:
        indicator = indicators.get(o["indicator"])
        lever = o["used_for"].split(".")[0]
        rows.append({**o, "indicator_obj": indicator, "unit": indicator.unit_display if indicator else "",
                     "name": indicator.display_name if indicator else o["indicator"],
                     "origin_label": Origin(o["origin"]).label if o["origin"] in Origin.values else o["origin"],
                     "replaces": levers.get(lever) or _("Energy intensity (change versus the base year)")})
    return {"base_year": info["base_year"], "model_base_year": info["model_base_year"],
            "inventories": info["inventories"], "observations": rows}
