"""Yearly figures of the key units from their monthly rollups: a data centre's PUE over a year,
a unit's year-on-year energy saving, and the district figures the indicators take from them.

Pure module (no Django). Only completed months count (a year in progress is its year to date),
and a month counts only when its data are complete enough (`completeness` ≥ the alert rule's
threshold, 90 %): a month with missing readings would understate energy and bias both figures.
docs/methodology/monitoring.md ("Yearly figures") has the formulas and worked examples.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

# 工业和通信业 (the plan's task 26, 市级“百一”行动): GB/T 4754-2017 sections B, C, D (mining,
# manufacturing, power/gas/water: divisions 06–46) and the communications and data services of
# section I that the 工业和信息化 departments count as 通信业 (divisions 63–65, data centres
# included). Doubt: the city's 百一 notice names the scope, not the divisions; this reading is ours.
INDUSTRIAL_DIVISIONS = frozenset(f"{d:02d}" for d in [*range(6, 47), 63, 64, 65])


K = TypeVar("K")


def is_industrial(industry_code: str) -> bool:
    return industry_code[:2] in INDUSTRIAL_DIVISIONS


@dataclass(frozen=True)
class UnitMonth:
    """One completed month of one unit, read from its rollups."""

    month: int
    tce: float | None  # 综合能耗, 当量值 (None: nothing rolled up)
    facility_kwh: float | None = None  # electricity of the unit's total meters
    it_kwh: float | None = None  # electricity of its IT-load meters
    completeness: float | None = None  # share of expected readings measured (None: no meter had started)


@dataclass(frozen=True)
class Excluded:
    month: int
    reason_zh: str
    reason_en: str

    def as_dict(self) -> dict[str, object]:
        return {"month": self.month, "reason_zh": self.reason_zh, "reason_en": self.reason_en}


def _incomplete(m: UnitMonth, threshold: float) -> Excluded | None:
    if m.completeness is None or m.tce is None:
        return Excluded(m.month, "无数据", "no data")
    if m.completeness < threshold:
        share = math.floor(m.completeness * 1000) / 10
        return Excluded(m.month, f"数据完整率 {share:g}%，低于 {threshold:.0%}",
                        f"{share:g}% of readings, below {threshold:.0%}")
    return None


@dataclass(frozen=True)
class PueYear:
    """A data centre's PUE over the months of a year that count."""

    pue: float | None
    facility_kwh: float
    it_kwh: float
    months: tuple[int, ...]
    excluded: tuple[Excluded, ...]


def pue_year(months: Sequence[UnitMonth], threshold: float) -> PueYear:
    """Σ facility ÷ Σ IT over the months that count: the energy-weighted mean of the monthly PUEs
    (a month with more IT load weighs more), never the plain mean of twelve ratios."""
    facility = it = 0.0
    used: list[int] = []
    excluded: list[Excluded] = []
    for m in months:
        why = _incomplete(m, threshold)
        if why is None and not (m.it_kwh and m.it_kwh > 0 and m.facility_kwh and m.facility_kwh > 0):
            why = Excluded(m.month, "无IT负载电量", "no IT-load energy")
        if why is not None:
            excluded.append(why)
            continue
        assert m.facility_kwh is not None and m.it_kwh is not None
        facility += m.facility_kwh
        it += m.it_kwh
        used.append(m.month)
    pue = facility / it if it > 0 else None
    return PueYear(pue, facility, it, tuple(used), tuple(excluded))


def weighted_pue(years: Sequence[PueYear]) -> float | None:
    """The district's PUE of a group of data centres: Σ facility ÷ Σ IT over those with a PUE."""
    facility = sum(y.facility_kwh for y in years if y.pue is not None)
    it = sum(y.it_kwh for y in years if y.pue is not None)
    return facility / it if it > 0 else None


class SavingMethod:
    RAW = "raw"  # energy against energy
    PER_OUTPUT = "per_output"  # energy per unit of product against the same a year before


@dataclass(frozen=True)
class Saving:
    """A unit's year-on-year saving over the months compared (positive: it used less)."""

    percent: float | None  # None: not comparable
    method: str
    months: tuple[int, ...]
    previous_tce: float
    current_tce: float
    reasons: tuple[Excluded, ...] = field(default=())  # the months left out, and why


def yearly_saving(previous: Sequence[UnitMonth], current: Sequence[UnitMonth], threshold: float,
                  output: tuple[float, float] | None = None) -> Saving:
    """(1 − E_t ÷ E_t−1) × 100 over the ended months that count in both years, or per unit of output
    (1 − (E_t/Q_t) ÷ (E_t−1/Q_t−1)) × 100 when both years' outputs are given. Like is compared with
    like: a month missing or incomplete in either year leaves both years' month out (listed in
    `reasons`), so a gap never passes for a saving; no month in common, no figure."""
    before = {m.month: m for m in previous}
    reasons: list[Excluded] = []
    months: list[int] = []
    e_prev = e_cur = 0.0
    for cur in current:
        prev = before.get(cur.month, UnitMonth(cur.month, None))
        why = _incomplete(cur, threshold) or _incomplete(prev, threshold)
        if why is None and not (prev.tce and prev.tce > 0):
            why = Excluded(cur.month, "上年同月能耗为零", "no energy in the same month a year before")
        if why is not None:
            reasons.append(why)
            continue
        assert prev.tce is not None and cur.tce is not None
        e_prev += prev.tce
        e_cur += cur.tce
        months.append(cur.month)
    per_output = output is not None and all(q > 0 for q in output)
    method = SavingMethod.PER_OUTPUT if per_output else SavingMethod.RAW
    if not months:
        return Saving(None, method, (), e_prev, e_cur, tuple(reasons))
    ratio = e_cur / e_prev
    if per_output:
        assert output is not None
        ratio *= output[0] / output[1]  # (E_t / Q_t) ÷ (E_t−1 / Q_t−1), output = (Q_t−1, Q_t)
    return Saving((1.0 - ratio) * 100.0, method, tuple(months), e_prev, e_cur, tuple(reasons))


def district_saving(savings: Sequence[Saving]) -> float | None:
    """The district's saving over the comparable units: their savings weighted by last year's energy
    (equal to 1 − ΣE_t ÷ ΣE_t−1 when every unit is compared raw)."""
    weighted = [(s.previous_tce, s.percent) for s in savings if s.percent is not None]
    total = sum(w for w, _ in weighted)
    return sum(w * p for w, p in weighted) / total if total > 0 else None


def ranked_pairs(pairs: Sequence[tuple[K, Saving]]) -> list[tuple[K, Saving]]:
    """百一行动 table order: comparable units from the largest saving down, then the others as given."""
    comparable = sorted((p for p in pairs if p[1].percent is not None), key=lambda p: -(p[1].percent or 0.0))
    return comparable + [p for p in pairs if p[1].percent is None]
