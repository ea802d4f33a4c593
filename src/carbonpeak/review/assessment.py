"""Assessment of a proposed project for the energy review (节能审查) and the "两高一低" register.

Pure module (no Django). `assess` runs the project's energy lines through the accounting
engine (`accounting.engine.account`) with the given factor set, then:

* counts energy and CO2: the project's annual use at capacity, for a renovation the increase
  (after − before, both accounted with the same factors, those of the first full year);
* intensities of the plant as it will run: E / VA and CO2 / VA per 10^4 CNY of value added,
  compared with the district's and Shanghai's averages;
* the review tier from the counted energy (当量值) and electricity (thresholds.py);
* "两高" from the industry code (two_high.py) and "两高一低" when, in addition, a product's
  unit consumption is worse than the advanced value (先进值) of its quota standard;
* the effect on the district's intensity path and remaining budgets (district.py), net of the
  projects already approved but not yet operating (`DistrictContext.committed`);
* for a data centre, its design PUE against the plan's limit (monitoring/limits.yaml: 1.3 new,
  1.4 existing), a finding that rules out a plain approval when above it (`findings`).

Every number is explained, with worked examples, in docs/methodology/review.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from enum import StrEnum
from typing import Any

from carbonpeak.accounting.activity import activity_from_records
from carbonpeak.accounting.engine import account
from carbonpeak.accounting.factor_sets import FactorSet
from carbonpeak.accounting.issues import AccountingInputError
from carbonpeak.common.issues import InputIssue, row_label
from carbonpeak.monitoring.figures.pue import pue_limit, pue_limits
from carbonpeak.monitoring.vocabulary import DataCentreStage
from carbonpeak.review.district import (
    AverageIntensity,
    CommittedProject,
    DistrictContext,
    DistrictYear,
    IntensityImpact,
    intensity_impact,
)
from carbonpeak.review.intake import WHERE, EnergyLine, Product, ProjectInput, ProjectKind, ReviewInputError
from carbonpeak.review.thresholds import ReviewThresholds, ReviewTier, load_thresholds, review_tier
from carbonpeak.review.two_high import TwoHighMatch, classify_two_high

ENERGY_UNIT = "tce/10^4 CNY"  # the units accounting.intensity uses
CO2_UNIT = "t_CO2/10^4 CNY"


@dataclass(frozen=True)
class Footprint:
    """What a set of energy lines amounts to in a year (accounting engine metrics)."""

    energy_tce: float  # 综合能源消费量, 当量值
    energy_tce_equal_value: float  # 等价值
    energy_tce_dual_control: float  # less feedstock (and eligible renewables): the district's basis
    feedstock_tce: float  # 原料用能
    electricity_kwh: float
    co2_t: float

    def minus(self, other: Footprint) -> Footprint:
        return Footprint(**{f.name: getattr(self, f.name) - getattr(other, f.name) for f in fields(self)})

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


def footprint(lines: Iterable[EnergyLine], project: ProjectInput, factor_set: FactorSet, field: str) -> Footprint:
    """Account the lines as records of the project's first full year.

    Raises ReviewInputError naming `field[i].energy_type` if the factor set lacks a factor.
    """
    lines = tuple(lines)
    records = [
        {"entity": project.name, "period": str(project.first_full_year), **line.as_dict()} for line in lines
    ]
    try:
        result = account(activity_from_records(records, first_row=0), factor_set)
    except AccountingInputError as exc:
        labels = {row_label(i): f"{field}[{i}]" for i in range(len(lines))}
        raise ReviewInputError(
            [InputIssue(WHERE, f"{labels.get(i.where, field)}.{i.field}", i.reason) for i in exc.issues]
        ) from exc
    totals = result.totals()
    electricity, _unit = result.basis_by_energy_type().get("electricity", (0.0, "kWh"))
    return Footprint(
        energy_tce=totals["energy_tce"],
        energy_tce_equal_value=totals["energy_tce_equal_value"],
        energy_tce_dual_control=totals["energy_tce_dual_control"],
        feedstock_tce=totals["feedstock_tce"],
        electricity_kwh=electricity,
        co2_t=totals["co2_t"],
    )


@dataclass(frozen=True)
class Comparison:
    """The plant's intensities against a published average (lower is better)."""

    average: AverageIntensity
    energy_intensity: float
    co2_intensity: float

    def as_dict(self) -> dict[str, Any]:
        out = self.average.as_dict()
        for name, mine, theirs in (
            ("energy", self.energy_intensity, self.average.energy_tce_per_10k_cny),
            ("co2", self.co2_intensity, self.average.co2_t_per_10k_cny),
        ):
            out[f"{name}_ratio"] = None if not theirs else mine / theirs
            out[f"{name}_below_average"] = None if theirs is None else mine <= theirs
        return out


