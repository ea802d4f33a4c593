"""The energy-use report as pages, the API and the command read it (read-model; never writes).

tce figures follow from the filed quantities through the accounting engine (`monitoring.figures.energy`:
the plan's default factor set, the same the rollups are valued with), so a corrected quantity is valued
the way the meters' quantity was.
"""

from __future__ import annotations

from dataclasses import dataclass

from carbonpeak.accounting.catalogue import energy_types
from carbonpeak.enterprise.catalogue import catalogue, products
from carbonpeak.enterprise.emissions import Emissions, EnergyCO2, EnergyUse, ProcessLine, emissions
from carbonpeak.enterprise.figures import (
    AgainstLimit,
    BudgetCompletion,
    Deviation,
    against_limit,
    budget_completion,
    deviation,
    purchase,
    unit_consumption_kgce,
)
from carbonpeak.enterprise.grading import Grade, UnitFigures, grade_all, method
from carbonpeak.enterprise.models import Filing, GhgReport
from carbonpeak.enterprise.vocabulary import FilingStatus
from carbonpeak.monitoring.figures.energy import current_factors
from carbonpeak.monitoring.models import UnitBudget


@dataclass(frozen=True)
class EnergyLine:
    energy_type: str
    name_zh: str
    name_en: str
    unit_of_measure: str
    quantity: float
    monitored_quantity: float | None
    purchase: float | None  # 购进量 in the row's unit (figures.purchase: as given, else the prefill)
    tce: float  # 当量值
    tce_equal_value: float  # 等价值
    deviation: Deviation
    explanation: str
    feedstock: float
    green_power: float
    co2: EnergyCO2  # its CO2: scope, quantity that emits, tCO2


@dataclass(frozen=True)
class ProductLine:
    product: str
    name_zh: str
    name_en: str
    unit_of_measure: str
    quantity: float
    energy_tce: float | None
    unit_consumption: AgainstLimit  # kgce per unit of output against the sourced limit
    standard: str


@dataclass(frozen=True)
class Report:
    filing: Filing
    energy: list[EnergyLine]
    products: list[ProductLine]
    total_tce: float
    total_tce_equal_value: float
    budget: BudgetCompletion
    tolerance: float
    factor_set: str
    unexplained: list[str]
    emissions: Emissions


def report(filing: Filing) -> Report:
    factors = current_factors()
    tolerance = catalogue().deviation_tolerance
    metered_purchases = catalogue().metered_purchases
    lines = []
    for row in filing.energy:
        etype = energy_types().get(row["energy_type"])
        c = factors.of(row["energy_type"], row["unit_of_measure"], filing.year)
        quantity = float(row["quantity"])
        basis = quantity * c.to_basis
        dev = deviation(quantity, row.get("monitored_quantity"), tolerance)
        use = EnergyUse(row["energy_type"], combustion=bool(etype and etype.combustion),
                        purchased=bool(etype and etype.purchased), quantity=quantity,
                        co2_t_per_unit=c.to_basis * c.co2_t, feedstock=float(row.get("feedstock") or 0.0),
                        green_power=float(row.get("green_power") or 0.0))
        co2 = emissions([use], []).lines[0]
        lines.append(EnergyLine(
            energy_type=row["energy_type"], name_zh=etype.zh if etype else row["energy_type"],
            name_en=etype.en if etype else row["energy_type"], unit_of_measure=row["unit_of_measure"],
            quantity=quantity, monitored_quantity=row.get("monitored_quantity"),
            purchase=purchase(row, metered_purchases), tce=basis * c.tce,
            tce_equal_value=basis * c.tce_equal_value, deviation=dev, explanation=row.get("explanation") or "",
            feedstock=use.feedstock, green_power=use.green_power, co2=co2))
    total = sum(line.tce for line in lines)
    only_product = len(filing.products) == 1
    plines = []
    for row in filing.products:
        product = products().get(row["product"])
        if product is None:
            continue
        # One product carries the unit's whole energy unless the enterprise attributed energy itself.
        energy = row.get("energy_tce")
        if energy is None and only_product and lines:
            energy = total
        value = unit_consumption_kgce(energy, float(row["quantity"])) if energy is not None else None
        plines.append(ProductLine(
            product=product.code, name_zh=product.zh, name_en=product.en, unit_of_measure=product.unit_of_measure,
            quantity=float(row["quantity"]), energy_tce=energy,
            unit_consumption=against_limit(value, product.limit_kgce), standard=product.standard))
    budget = UnitBudget.objects.filter(unit=filing.unit, year=filing.year).first()
    return Report(
        filing=filing, energy=lines, products=plines, total_tce=total,
        total_tce_equal_value=sum(line.tce_equal_value for line in lines),
        budget=budget_completion(total, budget.budget_tce if budget else None), tolerance=tolerance,
        factor_set=factors.label,
        unexplained=[line.energy_type for line in lines if line.deviation.flagged and not line.explanation.strip()],
        emissions=Emissions(tuple(line.co2 for line in lines), tuple(
            ProcessLine(p["source"], p["method"], float(p["co2_t"])) for p in filing.process_emissions)))


