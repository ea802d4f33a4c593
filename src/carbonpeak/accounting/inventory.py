"""The district GHG inventory: lines of the provincial guideline, mapped to the GPC.

Pure module (no Django). Energy lines come from activity data through the engine (direct
combustion = scope 1, purchased electricity and heat = scope 2); removals by forest and
wetland from land area × sink rate; the rest (industrial processes, agriculture, waste) are
entered per gas and converted to CO2e with the factor set's GWPs. Every line has its GPC
reference and scope, a notation key where it carries no estimate, and a data-quality
rating. The total is the sum of the lines (removals are negative).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from carbonpeak.accounting.engine import AccountingResult
from carbonpeak.accounting.factor_sets import FactorSet, Parameter
from carbonpeak.accounting.issues import AccountingInputError
from carbonpeak.common.issues import InputIssue
from carbonpeak.common.yaml_files import parse_yaml


class NotationKey(StrEnum):
    """GPC notation keys for a line without a reported estimate."""

    NO = "NO"  # not occurring
    IE = "IE"  # included elsewhere
    NE = "NE"  # not estimated
    C = "C"  # confidential: counted in the total, not shown


class DataQuality(StrEnum):
    """GPC data-quality rating of a line (activity data and factor together)."""

    HIGH = "H"
    MEDIUM = "M"
    LOW = "L"


class Category(StrEnum):
    ENERGY = "energy"
    IPPU = "ippu"
    AGRICULTURE = "agriculture"
    WASTE = "waste"
    LULUCF = "lulucf"


class LineSource(StrEnum):
    ENGINE = "engine"
    LAND = "land"
    ENTRY = "entry"


@dataclass(frozen=True)
class LineSpec:
    code: str
    category: Category
    zh: str
    en: str
    gpc: str
    scope: int
    source: LineSource
    sector: str = ""
    part: str = ""  # engine lines: direct or indirect
    land: str = ""


@cache
def line_specs() -> tuple[LineSpec, ...]:
    raw = parse_yaml((Path(__file__).parent / "inventory_lines.yaml").read_text(encoding="utf-8"))
    return tuple(
        LineSpec(
            code=i["code"],
            category=Category(i["category"]),
            zh=i["zh"],
            en=i["en"],
            gpc=str(i["gpc"]),
            scope=int(i["scope"]),
            source=LineSource(i["source"]),
            sector=i.get("sector", ""),
            part=i.get("part", ""),
            land=i.get("land", ""),
        )
        for i in raw["lines"]
    )


def engine_sectors() -> frozenset[str]:
    """Sector codes activity records may carry; anything else is counted as unspecified."""
    return frozenset(s.sector for s in line_specs() if s.source == LineSource.ENGINE)


@dataclass(frozen=True)
class LineEntry:
    """What the compiler enters for a line: amounts per gas, or a notation key, and a rating."""

    co2_t: float = 0.0
    ch4_t: float = 0.0
    n2o_t: float = 0.0
    notation: NotationKey | None = None
    quality: DataQuality | None = None
    note: str = ""


@dataclass(frozen=True)
class PointSourcePart:
    """What point sources (key units' accepted GHG reports, handed over by the enterprise room) put on a line: their
    CO2 and which reports made it. On an energy line it is the part of the line the units report ("of which"); an
    entered line (industrial processes) left empty by the compiler takes it as its amount."""

    co2_t: float
    sources: tuple[str, ...]


@dataclass(frozen=True)
class InventoryLine:
    spec: LineSpec
    co2_t: float
    ch4_t: float
    n2o_t: float
    co2e_t: float
    energy_tce: float
    notation: NotationKey | None
    quality: DataQuality | None
    note: str
    point_source_co2_t: float = 0.0
    point_sources: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.spec.code,
            "category": str(self.spec.category),
            "name": self.spec.zh,
            "name_en": self.spec.en,
            "gpc": self.spec.gpc,
            "scope": self.spec.scope,
            "co2_t": self.co2_t,
            "ch4_t": self.ch4_t,
            "n2o_t": self.n2o_t,
            "co2e_t": self.co2e_t,
            "energy_tce": self.energy_tce,
            "notation": str(self.notation) if self.notation else None,
            "quality": str(self.quality) if self.quality else None,
            "note": self.note,
            "point_source_co2_t": self.point_source_co2_t,
            "point_sources": list(self.point_sources),
        }


@dataclass(frozen=True)
class Inventory:
    year: int
    factor_set: str
    gwp: dict[str, float]
    lines: tuple[InventoryLine, ...]
    notes: list[str] = field(default_factory=list)

    @property
    def total_co2e_t(self) -> float:
        return sum(line.co2e_t for line in self.lines)

    @property
    def gross_co2e_t(self) -> float:
        """Emissions before removals (without the LULUCF lines)."""
        return sum(line.co2e_t for line in self.lines if line.spec.category != Category.LULUCF)

    def by_category(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for line in self.lines:
            out[line.spec.category] = out.get(line.spec.category, 0.0) + line.co2e_t
        return out

    def by_scope(self) -> dict[int, float]:
        out: dict[int, float] = {}
        for line in self.lines:
            out[line.spec.scope] = out.get(line.spec.scope, 0.0) + line.co2e_t
        return out

    @property
    def energy_tce(self) -> float:
        return sum(line.energy_tce for line in self.lines)


def _gwp(factor_set: FactorSet, on: date) -> dict[str, float]:
    out: dict[str, float] = {"co2": 1.0}
    for gas in ("ch4", "n2o"):
        found = factor_set.lookup(gas, Parameter.GWP, on)
        if found is None:
            raise AccountingInputError(
                [InputIssue(factor_set.id, "gwp", f"因子集缺少 {gas} 的 GWP / no GWP for {gas}")]
            )
        out[gas] = float(found.quantity.to("dimensionless").magnitude)
    return out


def _engine_amounts(result: AccountingResult | None, year: int) -> dict[tuple[str, str], tuple[float, float]]:
    """(sector, part) → (CO2 t, energy tce) for the records of the year."""
    if result is None:
        return {}
    known = engine_sectors()
    out: dict[tuple[str, str], tuple[float, float]] = {}
    table = result.table
    in_year = [i for i, p in enumerate(table.periods) if p.year == year]
    for sector_index, sector in enumerate(table.sectors):
        mask = table.sector == sector_index
        if len(in_year) != len(table.periods):
            mask = mask & np.isin(table.period, np.asarray(in_year, dtype=np.int64))
        key_sector = sector if sector in known else "unspecified"
        direct = float(result.per_record["co2_direct_t"][mask].sum())
        indirect = float(result.per_record["co2_indirect_t"][mask].sum())
        energy = float(result.per_record["energy_tce"][mask].sum())
        # Energy is shown once per sector, on the direct line.
        for part, co2, tce in (("direct", direct, energy), ("indirect", indirect, 0.0)):
            old = out.get((key_sector, part), (0.0, 0.0))
            out[(key_sector, part)] = (old[0] + co2, old[1] + tce)
    return out


def compile_inventory(
    year: int,
    factor_set: FactorSet,
    result: AccountingResult | None,
    entries: Mapping[str, LineEntry],
    land_ha: Mapping[str, float],
    point_sources: Mapping[str, PointSourcePart] | None = None,
) -> Inventory:
    """Assemble the year's inventory. Raises AccountingInputError for an unknown line code,
    a negative area, or a line that has both a notation key (other than C) and amounts.
    `point_sources`: the key units' part of lines (PointSourcePart), by line code."""
    specs = line_specs()
    known = {s.code for s in specs}
    parts = point_sources or {}
    issues = [
        InputIssue(code, "line", f"未知清单行 / unknown inventory line '{code}'")
        for code in [*entries, *parts]
        if code not in known
    ]
    lands = {s.land for s in specs if s.land}
    issues += [
        InputIssue(land, "land", f"未知土地类型 / unknown land type '{land}'") for land in land_ha if land not in lands
    ]
    issues += [InputIssue(land, "area_ha", "不能为负 / must not be negative") for land, a in land_ha.items() if a < 0]
    for code, entry in entries.items():
        amounts = (entry.co2_t, entry.ch4_t, entry.n2o_t)
        if any(a < 0 for a in amounts):
            issues.append(InputIssue(code, "amount", "排放量不能为负 / amounts must not be negative"))
        if entry.notation not in (None, NotationKey.C) and any(amounts):
            issues.append(
                InputIssue(
                    code, "notation", f"{entry.notation} 行不能有数值 / a {entry.notation} line carries no amounts"
                )
            )
    if issues:
        raise AccountingInputError(issues)
    on = date(year, 1, 1)
    gwp = _gwp(factor_set, on)
    engine = _engine_amounts(result, year)
    has_records = {sector for (sector, _part) in engine}
    lines: list[InventoryLine] = []
    for spec in specs:
        entry = entries.get(spec.code, LineEntry())
        co2 = ch4 = n2o = energy = 0.0
        notation = entry.notation
        quality = entry.quality
        if spec.source == LineSource.ENGINE:
            if spec.sector in has_records:
                co2, energy = engine.get((spec.sector, spec.part), (0.0, 0.0))
                quality = quality or DataQuality.MEDIUM  # metered activity, default factors
            else:
                notation = notation or NotationKey.NE
        elif spec.source == LineSource.LAND:
            if spec.land in land_ha:
                rate = factor_set.lookup(spec.land, Parameter.SINK_RATE, on)
                if rate is None:
                    raise AccountingInputError(
                        [
                            InputIssue(
                                factor_set.id,
                                "sink_rate",
                                f"因子集缺少 {spec.land} 碳汇率 / no sink rate for {spec.land}",
                            )
                        ]
                    )
                per_ha_year = float(rate.quantity.to("t_CO2/ha/year").magnitude)
                co2 = -land_ha[spec.land] * per_ha_year
                quality = quality or DataQuality.LOW  # a per-hectare rate from another province
            else:
                notation = notation or NotationKey.NE
        else:
            co2, ch4, n2o = entry.co2_t, entry.ch4_t, entry.n2o_t
            if not any((co2, ch4, n2o)) and notation is None:
                notation = NotationKey.NE
        part = parts.get(spec.code)
        if part is not None and spec.source == LineSource.ENTRY and not any((co2, ch4, n2o)) and not entry.notation:
            # An entered line the compiler left empty (industrial processes) takes the units' reported amount; an
            # energy line keeps the sector's statistics, the units' part is shown beside it ("of which").
            co2, notation = part.co2_t, None
            quality = quality or DataQuality.MEDIUM  # reported by the units, accepted by the office
        co2e = co2 + ch4 * gwp["ch4"] + n2o * gwp["n2o"]
        lines.append(InventoryLine(spec, co2, ch4, n2o, co2e, energy, notation, quality, entry.note,
                                   part.co2_t if part else 0.0, part.sources if part else ()))
    return Inventory(year=year, factor_set=factor_set.label(), gwp=gwp, lines=tuple(lines))