def below_advanced(product: Product) -> bool | None:
    """True if the product's unit consumption is worse (higher) than the advanced value; None if unknown."""
    if product.unit_consumption is None or product.advanced_value is None:
        return None
    return product.unit_consumption > product.advanced_value


@dataclass(frozen=True)
class YearImpact:
    year: int
    project_counted: bool  # the project is at capacity by then (first_full_year ≤ year)
    energy: IntensityImpact
    carbon: IntensityImpact | None  # None without base-year and that year's CO2
    committed: tuple[CommittedProject, ...] = ()  # approved, not operating, at capacity by then

    def as_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "project_counted": self.project_counted,
            "energy": self.energy.as_dict(),
            "carbon": None if self.carbon is None else self.carbon.as_dict(),
            "committed_project_ids": [c.project_id for c in self.committed],
        }


class Severity(StrEnum):
    # Rules out a plain approval: the reviewer may reject, or approve with conditions that answer it.
    CONDITION = "condition"


@dataclass(frozen=True)
class Finding:
    """Something the reviewer must answer, with the clause it rests on."""

    code: str
    severity: Severity
    field: str
    value: float
    limit: float
    source: str
    message_zh: str
    message_en: str

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "severity": self.severity.value}


@dataclass(frozen=True)
class DataCentreCheck:
    """A data centre's design PUE against the plan's limit for its stage ("不高于": PUE ≤ limit passes).

    New and expansion projects build new capacity: 新建数据中心 ≤ 1.3 (task 31). A renovation upgrades
    an existing one: 既有数据中心 ≤ 1.4 (task 30)."""

    design_pue: float
    stage: DataCentreStage
    limit: float
    source: str

    @property
    def meets_limit(self) -> bool:
        return self.design_pue <= self.limit

    def as_dict(self) -> dict[str, Any]:
        return {"design_pue": self.design_pue, "stage": self.stage.value, "limit": self.limit,
                "meets_limit": self.meets_limit, "source": self.source}


def data_centre_check(project: ProjectInput) -> DataCentreCheck | None:
    """None for a project that is no data centre (or states no design PUE)."""
    if project.design_pue is None:
        return None
    stage = DataCentreStage.EXISTING if project.kind == ProjectKind.RENOVATION else DataCentreStage.NEW
    return DataCentreCheck(project.design_pue, stage, pue_limit(stage), pue_limits().source)


