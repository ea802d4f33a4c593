"""The carbon-efficiency code (碳效码): a colour per key unit and year from its tCO2 per 万元 value added.

Pure module (no Django). The method and its thresholds are data (`carbon_efficiency.yaml`, marked not
sourced); each grade carries its reasons, zh and en ("红: 2.3× the 2614 benchmark, +4 % on 2025").
docs/methodology/enterprise.md ("碳效码").
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

METHOD_PATH = Path(__file__).with_name("carbon_efficiency.yaml")


@dataclass(frozen=True)
class Colour:
    code: str
    zh: str
    en: str
    upper: float | None


@dataclass(frozen=True)
class Method:
    colours: tuple[Colour, ...]
    min_peers: int
    change_moves_one: float
    share_ratio_demotes: float
    source: str


@lru_cache(maxsize=1)
def method() -> Method:
    raw: dict[str, Any] = yaml.safe_load(METHOD_PATH.read_text(encoding="utf-8"))
    colours = tuple(Colour(str(c["code"]), str(c["zh"]), str(c["en"]),
                           None if c["upper"] is None else float(c["upper"])) for c in raw["colours"])
    return Method(colours, int(raw["min_peers"]), float(raw["change_moves_one"]), float(raw["share_ratio_demotes"]),
                  str(raw["source"]))


@dataclass(frozen=True)
class UnitFigures:
    unit: str
    division: str  # GB/T 4754 division (two digits)
    co2_t: float
    value_added_10k_cny: float | None
    previous_intensity: float | None = None  # tCO2 per 万元 of the year before, where known


@dataclass
class Grade:
    unit: str
    grade: str | None  # a colour code; None: not graded
    intensity_t_per_10k_cny: float | None
    benchmark: float | None = None
    reasons_zh: list[str] = field(default_factory=list)
    reasons_en: list[str] = field(default_factory=list)


def colour_for(ratio: float, m: Method) -> int:
    """The index of the colour whose band holds the ratio (a ratio at a band's upper bound is in it)."""
    for i, c in enumerate(m.colours):
        if c.upper is not None and ratio <= c.upper:
            return i
    return len(m.colours) - 1


def grade_all(units: list[UnitFigures], m: Method | None = None) -> list[Grade]:
    m = m or method()
    graded = [u for u in units if u.value_added_10k_cny]
    intensity = {u.unit: u.co2_t / u.value_added_10k_cny for u in graded if u.value_added_10k_cny}
    district = statistics.median(intensity.values()) if intensity else None
    total_co2 = sum(u.co2_t for u in graded)
    total_va = sum(u.value_added_10k_cny or 0.0 for u in graded)
    out = []
    for u in units:
        if not u.value_added_10k_cny:
            out.append(Grade(u.unit, None, None, None, ["无增加值，不评定"], ["no value added: not graded"]))
            continue
        value = intensity[u.unit]
        peers = [intensity[p.unit] for p in graded if p.division == u.division]
        own_industry = len(peers) >= m.min_peers
        benchmark = statistics.median(peers) if own_industry else (district or 0.0)
        where_zh = f"{u.division}行业基准" if own_industry else "全区基准"
        where_en = f"the {u.division} benchmark" if own_industry else "the district benchmark"
        ratio = value / benchmark if benchmark else 1.0
        index = colour_for(ratio, m)
        g = Grade(u.unit, None, value, benchmark, [f"{where_zh}的 {ratio:.2f} 倍"], [f"{ratio:.2f}× {where_en}"])
        if u.previous_intensity:
            change = value / u.previous_intensity - 1
            g.reasons_zh.append(f"较上年 {change:+.0%}")
            g.reasons_en.append(f"{change:+.0%} on the year before")
            if change > m.change_moves_one:
                index = min(index + 1, len(m.colours) - 1)
            elif change < -m.change_moves_one:
                index = max(index - 1, 0)
        if total_co2 and total_va:
            share_ratio = (u.co2_t / total_co2) / ((u.value_added_10k_cny or 0.0) / total_va)
            g.reasons_zh.append(f"排放占比为增加值占比的 {share_ratio:.1f} 倍")
            g.reasons_en.append(f"CO2 share {share_ratio:.1f}× its value-added share")
            if share_ratio > m.share_ratio_demotes:
                index = min(index + 1, len(m.colours) - 1)
        colour = m.colours[index]
        g.grade = colour.code
        g.reasons_zh.insert(0, colour.zh)
        g.reasons_en.insert(0, colour.en)
        out.append(g)
    return out
