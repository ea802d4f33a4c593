"""Base-year data of the roadmap model (路线图基年数据), read with units and factors.

Pure module (no Django). `load_base_data()` reads `roadmap/data/base_jinshan.yaml` (or another
district's file of the same shape): every quantity is a `{value, unit}` pair converted with the
product's pint registry to the unit the model computes in (tce, tCO2, 10^4 CNY, kWh, ha), and a
quantity in the wrong dimension is refused with the field named. Emission factors are not
restated here: factors.py takes them from an accounting factor set, so the roadmap and the
inventory use the same numbers. docs/methodology/roadmap.md lists each number and its source.

A file that names a `demo_source` (data/demo/<name>.yaml, read by `carbonpeak.accounting.demo_source`) takes
the district's figures from it (`with_demo`): the base year's energy by sector and fuel is the
demo activity accounted with the accounting engine, so the model's base year and the demo
inventory are the same numbers. Values written in the base file itself take precedence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pint
import yaml

from carbonpeak.accounting.catalogue import energy_types
from carbonpeak.accounting.factor_sets import bundled_factor_sets
from carbonpeak.accounting.factor_sets import resolve as resolve_factor_set
from carbonpeak.accounting.issues import AccountingInputError
from carbonpeak.common.measures import registry
from carbonpeak.common.yaml_files import parse_yaml
from carbonpeak.roadmap.basedemo import with_demo
from carbonpeak.roadmap.factors import FactorValues, FuelKind, factor_values
from carbonpeak.roadmap.issues import Issues, ScenarioError

DATA_DIR = Path(__file__).parent / "data"
BASE_FILE = DATA_DIR / "base_jinshan.yaml"

GDP_DRIVERS = ("gdp.petrochem", "gdp.industry_other", "gdp.services", "gdp.agriculture")
DRIVERS = (*GDP_DRIVERS, "gdp", "population", "it_load")
# Drivers whose growth rate declines after `growth_decay_from` (population keeps its rate).
DECAYING = (*GDP_DRIVERS, "it_load")
NON_ENERGY = ("industrial_process", "waste")
GENERATION_SOURCES = ("solar", "wind", "biomass", "other")
CALENDAR_YEAR = "calendar_year"

# District facts the measures read, with the unit each is held in.
CONTEXT_UNITS: dict[str, str] = {
    "public_floor_area_2020": "m**2",
    "residential_floor_area_2020": "m**2",
    "public_new_floor_share": "1/year",
    "residential_new_floor_share": "1/year",
    "suitable_roof_area": "m**2",
    "bus_nev_share_2020": "1",
    "data_centre_pue_2020": "1",
}


@dataclass(frozen=True)
class Fuel:
    code: str
    label_zh: str
    label_en: str
    factor_subject: str  # accounting energy type
    iamc: str  # Solids, Liquids, Gases, Electricity, Heat
    kind: str  # FuelKind
    emission_factor: float | None = None  # tCO2/tce when the file gives one (a fuel mix), else the set's


@dataclass(frozen=True)
class Sector:
    code: str
    label_zh: str
    label_en: str
    iamc: str  # Industry, Commercial, Residential, Transportation, AFOFI
    driver: str
    energy_tce: Mapping[str, float]  # fuel -> tce in the base year
    feedstock_tce: float = 0.0


@dataclass(frozen=True)
class ParameterInfo:
    """A parameter a scenario may set: dotted path, labels, unit, default and range, source."""

    path: str
    label_zh: str
    label_en: str
    unit: str
    default: float
    minimum: float
    maximum: float
    source: str  # in English (the API's and the files' language); Chinese in `source_zh`
    status: str = "assumed"
    source_zh: str = ""

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class BaseData:
    region_code: str
    region_zh: str
    region_en: str
    region_iamc: str
    illustrative: bool
    notice_zh: str
    notice_en: str
    base_year: int
    growth_decay_from: int
    land_area_ha: float
    population: float
    gdp_10k_cny: float
    gdp_shares: Mapping[str, float]  # GDP driver -> share of base-year GDP
    fuels: tuple[Fuel, ...]
    sectors: tuple[Sector, ...]
    process_t: float
    process_driver: str
    waste_t_per_capita: float  # t per resident per year
    recycling_rate_2020: float
    waste_fossil_t_per_t: float
    generation_existing_kwh: Mapping[str, float]
    generation_existing_mw: Mapping[str, float]
    forest_cover_2020: float
    forest_rate: float  # tCO2/ha/yr
    wetland_ha_2020: float
    wetland_rate: float
    context: Mapping[str, float]
    factors: FactorValues
    parameters: tuple[ParameterInfo, ...]
    sources: Mapping[str, str]  # field -> "status: source"

    def fuel(self, code: str) -> Fuel:
        return next(f for f in self.fuels if f.code == code)

    def sector(self, code: str) -> Sector:
        return next(s for s in self.sectors if s.code == code)

    @property
    def sector_codes(self) -> tuple[str, ...]:
        return tuple(s.code for s in self.sectors)

    @property
    def fuel_codes(self) -> tuple[str, ...]:
        return tuple(f.code for f in self.fuels)

    def defaults(self) -> dict[str, float]:
        return {p.path: p.default for p in self.parameters}


def _q(text: str) -> pint.Quantity[Any]:
    parsed: pint.Quantity[Any] = registry().parse_expression(text)
    return parsed


def convert(value: float, unit: str, target: str) -> float:
    """`value` in `unit` expressed in `target` (both pint expressions, scales allowed)."""
    ratio = (_q(unit) * value / _q(target)).to("dimensionless")
    return float(ratio.magnitude)


class _Reader:
    def __init__(self, issues: Issues, sources: dict[str, str]) -> None:
        self.issues = issues
        self.sources = sources

    def quantity(self, raw: Any, field: str, target: str, unit: str | None = None) -> float:
        """A `{value, unit}` mapping (or a bare number with `unit` given) in `target` units."""
        if isinstance(raw, Mapping):
            value, unit = raw.get("value"), str(raw.get("unit", unit or ""))
            if raw.get("source") or raw.get("status"):
                self.sources[field] = f"{raw.get('status', '')}: {raw.get('source', '')}".strip(": ")
        else:
            value = raw
        if not isinstance(value, int | float) or isinstance(value, bool):
            self.issues.add(field, f"须为数值 / must be a number: {value!r}")
            return 0.0
        if unit is None or unit == "":
            self.issues.add(field, "缺少单位 / unit missing")
            return 0.0
        try:
            return convert(float(value), unit, target)
        except (pint.UndefinedUnitError, pint.DimensionalityError, AttributeError, TypeError):
            self.issues.add(field, f"单位 '{unit}' 无法换算为 {target} / unit '{unit}' does not convert to {target}")
            return 0.0

    def text(self, data: Mapping[str, Any], key: str, field: str) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            self.issues.add(field, "不能为空 / must not be empty")
            return ""
        return value


def _fuels(read: _Reader, raw: Any) -> tuple[Fuel, ...]:
    types = energy_types()
    out: list[Fuel] = []
    for i, item in enumerate(raw or []):
        here = f"fuels[{i}]"
        subject = str(item.get("factor_subject", ""))
        etype = types.get(subject)
        if etype is None:
            read.issues.add(f"{here}.factor_subject", f"未知能源品种 / unknown energy type '{subject}'")
            continue
        kind = FuelKind.ELECTRICITY if subject == "electricity" else (
            FuelKind.COMBUSTION if etype.combustion else FuelKind.HEAT
        )
        out.append(
            Fuel(
                code=read.text(item, "code", f"{here}.code"),
                label_zh=read.text(item, "label_zh", f"{here}.label_zh"),
                label_en=read.text(item, "label_en", f"{here}.label_en"),
                factor_subject=subject,
                iamc=str(item.get("iamc", "")),
                kind=kind,
                emission_factor=(read.quantity(item["emission_factor"], f"{here}.emission_factor", "t_CO2/tce")
                                 if item.get("emission_factor") is not None else None),
            )
        )
    for f, item in zip(out, raw or [], strict=False):
        if f.emission_factor is not None and isinstance(item.get("emission_factor"), Mapping):
            read.sources[f"fuels.{f.code}"] = str(item["emission_factor"].get("source", ""))
    if sum(f.kind == FuelKind.ELECTRICITY for f in out) != 1:
        read.issues.add("fuels", "须恰有一种电力 / exactly one fuel must be electricity")
    return tuple(out)


def _sectors(read: _Reader, raw: Any, fuels: tuple[Fuel, ...]) -> tuple[Sector, ...]:
    codes = {f.code for f in fuels}
    out: list[Sector] = []
    for i, item in enumerate(raw or []):
        here = f"sectors[{i}]"
        code = read.text(item, "code", f"{here}.code")
        driver = str(item.get("driver", ""))
        if driver not in DRIVERS:
            read.issues.add(f"{here}.driver", f"未知驱动因素 / unknown driver '{driver}' (one of {', '.join(DRIVERS)})")
        unit = str(item.get("unit", ""))
        energy: dict[str, float] = {}
        for fuel, value in dict(item.get("energy") or {}).items():
            if fuel not in codes:
                read.issues.add(f"{here}.energy.{fuel}", f"未知能源 / unknown fuel '{fuel}'")
                continue
            amount = read.quantity(value, f"{here}.energy.{fuel}", "tce", unit)
            if amount < 0:
                read.issues.add(f"{here}.energy.{fuel}", "不能为负 / must not be negative")
            energy[fuel] = amount
        feedstock = read.quantity(item.get("feedstock", 0), f"{here}.feedstock", "tce", unit)
        read.sources[f"sectors.{code}"] = f"{item.get('status', '')}: {item.get('note', '')}".strip(": ")
        out.append(
            Sector(
                code=code,
                label_zh=read.text(item, "label_zh", f"{here}.label_zh"),
                label_en=read.text(item, "label_en", f"{here}.label_en"),
                iamc=str(item.get("iamc", "")),
                driver=driver,
                energy_tce=energy,
                feedstock_tce=feedstock,
            )
        )
    return tuple(out)


def _parameters(read: _Reader, raw: Any) -> tuple[ParameterInfo, ...]:
    out: list[ParameterInfo] = []
    for i, item in enumerate(raw or []):
        here = f"parameters[{i}]"
        unit = str(item.get("unit", ""))
        if unit != CALENDAR_YEAR:
            try:
                _q(unit)
            except pint.UndefinedUnitError:
                read.issues.add(f"{here}.unit", f"无法识别的单位 / unknown unit '{unit}'")
        try:
            info = ParameterInfo(
                path=str(item["path"]),
                label_zh=str(item["label_zh"]),
                label_en=str(item["label_en"]),
                unit=unit,
                default=float(item["default"]),
                minimum=float(item["minimum"]),
                maximum=float(item["maximum"]),
                source=str(item.get("source", "")),
                status=str(item.get("status", "assumed")),
                source_zh=str(item.get("source_zh", "")),
            )
        except (KeyError, TypeError, ValueError) as exc:
            read.issues.add(here, f"参数定义不完整 / incomplete parameter: {exc}")
            continue
        if not info.minimum <= info.default <= info.maximum:
            read.issues.add(f"{here}.default", "默认值超出范围 / default outside [minimum, maximum]")
        out.append(info)
    return tuple(out)


def parse_base_data(data: Any, where: str = "base data") -> BaseData:
    """Base data from the YAML mapping; raises ScenarioError listing every bad field."""
    issues = Issues(where)
    if not isinstance(data, Mapping):
        issues.add("file", "应为 YAML 映射 / must be a YAML mapping")
        issues.raise_if_any()
    data = _demo_filled(data, issues)
    sources: dict[str, str] = {}
    read = _Reader(issues, sources)
    facts = dict(data.get("facts") or {})
    fuels = _fuels(read, data.get("fuels"))
    sectors = _sectors(read, data.get("sectors"), fuels)
    shares_raw = dict(data.get("gdp_shares") or {})
    shares = {f"gdp.{k}": float(v) for k, v in shares_raw.items() if isinstance(v, int | float)}
    if set(shares) != set(GDP_DRIVERS) or abs(sum(shares.values()) - 1) > 1e-9:
        issues.add("gdp_shares", f"须给出 {', '.join(GDP_DRIVERS)} 且合计为1 / must cover the GDP drivers and sum to 1")
    sources["gdp_shares"] = f"{shares_raw.get('status', '')}: {shares_raw.get('source', '')}"
    process = dict(data.get("industrial_process") or {})
    waste = dict(data.get("waste") or {})
    sinks = dict(data.get("sinks") or {})
    generation_kwh: dict[str, float] = {}
    generation_mw: dict[str, float] = {}
    for source, item in dict(data.get("generation_existing") or {}).items():
        if source not in GENERATION_SOURCES:
            issues.add(f"generation_existing.{source}", f"未知电源 / unknown source (one of {GENERATION_SOURCES})")
            continue
        mw = read.quantity(item.get("capacity"), f"generation_existing.{source}.capacity", "MW")
        hours = read.quantity(item.get("full_load_hours"), f"generation_existing.{source}.full_load_hours", "h")
        generation_mw[source] = mw
        generation_kwh[source] = mw * 1000 * hours
        sources[f"generation_existing.{source}"] = f"{item.get('status', '')}: {item.get('source', '')}"
    context: dict[str, float] = {}
    for key, item in dict(data.get("context") or {}).items():
        if key not in CONTEXT_UNITS:
            issues.add(f"context.{key}", "未知的区情数据 / unknown context item")
            continue
        context[key] = read.quantity(item, f"context.{key}", CONTEXT_UNITS[key])
    for key in CONTEXT_UNITS.keys() - context.keys():
        issues.add(f"context.{key}", "缺少 / missing")
    parameters = _parameters(read, data.get("parameters"))
    region = dict(data.get("region") or {})
    notice = dict(data.get("notice") or {})
    base_year = data.get("base_year")
    if not isinstance(base_year, int) or not 1990 <= base_year <= 2060:
        issues.add("base_year", "须为1990–2060之间的年份 / must be a year in 1990–2060")
        base_year = 2020
    process_driver = str(process.get("driver", "gdp.petrochem"))
    if process_driver not in DRIVERS:
        issues.add("industrial_process.driver", f"未知驱动因素 / unknown driver '{process_driver}'")
    try:
        on = date.fromisoformat(str(data.get("factor_date") or f"{base_year}-01-01"))
    except ValueError:
        issues.add("factor_date", "日期格式应为 YYYY-MM-DD / date must be YYYY-MM-DD")
        on = date(base_year, 1, 1)
    result = BaseData(
        region_code=str(region.get("code", "")),
        region_zh=str(region.get("name_zh", "")),
        region_en=str(region.get("name_en", "")),
        region_iamc=str(region.get("iamc", region.get("name_en", ""))),
        illustrative=bool(data.get("illustrative", True)),
        notice_zh=str(notice.get("zh", "")),
        notice_en=str(notice.get("en", "")),
        base_year=base_year,
        growth_decay_from=int(data.get("growth_decay_from", base_year + 5)),
        land_area_ha=read.quantity(facts.get("land_area"), "facts.land_area", "ha"),
        population=read.quantity(facts.get("population"), "facts.population", "1"),
        gdp_10k_cny=read.quantity(facts.get("gdp"), "facts.gdp", "1e4*CNY"),
        gdp_shares=shares,
        fuels=fuels,
        sectors=sectors,
        process_t=read.quantity(process, "industrial_process", "t_CO2"),
        process_driver=process_driver,
        waste_t_per_capita=read.quantity(waste.get("per_capita"), "waste.per_capita", "t/year"),
        recycling_rate_2020=read.quantity(waste.get("recycling_rate_2020"), "waste.recycling_rate_2020", "1"),
        waste_fossil_t_per_t=read.quantity(
            waste.get("fossil_co2_per_t_residual"), "waste.fossil_co2_per_t_residual", "t_CO2/t"
        ),
        generation_existing_kwh=generation_kwh,
        generation_existing_mw=generation_mw,
        forest_cover_2020=read.quantity(sinks.get("forest_cover_2020"), "sinks.forest_cover_2020", "1"),
        forest_rate=read.quantity(sinks.get("forest_rate"), "sinks.forest_rate", "t_CO2/ha/year"),
        wetland_ha_2020=read.quantity(sinks.get("wetland_area_2020"), "sinks.wetland_area_2020", "ha"),
        wetland_rate=read.quantity(sinks.get("wetland_rate"), "sinks.wetland_rate", "t_CO2/ha/year"),
        context=context,
        factors=FactorValues("", {}, 0.0, 0.0, ()),
        parameters=parameters,
        sources=sources,
    )
    issues.raise_if_any()
    factors = factor_values(str(data.get("factor_set", "shanghai")), on,
                            [(f.code, f.factor_subject, f.kind) for f in fuels])
    mixed = {f.code: f.emission_factor for f in fuels if f.emission_factor is not None}
    if mixed:
        cited = tuple(f"{f.code}: {sources.get(f'fuels.{f.code}', 'mix')}" for f in fuels if f.code in mixed)
        factors = replace(factors, ef_t_per_tce={**factors.ef_t_per_tce, **mixed}, cited=factors.cited + cited)
    return replace(result, factors=factors)


def _factor_date(data: Mapping[str, Any]) -> date:
    try:
        return date.fromisoformat(str(data.get("factor_date") or f"{data.get('base_year', 2020)}-01-01"))
    except ValueError:
        return date(2020, 1, 1)  # reported with the field by parse_base_data


def _demo_filled(data: Mapping[str, Any], issues: Issues) -> Mapping[str, Any]:
    """The data with its `demo_source` figures filled in (basedemo.with_demo); problems go to `issues`."""
    if not data.get("demo_source"):
        return data
    try:
        fset = resolve_factor_set(str(data.get("factor_set", "shanghai")), bundled_factor_sets())
    except AccountingInputError:
        return data  # factor_values reports the unknown set
    filled, problems = with_demo(data, fset, _factor_date(data))
    for field, message in problems:
        issues.add(field, message)
    return dict(filled)


def filled_base_file(path: Path = BASE_FILE) -> dict[str, Any]:
    """The base file as the model reads it: its own values plus its demo source's figures."""
    raw = parse_yaml(path.read_text(encoding="utf-8"))
    return dict(_demo_filled(raw, Issues(path.name)))


@cache
def load_base_data(path: Path = BASE_FILE) -> BaseData:
    """The bundled district's base data (cached: it is read once per process)."""
    try:
        raw = parse_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        issues = Issues(path.name)
        issues.add("file", f"无法读取 / cannot read: {exc}")
        raise ScenarioError(issues.items) from exc
    return parse_base_data(raw, path.name)