@dataclass(frozen=True)
class Assessment:
    project: ProjectInput
    district: str
    factor_set: str  # FactorSet.label(): id@version#digest
    after: Footprint  # the plant at capacity (for a renovation: after it)
    before: Footprint | None  # renovation only
    value_added_counted_10k_cny: float  # what the project adds to the district's GDP
    tier: ReviewTier
    tier_energy_tce: float  # counted energy as the tier sees it (feedstock excluded if so configured)
    thresholds: ReviewThresholds
    two_high_match: TwoHighMatch | None
    comparisons: dict[str, Comparison]  # "district", "shanghai" where the context gives them
    impacts: tuple[YearImpact, ...]  # by year
    committed: tuple[CommittedProject, ...] = ()  # approved, not yet operating, held against the budget
    data_centre: DataCentreCheck | None = None

    @property
    def findings(self) -> tuple[Finding, ...]:
        dc = self.data_centre
        if dc is None or dc.meets_limit:
            return ()
        stage_zh = "新建" if dc.stage is DataCentreStage.NEW else "既有"
        return (Finding(
            code="design_pue_above_limit", severity=Severity.CONDITION, field="design_pue", value=dc.design_pue,
            limit=dc.limit, source=dc.source,
            message_zh=f"设计PUE {dc.design_pue:g} 高于{stage_zh}数据中心限值 {dc.limit:g}（{dc.source}）",
            message_en=f"design PUE {dc.design_pue:g} is above the limit of {dc.limit:g} for a {dc.stage.value} "
                       f"data centre ({dc.source})",
        ),)

    @property
    def counted(self) -> Footprint:
        """What the review counts: the whole project, or a renovation's increase."""
        return self.after if self.before is None else self.after.minus(self.before)

    @property
    def intensity_tce_per_10k_cny(self) -> float:
        return self.after.energy_tce / self.project.value_added_10k_cny

    @property
    def intensity_dual_control_tce_per_10k_cny(self) -> float:
        return self.after.energy_tce_dual_control / self.project.value_added_10k_cny

    @property
    def co2_per_10k_cny(self) -> float:
        return self.after.co2_t / self.project.value_added_10k_cny

    @property
    def two_high(self) -> bool:
        return self.two_high_match is not None and self.two_high_match.two_high

    @property
    def efficiency_below_advanced(self) -> bool | None:
        """True if any product is worse than its advanced value; None if no product can be checked."""
        checked = [b for b in (below_advanced(p) for p in self.project.products) if b is not None]
        return any(checked) if checked else None

    @property
    def two_high_one_low(self) -> bool:
        return self.two_high and self.efficiency_below_advanced is True

    def as_dict(self) -> dict[str, Any]:
        counted = self.counted
        return {
            "project": self.project.as_dict(),
            "district": self.district,
            "factor_set": self.factor_set,
            "counted_as": "increase" if self.before is not None else "total",
            **counted.as_dict(),
            "after": self.after.as_dict(),
            "before": None if self.before is None else self.before.as_dict(),
            "value_added_10k_cny": self.project.value_added_10k_cny,
            "value_added_counted_10k_cny": self.value_added_counted_10k_cny,
            "intensity_tce_per_10k_cny": self.intensity_tce_per_10k_cny,
            "intensity_dual_control_tce_per_10k_cny": self.intensity_dual_control_tce_per_10k_cny,
            "co2_per_10k_cny": self.co2_per_10k_cny,
            "comparison": {name: c.as_dict() for name, c in self.comparisons.items()},
            "review_tier": self.tier.value,
            "review_tier_zh": self.tier.zh,
            "tier_basis": {
                "energy_tce": self.tier_energy_tce,
                "electricity_kwh": counted.electricity_kwh,
                **self.thresholds.as_dict(),
            },
            "two_high": self.two_high,
            "two_high_basis": None if self.two_high_match is None else self.two_high_match.as_dict(),
            "products": [{**p.as_dict(), "below_advanced": below_advanced(p)} for p in self.project.products],
            "efficiency_below_advanced": self.efficiency_below_advanced,
            "two_high_one_low": self.two_high_one_low,
            "impact": _impact_dict(self.impacts, self.committed),
            "data_centre": None if self.data_centre is None else self.data_centre.as_dict(),
            "findings": [f.as_dict() for f in self.findings],
        }


def _impact_dict(impacts: tuple[YearImpact, ...], committed: tuple[CommittedProject, ...] = ()) -> dict[str, Any]:
    """Headline figures per year (`intensity_2025_with_project` …), the first year's budget shares, details."""
    first = impacts[0]
    out: dict[str, Any] = {"budget_year": first.year}
    for imp in impacts:
        out[f"intensity_{imp.year}_with_project"] = imp.energy.with_project
        out[f"intensity_{imp.year}_without_project"] = imp.energy.without_project
        out[f"intensity_{imp.year}_path"] = imp.energy.path
        out[f"co2_intensity_{imp.year}_with_project"] = None if imp.carbon is None else imp.carbon.with_project
        out[f"co2_intensity_{imp.year}_without_project"] = None if imp.carbon is None else imp.carbon.without_project
    out["share_of_remaining_energy_budget"] = first.energy.share_of_remaining_budget
    out["share_of_remaining_carbon_budget"] = None if first.carbon is None else first.carbon.share_of_remaining_budget
    out["years"] = {str(imp.year): imp.as_dict() for imp in impacts}
    out["committed_projects"] = [c.as_dict() for c in committed]
    return out


