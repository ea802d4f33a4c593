"""What the progress scenario is anchored on, read from the other rooms (Django side).

* Accounting: the latest compilation of each year's inventory (`accounting.services.latest_inventories`),
  its gross CO2 = Σ CO2 of the lines outside LULUCF (the model's gross CO2 counts no sinks).
* Indicators: the observations of the tracked plan indicators (progress.TRACKED_INDICATORS) whose
  period has begun by `as_of`, whatever their origin (entered, imported, derived, reported, official:
  each keeps its own; the value stored is the one that takes precedence).
* The plan's targets: energy_intensity_change (change_vs_base) and carbon_peak_year.

`input_version` digests all of it with the engine's digest: a result cached under it is reused until
an inventory is compiled, an observation is added or changed, or the engine changes.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from carbonpeak.accounting.inventory import Category
from carbonpeak.accounting.models import Inventory
from carbonpeak.accounting.services import latest_inventories
from carbonpeak.indicators.models import Indicator, Observation, TargetKind
from carbonpeak.monitoring.figures.energy import current_factors
from carbonpeak.plan.queries import current_plan_or_none
from carbonpeak.roadmap.peak import PEAK_BY
from carbonpeak.roadmap.progress import (
    INTENSITY_INDICATOR,
    PEAK_INDICATOR,
    TRACKED_INDICATORS,
    IntensityTarget,
    InventoryPoint,
    ObservedPoint,
    ProgressInputs,
)


def inventory_point(inventory: Inventory, scope2_ratio: float = 1.0) -> InventoryPoint:
    """Gross CO2 (LULUCF excluded, as the model's), with purchased electricity and heat (scope 2)
    scaled by `scope2_ratio` to the base year's factors (see `_scope2_ratios`)."""
    lines = [line for line in inventory.lines if line.get("category") != Category.LULUCF.value]
    direct = sum(float(line.get("co2_t") or 0.0) for line in lines if line.get("scope") != 2)
    indirect = sum(float(line.get("co2_t") or 0.0) for line in lines if line.get("scope") == 2)
    ref: dict[str, Any] = {
        "inventory_id": inventory.pk, "compiled_at": inventory.compiled_at.isoformat(),
        "compiled_by": inventory.compiled_by_label, "factor_set": inventory.factor_set,
    }
    if scope2_ratio != 1.0:
        ref.update({"gross_co2_t_as_compiled": direct + indirect, "scope2_factor_ratio": round(scope2_ratio, 6)})
    return InventoryPoint(inventory.year, direct + indirect * scope2_ratio, ref)


def _scope2_ratios(years: list[int]) -> dict[int, float]:
    """Each year's electricity factor against the latest year's, in the factor set in force.

    Every inventory is compiled with the factors of its own year (Shanghai's fell from 7.88 to 4.2 t per
    10⁴ kWh in 2022), while the model holds one factor basis: anchored on the inventories as compiled, a
    change of factor would show as a cut in emissions. Scope 2 is rescaled by the electricity factor's
    ratio; heat moved almost alike (0.11 → 0.06 t/GJ: ×0.545 against ×0.533), so it takes the same ratio."""
    if not years:
        return {}
    try:
        factors = current_factors()
        latest = factors.basis("electricity", max(years)).co2_t
        return {y: (latest / ef if (ef := factors.basis("electricity", y).co2_t) > 0 else 1.0) for y in years}
    except ValueError:  # no electricity factor in the set: the inventories are taken as compiled
        return dict.fromkeys(years, 1.0)


def observed_point(o: Observation) -> ObservedPoint:
    # No timestamp: a job that saves the same value again must not make a new input version.
    return ObservedPoint(o.indicator.code, o.period, o.period_start, o.period_end, float(o.value), o.origin, {
        "observation_id": o.pk, "source": o.source, "illustrative": o.illustrative,
    })


def _targets(indicators: dict[str, Indicator], base_year: int) -> tuple[tuple[IntensityTarget, ...], int]:
    ei = indicators.get(INTENSITY_INDICATOR)
    targets = () if ei is None else tuple(
        IntensityTarget(t.year, float(t.value), ei.base_year or base_year)
        for t in ei.targets.all() if t.kind == TargetKind.CHANGE_VS_BASE)
    peak = indicators.get(PEAK_INDICATOR)
    years = [int(t.value) for t in peak.targets.all() if t.kind == TargetKind.LEVEL] if peak else []
    return targets, min(years, default=PEAK_BY)


def gather(as_of: date, base_year: int) -> ProgressInputs:
    """The inventories of years up to `as_of`'s and the observations begun by `as_of`; `base_year`: the model's,
    used when the intensity indicator names none."""
    chosen = {year: inv for year, inv in latest_inventories().items() if year <= as_of.year}
    ratios = _scope2_ratios(list(chosen))
    inventories = tuple(inventory_point(inv, ratios[year]) for year, inv in chosen.items())
    plan = current_plan_or_none()
    if plan is None:
        return ProgressInputs(inventories, (), (), PEAK_BY, as_of)
    rows = (Observation.objects.filter(indicator__plan=plan, indicator__code__in=TRACKED_INDICATORS,
                                       period_start__lte=as_of)
            .select_related("indicator").order_by("indicator__code", "period_end", "period_start", "id"))
    indicators = {i.code: i for i in plan.indicators.filter(code__in=[INTENSITY_INDICATOR, PEAK_INDICATOR])
                  .prefetch_related("targets")}
    targets, peak_by = _targets(indicators, base_year)
    return ProgressInputs(inventories, tuple(observed_point(o) for o in rows), targets, peak_by, as_of)


def inputs_json(inputs: ProgressInputs) -> dict[str, Any]:
    return {
        "inventories": [{"year": i.year, "gross_co2_t": i.gross_co2_t, **i.ref} for i in inputs.inventories],
        "observations": [{"indicator": o.indicator, "period": o.period, "value": o.value, "origin": o.origin, **o.ref}
                         for o in inputs.observations],
        "intensity_targets": [t.__dict__ for t in inputs.intensity_targets],
        "peak_by": inputs.peak_by,
    }


def input_version(inputs: ProgressInputs, engine: str) -> str:
    """Digest of the inputs (not of `as_of`: two dates that select the same data share one result) and the engine."""
    payload = json.dumps({"engine": engine, **inputs_json(inputs)}, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]
