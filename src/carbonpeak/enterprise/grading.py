"""The carbon-efficiency code (碳效码): a colour per key unit and year from its tCO2 per 万元 value added.

Pure module (no Django). The method is data (`carbon_efficiency.yaml`): the 碳效等级 bounds on K (a unit's
intensity over its industry's) and the 碳效水平 bounds on the intensity are those of the published
"规上工业企业碳效等级评价方法"; how the five levels make four colours and the moves on the previous year and on the
share of emissions are the district's choice, and say so. Each grade carries its reasons, zh and en
("红: 2.30× the 26 benchmark, +4% on 2025"). docs/methodology/enterprise.md ("碳效码").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from carbonpeak.common.yaml_files import parse_yaml

METHOD_PATH = Path(__file__).with_name("carbon_efficiency.yaml")


@dataclass(frozen=True)
class Colour:
    code: str
    zh: str
    en: str
    levels: frozenset[int]


@dataclass(frozen=True)
class Band:
    code: str
    zh: str
    en: str
    upper: float | None  # a value at the bound belongs to this band; None: no upper bound


@dataclass(frozen=True)
class Benchmark:
    value: float  # t CO2 per 万元
    source: str


@dataclass(frozen=True)
class Method:
    colours: tuple[Colour, ...]
    levels: tuple[Band, ...]  # 碳效等级 on K, code = "1" … "5"
    carbon_levels: tuple[Band, ...]  # 碳效水平 on the intensity
    benchmarks: dict[str, Benchmark]
    min_peers: int
    change_moves_one: float
    share_ratio_demotes: float
    include_process: bool
    source: str


def _band(raw: dict[str, Any]) -> Band:
    upper = raw.get("upper")
    code = str(raw.get("code", raw.get("level")))
    return Band(code, str(raw.get("zh", code)), str(raw.get("en", code)), None if upper is None else float(upper))


def read_method(raw: dict[str, Any]) -> Method:
    src = raw["source"]
    return Method(
        colours=tuple(Colour(str(c["code"]), str(c["zh"]), str(c["en"]), frozenset(int(v) for v in c["levels"]))
                      for c in raw["colours"]),
        levels=tuple(_band(b) for b in raw["efficiency_levels"]),
        carbon_levels=tuple(_band(b) for b in raw["carbon_levels"]),
        benchmarks={str(k): Benchmark(float(v["value"]), str(v["source"]))
                    for k, v in (raw.get("benchmarks") or {}).items()},
        min_peers=int(raw["min_peers"]), change_moves_one=float(raw["change_moves_one"]),
        share_ratio_demotes=float(raw["share_ratio_demotes"]), include_process=bool(raw.get("include_process")),
        source=f"{src['title']} ({src['url']})")


@lru_cache(maxsize=1)
def method() -> Method:
    return read_method(parse_yaml(METHOD_PATH.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class UnitFigures:
    unit: str
    division: str  # GB/T 4754 division (two digits)
    co2_t: float  # the CO2 the method counts (energy CO2, green power deducted; process only if the method says)
    value_added_10k_cny: float | None
    previous_intensity: float | None = None  # tCO2 per 万元 of the year before, where known
    town: str = ""
    previous_year: int | None = None


@dataclass
class Grade:
    unit: str
    grade: str | None  # a colour code; None: not graded
    intensity_t_per_10k_cny: float | None
    benchmark: float | None = None
    reasons_zh: list[str] = field(default_factory=list)
    reasons_en: list[str] = field(default_factory=list)
    level: int | None = None  # 碳效等级 1–5 (sourced bands on K), before the district's moves
    ratio: float | None = None  # K
    carbon_level: str | None = None  # 碳效水平 code (low / medium / high)
    division: str = ""
    town: str = ""


def band_of(value: float, bands: tuple[Band, ...]) -> int:
    """The index of the band holding the value: a value at a band's upper bound is in it. The value is rounded
    to 1e-9 first, so that a ratio computed as 0.8000000000000002 stays at its bound."""
    value = round(value, 9)
    for i, b in enumerate(bands):
        if b.upper is not None and value <= b.upper:
            return i
    return len(bands) - 1


def colour_for(ratio: float, m: Method) -> int:
    """The index of the colour of the level that holds K = ratio."""
    level = int(m.levels[band_of(ratio, m.levels)].code)
    return next(i for i, c in enumerate(m.colours) if level in c.levels)


def _pooled(units: list[UnitFigures]) -> float | None:
    co2 = sum(u.co2_t for u in units)
    added = sum(u.value_added_10k_cny or 0.0 for u in units)
    return co2 / added if added else None


def grade_all(units: list[UnitFigures], m: Method | None = None) -> list[Grade]:
    m = m or method()
    graded = [u for u in units if u.value_added_10k_cny]
    district = _pooled(graded)
    out = []
    for u in units:
        if not u.value_added_10k_cny:
            out.append(Grade(u.unit, None, None, None, ["无增加值，不评定"], ["no value added: not graded"],
                             division=u.division, town=u.town))
            continue
        value = u.co2_t / u.value_added_10k_cny
        out.append(_grade(u, value, graded, district, m))
    return out


def _grade(u: UnitFigures, value: float, graded: list[UnitFigures], district: float | None, m: Method) -> Grade:
    peers = [p for p in graded if p.division == u.division]
    sourced = m.benchmarks.get(u.division)
    if sourced is not None:
        benchmark, where_zh, where_en = sourced.value, f"{u.division}行业基准（{sourced.source}）", \
            f"the {u.division} benchmark ({sourced.source})"
    elif len(peers) >= m.min_peers:
        benchmark, where_zh, where_en = _pooled(peers) or 0.0, f"{u.division}行业基准", f"the {u.division} benchmark"
    else:
        benchmark, where_zh, where_en = district or 0.0, "全区基准", "the district benchmark"
    ratio = value / benchmark if benchmark else 1.0
    level_index = band_of(ratio, m.levels)
    index = colour_for(ratio, m)
    carbon = m.carbon_levels[band_of(value, m.carbon_levels)]
    g = Grade(u.unit, None, value, benchmark, [f"{where_zh}（{benchmark:.3g} 吨/万元）的 {ratio:.2f} 倍"],
              [f"{ratio:.2f}× {where_en} ({benchmark:.3g} t per 10k CNY)"], level=int(m.levels[level_index].code),
              ratio=ratio, carbon_level=carbon.code, division=u.division, town=u.town)
    g.reasons_zh.append(f"碳效等级 {g.level} 级")
    g.reasons_en.append(f"efficiency level {g.level}")
    if u.previous_intensity:
        change = value / u.previous_intensity - 1
        when = u.previous_year
        g.reasons_zh.append(f"较{when}年 {change:+.0%}" if when else f"较上年 {change:+.0%}")
        g.reasons_en.append(f"{change:+.0%} on {when}" if when else f"{change:+.0%} on the year before")
        if change > m.change_moves_one:
            index = min(index + 1, len(m.colours) - 1)
        elif change < -m.change_moves_one:
            index = max(index - 1, 0)
    if district:
        # (CO2 / ΣCO2) / (VA / ΣVA) = its intensity over the district's pooled intensity.
        share_ratio = value / district
        g.reasons_zh.append(f"排放占比为增加值占比的 {share_ratio:.1f} 倍")
        g.reasons_en.append(f"CO2 share {share_ratio:.1f}× its value-added share")
        if round(share_ratio, 9) > m.share_ratio_demotes:
            index = min(index + 1, len(m.colours) - 1)
    g.reasons_zh.append(f"{carbon.zh}（{value:.3g} 吨/万元）")
    g.reasons_en.append(f"{carbon.en} ({value:.3g} t per 10k CNY)")
    colour = m.colours[index]
    g.grade = colour.code
    g.reasons_zh.insert(0, colour.zh)
    g.reasons_en.insert(0, colour.en)
    return g


def distribution(grades: list[Grade], by: str, m: Method | None = None) -> dict[str, dict[str, int]]:
    """How many graded units of each colour per town (`by="town"`) or GB/T 4754 division (`by="division"`);
    ungraded units are counted under "" (no colour)."""
    m = m or method()
    out: dict[str, dict[str, int]] = {}
    for g in grades:
        key = g.town if by == "town" else g.division
        counts = out.setdefault(key, {c.code: 0 for c in m.colours} | {"": 0})
        counts[g.grade or ""] += 1
    return dict(sorted(out.items()))