def _targets(year: DistrictYear, base_year: int, thresholds: ReviewThresholds) -> tuple[float | None, float | None]:
    """The year's energy and CO2 intensity targets: the context's own, else thresholds.yaml's."""
    default = thresholds.target(year.year, base_year)
    energy = year.energy_intensity_change_pct
    co2 = year.co2_intensity_change_pct
    if energy is None and default is not None:
        energy = default.energy_change_pct
    if co2 is None and default is not None:
        co2 = default.co2_change_pct
    return energy, co2


def _year_impact(
    year: DistrictYear, context: DistrictContext, thresholds: ReviewThresholds, project: ProjectInput,
    counted: Footprint, added_va: float,
) -> YearImpact:
    counts = project.first_full_year <= year.year  # before capacity a project is left out, not prorated
    energy_target, co2_target = _targets(year, context.base_year, thresholds)
    base_va = context.base_value_added_10k_cny
    held = context.committed_by(year.year)
    held_va = sum(c.value_added_10k_cny for c in held)
    energy = intensity_impact(
        ENERGY_UNIT,
        (context.base_energy_tce, base_va),
        (year.energy_tce, year.value_added_10k_cny),
        (counted.energy_tce_dual_control, added_va) if counts else (0.0, 0.0),
        energy_target,
        (sum(c.energy_tce for c in held), held_va),
    )
    carbon = None
    if context.base_co2_t is not None and year.co2_t is not None:
        carbon = intensity_impact(
            CO2_UNIT,
            (context.base_co2_t, base_va),
            (year.co2_t, year.value_added_10k_cny),
            (counted.co2_t, added_va) if counts else (0.0, 0.0),
            co2_target,
            (sum(c.co2_t for c in held), held_va),
        )
    return YearImpact(year.year, counts, energy, carbon, held)


def _added_value_added(project: ProjectInput) -> float:
    """Value added the project brings: all of it, or for a renovation the change (none if not given)."""
    if project.kind != ProjectKind.RENOVATION:
        return project.value_added_10k_cny
    before = project.value_added_before_10k_cny
    return 0.0 if before is None else project.value_added_10k_cny - before


def _comparisons(context: DistrictContext, energy: float, co2: float) -> dict[str, Comparison]:
    averages = {"district": context.district_average, "shanghai": context.shanghai_average}
    return {name: Comparison(avg, energy, co2) for name, avg in averages.items() if avg is not None}


def assess(
    project: ProjectInput,
    factor_set: FactorSet,
    context: DistrictContext,
    thresholds: ReviewThresholds | None = None,
) -> Assessment:
    """Assess a checked project against a district with one factor set (bundled thresholds by default)."""
    thresholds = thresholds or load_thresholds()
    after = footprint(project.energy, project, factor_set, "energy")
    before = None
    if project.kind == ProjectKind.RENOVATION:
        before = footprint(project.energy_before, project, factor_set, "energy_before")
    counted = after if before is None else after.minus(before)
    tier_energy = counted.energy_tce - (0.0 if thresholds.count_feedstock_in_tier else counted.feedstock_tce)
    added_va = _added_value_added(project)
    va = project.value_added_10k_cny
    return Assessment(
        project=project,
        district=context.name,
        factor_set=factor_set.label(),
        after=after,
        before=before,
        value_added_counted_10k_cny=added_va,
        tier=review_tier(tier_energy, counted.electricity_kwh, thresholds),
        tier_energy_tce=tier_energy,
        thresholds=thresholds,
        two_high_match=classify_two_high(
            project.industry_code, [p.name for p in project.products], {line.energy_type for line in project.energy}
        ),
        comparisons=_comparisons(context, after.energy_tce_dual_control / va, after.co2_t / va),
        impacts=tuple(
            _year_impact(y, context, thresholds, project, counted, added_va)
            for y in sorted(context.years, key=lambda y: y.year)
        ),
        committed=context.committed,
        data_centre=data_centre_check(project),
    )
