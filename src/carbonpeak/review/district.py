"""The district a project would join, and what the project does to its intensity path.

Pure module (no Django). `DistrictContext` is plain data the caller fills (the Django side
from stored accounting inventories and indicator targets; a test or notebook by hand).
`intensity_impact` compares one year with and without the project:

    I_0        = E_0 / GDP_0                          base-year intensity (2020)
    I_Y        = E_Y / GDP_Y                          year Y without the project
    I_Y'       = (E_Y + ΔE) / (GDP_Y + ΔVA)           year Y with the project
    I_path     = I_0 × (1 + target% / 100)           the intensity the target allows (−14 % → ×0.86)
    budget_Y   = I_path × GDP_Y − E_Y − E_c           energy the district may still add in year Y
    share      = ΔE / budget_Y                        (none when the budget is used up)

E_c and VA_c are the energy and value added of projects approved but not yet operating (已批未投,
`CommittedProject`) at capacity by year Y: the statistics do not hold them yet, so without them two
projects could each spend the same headroom. They count like the project itself: in I_Y and I_Y'
(E_Y + E_c over GDP_Y + VA_c) and against the budget, whose GDP they do not enlarge.

GDP is at base-year comparable prices (NBS convention; accounting/intensity.py). The same
formulas apply to CO2 with the CO2 target. docs/methodology/review.md ("District impact").
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from carbonpeak.accounting.intensity import Intensity, change_rate
from carbonpeak.common.issues import InputIssue
from carbonpeak.review.intake import ReviewInputError

WHERE = "区情 / district context"


@dataclass(frozen=True)
class AverageIntensity:
    """A published average to compare a project with: the district's or Shanghai's.

    Per 10^4 CNY of GDP (or value added) in `year`; give the energy figure on the
    dual-control basis the statistics bureau publishes.
    """

    energy_tce_per_10k_cny: float | None
    co2_t_per_10k_cny: float | None
    year: int
    source: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "energy_tce_per_10k_cny": self.energy_tce_per_10k_cny,
            "co2_t_per_10k_cny": self.co2_t_per_10k_cny,
            "year": self.year,
            "source": self.source,
        }


@dataclass(frozen=True)
class DistrictYear:
    """One target year (2025, 2030) as the district expects it without the project."""

    year: int
    energy_tce: float  # total energy consumption, tce, dual-control basis (as the inventory counts it)
    value_added_10k_cny: float  # GDP, 10^4 CNY at base-year comparable prices
    co2_t: float | None = None  # total CO2, t
    energy_intensity_change_pct: float | None = None  # target vs base year; None: thresholds.yaml default
    co2_intensity_change_pct: float | None = None


@dataclass(frozen=True)
class CommittedProject:
    """A project approved but not yet operating (已批未投): what its approved assessment counted."""

    project_id: int
    name: str
    first_full_year: int  # counted from this year on, like the project under review
    energy_tce: float  # counted energy, dual-control basis (the district's)
    co2_t: float
    value_added_10k_cny: float  # counted value added

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class DistrictContext:
    """The district's base year, its outlook without the project and the averages to compare with."""

    name: str
    base_year: int  # 2020 for the 14th Five-Year Plan targets
    base_energy_tce: float  # base-year total energy consumption, tce, dual-control basis
    base_value_added_10k_cny: float  # base-year GDP, 10^4 CNY (current prices of the base year)
    years: tuple[DistrictYear, ...]  # the target years, at least one (2025)
    base_co2_t: float | None = None  # base-year CO2, t; without it no carbon budget
    district_average: AverageIntensity | None = None
    shanghai_average: AverageIntensity | None = None
    source: str = ""  # where the figures come from (inventory id, statistics yearbook, …)
    committed: tuple[CommittedProject, ...] = ()  # approved, not yet operating

    def committed_by(self, year: int) -> tuple[CommittedProject, ...]:
        """The committed projects at capacity by `year` (the others are left out, not prorated)."""
        return tuple(c for c in self.committed if c.first_full_year <= year)

    def __post_init__(self) -> None:
        problems = _problems(self)
        if problems:
            raise ReviewInputError(problems)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "base_year": self.base_year,
            "base_energy_tce": self.base_energy_tce,
            "base_value_added_10k_cny": self.base_value_added_10k_cny,
            "base_co2_t": self.base_co2_t,
            "years": [asdict(y) for y in self.years],
            "source": self.source,
            "committed": [c.as_dict() for c in self.committed],
        }


