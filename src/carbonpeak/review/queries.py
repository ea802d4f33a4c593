"""The district a project would join, filled from what CarbonPeak stores (Django side of district.py).

* Base year: the plan's (`Plan.base_year`, 2020).
* Energy (dual-control basis) and GDP at base-year comparable prices per year:
  `accounting.services.energy_intensity_series`, i.e. the stored activity data and DistrictGdp.
* CO2: the energy lines of the latest compiled inventory of each year (direct + purchased).
* Target years 2025 and 2030: the stored year where there is one, else projected by
  `projection.project` (the base-year-to-latest average annual change, carried on).
* District average: the latest year's energy over its GDP at current prices. Shanghai's:
  `averages.yaml` (none sourced yet).
* Committed: projects approved (latest decision approve / approve with conditions) whose
  `operating_since` is not set, with the figures of the assessment that decision approved.

docs/methodology/review.md ("District context in CarbonPeak") states the rules and doubts.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from carbonpeak.accounting.intensity import IntensityError
from carbonpeak.accounting.inventory import Category
from carbonpeak.accounting.models import DistrictGdp
from carbonpeak.accounting.services import IntensitySeries, energy_intensity_series, latest_inventories
from carbonpeak.common.issues import InputIssue
from carbonpeak.common.yaml_files import parse_yaml
from carbonpeak.plan.models import Plan
from carbonpeak.plan.queries import current_plan
from carbonpeak.review.district import WHERE, AverageIntensity, CommittedProject, DistrictContext, DistrictYear
from carbonpeak.review.intake import ReviewInputError
from carbonpeak.review.models import APPROVED_STATUSES, Decision
from carbonpeak.review.projection import Projected, ProjectionError, project

TARGET_YEARS = (2025, 2030)
AVERAGES_FILE = Path(__file__).parent / "averages.yaml"


def _fail(field: str, reason: str) -> ReviewInputError:
    return ReviewInputError([InputIssue(WHERE, field, reason)])


def energy_co2_by_year() -> dict[int, float]:
    """CO2 of energy use (inventory category "energy": combustion and purchased electricity/heat), t."""
    return {
        year: sum(line["co2_t"] for line in inv.lines if line["category"] == Category.ENERGY.value)
        for year, inv in latest_inventories().items()
    }


@cache
def _shanghai_raw() -> dict[str, Any]:
    raw: dict[str, Any] = parse_yaml(AVERAGES_FILE.read_text(encoding="utf-8"))["shanghai"]
    return raw


def shanghai_average() -> AverageIntensity | None:
    """Shanghai's published average, if `averages.yaml` gives one with its source."""
    raw = _shanghai_raw()
    if raw.get("energy_tce_per_10k_cny") is None or not raw.get("source"):
        return None
    return AverageIntensity(raw["energy_tce_per_10k_cny"], raw.get("co2_t_per_10k_cny"), int(raw["year"]),
                            str(raw["source"]))


def district_average(series: IntensitySeries, co2: dict[int, float]) -> AverageIntensity:
    """The latest year's energy (and CO2) per 10^4 CNY of GDP at that year's prices."""
    latest = series.years[-1]
    gdp = DistrictGdp.objects.get(year=latest.year)
    flag = "（示意数据 / illustrative）" if gdp.illustrative else ""
    return AverageIntensity(
        energy_tce_per_10k_cny=latest.energy_tce / gdp.value_10k_cny,
        co2_t_per_10k_cny=co2[latest.year] / gdp.value_10k_cny if latest.year in co2 else None,
        year=latest.year,
        source=f"CarbonPeak 核算 / accounted: {series.factor_set}; GDP {gdp.source}{flag}",
    )


def _describe(name: str, p: Projected) -> str:
    if p.stored:
        return f"{name} {p.year}: 存储值 / stored"
    return f"{name} {p.year}: 由 {p.from_year} 年按年均 {p.annual_change_pct:+.2f}% 推算 / projected from {p.from_year}"


def committed_projects(exclude_project: int | None = None) -> tuple[CommittedProject, ...]:
    """Projects approved but not yet operating (已批未投), each with the counted figures of the assessment
    its latest decision approved; `exclude_project`: the project being assessed again."""
    decisions = (Decision.objects.filter(project__status__in=APPROVED_STATUSES,
                                         project__operating_since__isnull=True)
                 .select_related("project", "assessment").order_by("project_id", "-decided_at", "-id"))
    if exclude_project is not None:
        decisions = decisions.exclude(project_id=exclude_project)
    out: dict[int, CommittedProject] = {}
    for d in decisions:
        if d.project_id in out:
            continue  # an older decision on the same project
        r = d.assessment.result
        out[d.project_id] = CommittedProject(
            project_id=d.project_id, name=d.project.name, first_full_year=d.project.first_full_year,
            energy_tce=r["energy_tce_dual_control"], co2_t=r["co2_t"],
            value_added_10k_cny=r["value_added_counted_10k_cny"])
    return tuple(out.values())


def district_context(plan: Plan | None = None, *, exclude_project: int | None = None) -> DistrictContext:
    """The district context of the current plan; ReviewInputError naming what is missing."""
    plan = plan or current_plan()
    base_year = plan.base_year
    try:
        series = energy_intensity_series(base_year)
    except IntensityError as exc:
        raise _fail("base_year", str(exc)) from exc
    energy = {y.year: y.energy_tce for y in series.years}
    gdp = {y.year: y.gdp_comparable_10k_cny for y in series.years}
    co2 = energy_co2_by_year()
    with_co2 = base_year in co2
    years, notes = [], []
    for target in TARGET_YEARS:
        try:
            e, g = project(energy, base_year, target), project(gdp, base_year, target)
            c = project(co2, base_year, target) if with_co2 else None
        except ProjectionError as exc:
            raise _fail(f"years[{target}]", str(exc)) from exc
        years.append(DistrictYear(target, e.value, g.value, None if c is None else c.value))
        notes += [_describe("energy", e), _describe("GDP", g)] + ([] if c is None else [_describe("CO2", c)])
    sources = "; ".join([*series.activity_sources, *series.gdp_sources])
    return DistrictContext(
        name=plan.issuer.removesuffix("人民政府") or plan.title,
        base_year=base_year,
        base_energy_tce=energy[base_year],
        base_value_added_10k_cny=gdp[base_year],
        base_co2_t=co2[base_year] if with_co2 else None,
        years=tuple(years),
        district_average=district_average(series, co2),
        shanghai_average=shanghai_average(),
        source=f"{series.factor_set}; {sources}; " + "; ".join(notes),
        committed=committed_projects(exclude_project),
    )
