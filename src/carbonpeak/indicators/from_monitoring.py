"""Indicator values measured by the monitoring room: the data centres' PUE (tasks 30 and 31) and
the industrial 百一 saving (task 26), each with what made it (units, meters, months, completeness,
factor set) so the indicator page can show and link its sources.

Formulas: docs/methodology/monitoring.md ("Yearly figures").
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from carbonpeak.common.localtime import LOCAL
from carbonpeak.monitoring.figures import annual
from carbonpeak.monitoring.figures.annual_facts import (
    UnitYear,
    completed_months,
    data_centre_pues,
    industrial_savings,
    threshold,
)
from carbonpeak.monitoring.figures.pue import pue_limit, pue_limits
from carbonpeak.monitoring.readings.store import ReadingStore
from carbonpeak.monitoring.vocabulary import DataCentreStage, Grain, Scope

PUE_METHOD = (
    "由在线监测计算：各数据中心 PUE = 全年（或年初至今）已结束且数据完整率≥90%的月份的总用电量 ÷ IT设备用电量；"
    "全区值按能耗加权 = Σ总用电量 ÷ ΣIT用电量。 / Online monitoring: each data centre's PUE = facility ÷ IT "
    "electricity over the completed months of the year with ≥ 90 % of readings; the district value is "
    "energy-weighted (Σ facility ÷ Σ IT)."
)
SAVING_METHOD = (
    "由在线监测计算：各工业和通信业重点用能单位年节能率 = (1 − 本年能耗 ÷ 上年同期能耗) × 100（当量值，"
    "比较两年均完整的相同月份）；全区值为可比单位按上年能耗加权。 / Online monitoring: each industrial or "
    "communications unit's saving = (1 − this year's ÷ the same months last year's energy) × 100; the "
    "district value weights the comparable units by last year's energy."
)


@dataclass(frozen=True)
class YearFigure:
    value: float
    source: str
    note: str
    provenance: dict[str, object]


def years_with_data(as_of: dt.date) -> list[int]:
    """From the first year with monthly unit rollups to the year of `as_of`."""
    first = ReadingStore().first_start(Scope.UNIT, Grain.MONTH)
    if first is None:
        return []
    return list(range(first.astimezone(LOCAL).year, as_of.year + 1))


def _span(year: int, as_of: dt.date) -> dict[str, object]:
    months = completed_months(year, as_of)
    return {"year": year, "months": months, "year_to_date": len(months) < 12,
            "completeness_threshold": threshold()}


def _factor_sets(years: list[UnitYear]) -> list[str]:
    return sorted({f for y in years for f in y.factor_sets})


def _months_label(months: list[int]) -> str:
    """The months a figure holds as a source names them: 1—12月, 11月, 3—5月, 1、3月 (a Chinese range takes
    the em dash, GB/T 15834-2011, as the monitoring pages write it; the English half keeps the en dash)."""
    if not months:
        return ""
    if len(months) == 1:
        return f"{months[0]}月"
    if months == list(range(months[0], months[-1] + 1)):
        return f"{months[0]}—{months[-1]}月"
    return "、".join(str(m) for m in months) + "月"


def _months_label_en(months: list[int]) -> str:
    if not months or len(months) == 12:
        return ""
    if len(months) == 1:
        return f", month {months[0]}"
    if months == list(range(months[0], months[-1] + 1)):
        return f", months {months[0]}–{months[-1]}"
    return ", months " + ", ".join(str(m) for m in months)


def _counted(months: list[list[int]]) -> list[int]:
    """The months some unit counted: the source names these, not the span of ended months (a figure of
    November alone is not a figure of January to November)."""
    return sorted({m for unit in months for m in unit})


def pue_figure(stage: DataCentreStage, year: int, as_of: dt.date) -> YearFigure | None:
    found = data_centre_pues(year, as_of, stage)
    measured = [(y, p) for y, p in found if p.pue is not None]
    value = annual.weighted_pue([p for _, p in measured])
    if value is None:
        return None
    limit = pue_limit(stage)
    units = [{
        "code": y.unit.code, "name": y.unit.name, "pue": None if p.pue is None else round(p.pue, 4),
        "limit": limit, "above_limit": p.pue is not None and p.pue > limit,
        "facility_kwh": round(p.facility_kwh, 3), "it_kwh": round(p.it_kwh, 3), "months": list(p.months),
        "excluded_months": [e.as_dict() for e in p.excluded], "meters": [m.code for m in y.meters],
    } for y, p in found]
    span = _span(year, as_of)
    stage_zh = "既有" if stage == DataCentreStage.EXISTING else "新建"
    stage_en = "existing" if stage == DataCentreStage.EXISTING else "new"
    counted = _counted([list(p.months) for _, p in measured])
    return YearFigure(
        value=value,
        # "中文 / English": each page shows its reader's half (web/templatetags/shown.py, in_language).
        source=f"CarbonPeak 在线监测：{len(measured)}个{stage_zh}数据中心 {year}年{_months_label(counted)} / "
               f"CarbonPeak online monitoring: {len(measured)} {stage_en} data centres, "
               f"{year}{_months_label_en(counted)}",
        note="年初至今 / year to date" if span["year_to_date"] else "",
        provenance={"kind": "monitoring", "method": "pue", "stage": stage.value, **span, "limit": limit,
                    "limit_source": pue_limits().source, "units": units,
                    "factor_sets": _factor_sets([y for y, _ in found])},
    )


def saving_figure(year: int, as_of: dt.date) -> YearFigure | None:
    found = industrial_savings(year, as_of)
    value = annual.district_saving([s for _, s in found])
    if value is None:
        return None
    units = []
    for y, s in annual.ranked_pairs(found):
        units.append({
            "code": y.unit.code, "name": y.unit.name, "industry_code": y.unit.industry_code,
            "saving_percent": None if s.percent is None else round(s.percent, 3), "method": s.method,
            "previous_tce": round(s.previous_tce, 3), "current_tce": round(s.current_tce, 3),
            "months": list(s.months), "reasons": [r.as_dict() for r in s.reasons],
        })
    comparable = sum(1 for _, s in found if s.percent is not None)
    span = _span(year, as_of)
    counted = _counted([list(s.months) for _, s in found if s.percent is not None])
    return YearFigure(
        value=value,
        source=f"CarbonPeak 在线监测：{comparable}家可比工业和通信业重点用能单位 {year}年{_months_label(counted)} / "
               f"CarbonPeak online monitoring: {comparable} comparable industrial and communications key energy "
               f"users, {year}{_months_label_en(counted)}",
        note="年初至今，与上年同期比 / year to date against the same months a year before"
        if span["year_to_date"] else "",
        provenance={"kind": "monitoring", "method": "saving", **span, "comparable_units": comparable,
                    "units_total": len(found), "target_percent": 1.0, "units": units,
                    "factor_sets": _factor_sets([y for y, _ in found])},
    )


@dataclass(frozen=True)
class TownFigure:
    """A town's (or park's) figure of a year: the same formula over the units located there, with the weight it
    carries in the district's value (so the places' weighted mean is the district's when every unit has a town)."""

    value: float
    weight: float  # IT electricity in kWh (PUE), or last year's energy of the comparable units in tce (saving)
    units: tuple[str, ...]