def _problems(ctx: DistrictContext) -> list[InputIssue]:
    out: list[InputIssue] = []

    def need(ok: bool, field_name: str, reason: str) -> None:
        if not ok:
            out.append(InputIssue(WHERE, field_name, reason))

    positive = "必须为正数 / must be a positive number"
    need(_positive(ctx.base_energy_tce), "base_energy_tce", positive)
    need(_positive(ctx.base_value_added_10k_cny), "base_value_added_10k_cny", positive)
    need(ctx.base_co2_t is None or _positive(ctx.base_co2_t), "base_co2_t", positive)
    need(bool(ctx.years), "years", "至少需要一个目标年 / needs at least one target year")
    need(len({y.year for y in ctx.years}) == len(ctx.years), "years", "目标年重复 / a target year is repeated")
    for i, y in enumerate(ctx.years):
        need(y.year > ctx.base_year, f"years[{i}].year", f"须晚于基年 / must be after the base year {ctx.base_year}")
        need(_positive(y.energy_tce), f"years[{i}].energy_tce", positive)
        need(_positive(y.value_added_10k_cny), f"years[{i}].value_added_10k_cny", positive)
        need(y.co2_t is None or _positive(y.co2_t), f"years[{i}].co2_t", positive)
    return out


def _positive(value: float) -> bool:
    return math.isfinite(value) and value > 0


@dataclass(frozen=True)
class IntensityImpact:
    """Energy (tce) or CO2 (t) per 10^4 CNY in one year, with and without the project."""

    unit: str
    base: float  # I_0
    without_project: float  # I_Y
    with_project: float  # I_Y'
    target_change_pct: float | None
    path: float | None  # I_path
    remaining_budget: float | None  # tce or t the district may still add that year
    share_of_remaining_budget: float | None
    committed: float = 0.0  # E_c: held for projects approved but not yet operating

    def change_pct(self, value: float) -> float:
        return change_rate(Intensity(value, self.unit), Intensity(self.base, self.unit))

    def as_dict(self) -> dict[str, Any]:
        meets = None if self.path is None else {
            "without_project": self.without_project <= self.path,
            "with_project": self.with_project <= self.path,
        }
        return {
            "unit": self.unit,
            "base": self.base,
            "without_project": self.without_project,
            "with_project": self.with_project,
            "change_without_project_pct": self.change_pct(self.without_project),
            "change_with_project_pct": self.change_pct(self.with_project),
            "target_change_pct": self.target_change_pct,
            "path": self.path,
            "meets_path": meets,
            "remaining_budget": self.remaining_budget,
            "budget_used_up": self.remaining_budget is not None and self.remaining_budget <= 0,
            "share_of_remaining_budget": self.share_of_remaining_budget,
            "committed": self.committed,
        }


def intensity_impact(
    unit: str,
    base: tuple[float, float],
    year: tuple[float, float],
    project: tuple[float, float],
    target_change_pct: float | None,
    committed: tuple[float, float] = (0.0, 0.0),
) -> IntensityImpact:
    """`base`, `year`, `project` and `committed` are (amount, value added in 10^4 CNY); see the module
    formulas."""
    (base_amount, base_va), (amount, va), (added, added_va) = base, year, project
    held, held_va = committed
    base_intensity = base_amount / base_va
    path = None if target_change_pct is None else base_intensity * (1 + target_change_pct / 100)
    remaining = None if path is None else path * va - amount - held
    share = added / remaining if remaining is not None and remaining > 0 else None
    return IntensityImpact(
        unit=unit,
        base=base_intensity,
        without_project=(amount + held) / (va + held_va),
        with_project=(amount + held + added) / (va + held_va + added_va),
        target_change_pct=target_change_pct,
        path=path,
        remaining_budget=remaining,
        share_of_remaining_budget=share,
        committed=held,
    )