def counted_co2(e: Emissions) -> float:
    """The CO2 the 碳效码 counts: the energy CO2 (green power deducted), plus process lines only where the method
    says so (`include_process`; the published method counts the CO2 of energy use)."""
    return e.total_t if method().include_process else e.direct_t + e.indirect_t


def grades(year: int) -> list[Grade]:
    """The 碳效码 of every unit with an accepted filing of `year` (its CO2 and value added as accepted)."""
    def figures(y: int) -> dict[str, tuple[Filing, float]]:
        accepted = Filing.objects.filter(year=y, status=FilingStatus.ACCEPTED.value).select_related("unit")
        return {f.unit.code: (f, counted_co2(report(f).emissions)) for f in accepted}

    now, before = figures(year), figures(year - 1)
    units = []
    for code, (f, co2) in sorted(now.items()):
        previous = before.get(code)
        prev_va = previous[0].value_added_10k_cny if previous else None
        units.append(UnitFigures(code, f.unit.industry_division, co2, f.value_added_10k_cny,
                                 previous[1] / prev_va if previous and prev_va else None, town=f.unit.town,
                                 previous_year=year - 1))
    return grade_all(units)


def disclosure_figures(filing: Filing) -> dict[str, object]:
    """What a disclosure publishes of an accepted filing: energy, CO2, intensity and grade of its year."""
    r = report(filing)
    grade = next((g for g in grades(filing.year) if g.unit == filing.unit.code), None)
    # CO2 as the accepted GHG report has it (with its process lines), where there is one.
    ghg = GhgReport.objects.filter(filing=filing, status=FilingStatus.ACCEPTED.value).first()
    co2 = float(ghg.accepted_figures.get("total_t", r.emissions.total_t)) if ghg else r.emissions.total_t
    return {"unit_name": filing.unit.name, "year": filing.year, "energy_tce": r.total_tce,
            "co2_t": co2, "intensity_t_per_10k_cny": grade.intensity_t_per_10k_cny if grade else None,
            "grade": grade.grade if grade else None}


@dataclass(frozen=True)
class GhgFigures:
    report: GhgReport
    energy: Report  # the accepted energy-use report the CO2 of energy comes from
    emissions: Emissions  # its energy lines with the GHG report's process lines
    factor_set: str


def ghg_figures(ghg: GhgReport) -> GhgFigures:
    """The GHG report's CO2: direct and indirect from the accepted filing's energy (the factor set in force in its
    year; feedstock and green power excluded), process lines as the GHG report holds them."""
    energy = report(ghg.filing)
    process = tuple(ProcessLine(p["source"], p["method"], float(p["co2_t"])) for p in ghg.process_emissions)
    return GhgFigures(ghg, energy, Emissions(energy.emissions.lines, process), energy.factor_set)