def pue_by_town(stage: DataCentreStage, year: int, as_of: dt.date) -> dict[str, TownFigure]:
    """Each town's energy-weighted PUE of its data centres of `stage` (KeyUnit.town names the town)."""
    groups: dict[str, list[tuple[str, annual.PueYear]]] = defaultdict(list)
    for y, p in data_centre_pues(year, as_of, stage):
        if p.pue is not None:
            groups[y.unit.town].append((y.unit.code, p))
    out = {}
    for town, items in groups.items():
        value = annual.weighted_pue([p for _, p in items])
        if value is not None:
            out[town] = TownFigure(value, sum(p.it_kwh for _, p in items), tuple(c for c, _ in items))
    return out


def saving_by_town(year: int, as_of: dt.date) -> dict[str, TownFigure]:
    """Each town's 百一 saving over its comparable industrial units, weighted by last year's energy."""
    groups: dict[str, list[tuple[str, annual.Saving]]] = defaultdict(list)
    for y, s in industrial_savings(year, as_of):
        groups[y.unit.town].append((y.unit.code, s))
    out = {}
    for town, items in groups.items():
        value = annual.district_saving([s for _, s in items])
        if value is not None:
            weight = sum(s.previous_tce for _, s in items if s.percent is not None)
            out[town] = TownFigure(value, weight, tuple(c for c, s in items if s.percent is not None))
    return out
