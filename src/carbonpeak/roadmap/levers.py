"""The measure kinds' functions (措施函数): parameters → effects on the model.

Pure module (no Django). One function per kind — the plan's levers, with the equation each uses
in its docstring, and the generic kinds — registered in `COMPILERS`; `measures.py` declares
their parameters (from data/measures.yaml) and checks values before any function runs. Every
effect is scaled in the model by the measure's delivery weight. Paths:

    ramp(t)   = clip((t − start + 1) / (full − start + 1), 0, 1)     (share of the way done)
    stock(t)  = floor_2020 + Σ_{y ≤ t} n × floor_2020                  (n: new floor area a year)

docs/methodology/roadmap.md ("Measures") gives the sources of the defaults.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from carbonpeak.roadmap.anchor import ObservedPath, replace_path
from carbonpeak.roadmap.basedata import BaseData
from carbonpeak.roadmap.model import (
    Effect,
    FloatArray,
    FuelShiftEffect,
    GenerationEffect,
    IntArray,
    IntensityEffect,
    SinkEffect,
)


@dataclass(frozen=True)
class MeasureContext:
    """What compiling a measure may read: base data, years and the central driver paths."""

    base: BaseData
    years: IntArray
    drivers: Mapping[str, FloatArray]  # (T,) index, 1 in the base year
    params: Mapping[str, float] = field(default_factory=dict)  # the scenario's model parameters
    # Observed values of this measure's quantities (progress scenario, anchor.py): quantity → path.
    observed: Mapping[str, ObservedPath] = field(default_factory=dict)

    def path(self, quantity: str, planned: FloatArray, low: float = -np.inf, high: float = np.inf) -> FloatArray:
        """The planned path of a lever quantity, or, where it was observed, the observations up to the
        latest and the plan's changes after it (anchor.replace_path)."""
        seen = self.observed.get(quantity)
        return planned if seen is None else replace_path(self.years, planned, seen, low, high)


# --- paths ----------------------------------------------------------------------------------


def ramp(years: IntArray, start: float, full: float) -> FloatArray:
    """Share of the way done: 1/(full−start+1) in `start`, 1 from `full` on, 0 before `start`."""
    span = max(full - start + 1.0, 1.0)
    return np.asarray(np.clip((years - start + 1.0) / span, 0.0, 1.0), dtype=np.float64)


def _through(years: IntArray, points: list[tuple[float, float]]) -> FloatArray:
    """Piecewise-linear path through (year, value) points; 0 before the first, flat after the last."""
    xs, ys = zip(*points, strict=True)
    return np.asarray(np.interp(years.astype(np.float64), xs, ys, left=0.0, right=ys[-1]), dtype=np.float64)


def _stock(ctx: MeasureContext, area_key: str, share_key: str) -> tuple[FloatArray, FloatArray]:
    """Floor-area stock and new floor area built in each year (m²), linear growth of the stock."""
    c = ctx.base.context
    elapsed = (ctx.years - ctx.base.base_year).astype(np.float64)
    new = np.where(elapsed > 0, c[area_key] * c[share_key], 0.0)
    return c[area_key] + np.cumsum(new), new


def _f(p: Mapping[str, float | str], name: str) -> float:
    return float(p[name])


# --- the plan's levers ------------------------------------------------------------------------


def _generation(source: str, mw: FloatArray, hours: float) -> tuple[Effect, ...]:
    return (GenerationEffect(source, mw * 1000.0 * hours),)


def pv_new(p: Mapping[str, float | str], ctx: MeasureContext) -> tuple[Effect, ...]:
    """New PV: capacity rises linearly to capacity_mw_2025 by target_year; kWh = MW × 1000 × hours.
    Tracked quantity `capacity_mw`: MW added since the base year."""
    mw = ctx.path("capacity_mw", _f(p, "capacity_mw_2025") * ramp(ctx.years, _f(p, "start_year"),
                                                                  _f(p, "target_year")), 0.0)
    return _generation("solar", mw, _f(p, "full_load_hours"))


def pv_rooftop(p: Mapping[str, float | str], ctx: MeasureContext) -> tuple[Effect, ...]:
    """Rooftop PV from the 2025 coverage to full coverage (应装尽装) by 2030:
    MW = suitable roof × (coverage_2030 − coverage_2025) × W/m² ÷ 10^6, linear over start..target."""
    extra = ctx.base.context["suitable_roof_area"] * (_f(p, "coverage_2030") - _f(p, "coverage_2025"))
    mw = max(extra, 0.0) * _f(p, "watts_per_m2") / 1e6 * ramp(ctx.years, _f(p, "start_year"), _f(p, "target_year"))
    return _generation("solar", mw, _f(p, "full_load_hours"))


def offshore_wind(p: Mapping[str, float | str], ctx: MeasureContext) -> tuple[Effect, ...]:
    """Offshore wind in Jinshan waters, commissioned linearly over start..target year (tracked: capacity_mw)."""
    mw = ctx.path("capacity_mw", _f(p, "capacity_mw") * ramp(ctx.years, _f(p, "start_year"), _f(p, "target_year")),
                  0.0)
    return _generation("wind", mw, _f(p, "full_load_hours"))


def biomass_power(p: Mapping[str, float | str], ctx: MeasureContext) -> tuple[Effect, ...]:
    """Biomass power (biogenic CO2 not counted, IPCC convention), linear over start..target year
    (tracked: capacity_mw beyond the base year's)."""
    mw = ctx.path("capacity_mw", _f(p, "capacity_mw") * ramp(ctx.years, _f(p, "start_year"), _f(p, "target_year")),
                  0.0)
    return _generation("biomass", mw, _f(p, "full_load_hours"))


def two_high_control(p: Mapping[str, float | str], ctx: MeasureContext) -> tuple[Effect, ...]:
    """No new or expanded 两高一低 capacity: from start year petrochemical energy (and process CO2)
    grows only at `exempt_growth` (projects the plan exempts) instead of the baseline path
    B(t) = D_petrochem(t) × (1 + a)^(t − t0): r(t) = max(0, 1 − B(s−1) × (1 + e)^(t − s + 1) ÷ B(t))."""
    base = ctx.base
    elapsed = (ctx.years - base.base_year).astype(np.float64)
    a = float(ctx.params.get("intensity.petrochem.annual_change", 0.0))
    path = ctx.drivers[base.sector("petrochem").driver] * (1.0 + a) ** elapsed
    start = _f(p, "start_year")
    before = int(np.clip(start - 1 - base.base_year, 0, ctx.years.size - 1))
    cap = path[before] * (1.0 + _f(p, "exempt_growth")) ** np.maximum(ctx.years - (start - 1), 0.0)
    r = np.where(ctx.years >= start, np.clip(1.0 - cap / path, 0.0, 1.0), 0.0)
    return IntensityEffect("petrochem", r), IntensityEffect("industrial_process", r)


def industrial_saving(p: Mapping[str, float | str], ctx: MeasureContext) -> tuple[Effect, ...]:
    """百一 action: industry uses `rate` less energy each year from start to end year, then
    `extended_rate` a year to `extended_to_year`; r(t) = 1 − Π_{y ≤ t} (1 − rate_y). Savings stay."""
    y = ctx.years.astype(np.float64)
    rate = np.where((y >= _f(p, "start_year")) & (y <= _f(p, "end_year")), _f(p, "rate_per_year"), 0.0)
    rate = rate + np.where((y > _f(p, "end_year")) & (y <= _f(p, "extended_to_year")), _f(p, "extended_rate"), 0.0)
    r = np.asarray(1.0 - np.cumprod(1.0 - rate), dtype=np.float64)
    return tuple(IntensityEffect(s, r) for s in ("petrochem", "industry_other") if s in ctx.base.sector_codes)


def data_centre_pue(p: Mapping[str, float | str], ctx: MeasureContext) -> tuple[Effect, ...]:
    """PUE limits: existing data centres retrofitted to ≤ existing_pue by target year, new ones at
    ≤ new_pue from start year. r(t) = 1 − PUE(t)/PUE_2020 with PUE(t) weighted by IT load:
    existing share 1/D_it(t) (D_it: IT-load index), the rest new. Tracked: existing_pue, new_pue."""
    pue0 = ctx.base.context["data_centre_pue_2020"]
    existing = ctx.path("existing_pue", pue0 + (min(_f(p, "existing_pue"), pue0) - pue0) * ramp(
        ctx.years, _f(p, "start_year"), _f(p, "target_year")), 1.0)
    it = ctx.drivers["it_load"]
    old_share = np.minimum(1.0, 1.0 / np.maximum(it, 1e-12))
    new_pue = ctx.path("new_pue", np.where(ctx.years >= _f(p, "start_year"), min(_f(p, "new_pue"), pue0), pue0),
                       1.0)
    pue = old_share * existing + (1.0 - old_share) * new_pue
    return (IntensityEffect("data_centre", 1.0 - pue / pue0),)


def bus_nev(p: Mapping[str, float | str], ctx: MeasureContext) -> tuple[Effect, ...]:
    """New-energy buses to share_2025: x(t) = ramp × (share − s0)/(1 − s0) of diesel-bus energy
    moves to electricity at energy_ratio tce of electricity per tce of diesel. Tracked: share s(t)
    = s0 + ramp × (share − s0), x = (s − s0)/(1 − s0), never below 0."""
    s0 = ctx.base.context["bus_nev_share_2020"]
    share = ctx.path("share", s0 + ramp(ctx.years, _f(p, "start_year"), _f(p, "target_year"))
                     * max(_f(p, "share_2025") - s0, 0.0), 0.0, 1.0)
    x = np.maximum(share - s0, 0.0) / max(1.0 - s0, 1e-12)
    return (FuelShiftEffect("bus", "oil", "electricity", x, _f(p, "energy_ratio")),)


def public_fleet_ev(p: Mapping[str, float | str], ctx: MeasureContext) -> tuple[Effect, ...]:
    """Taxis and public-sector fleets (a `fleet_share` of other transport's oil) go electric:
    EV share of the fleet 0 → ev_share_2025 → ev_share_2030 (fleet turnover), x = fleet_share × EV share."""
    share = _through(ctx.years, [(_f(p, "start_year") - 1, 0.0), (2025, _f(p, "ev_share_2025")),
                                 (2030, _f(p, "ev_share_2030"))])
    return (FuelShiftEffect("transport_other", "oil", "electricity", _f(p, "fleet_share") * share,
                            _f(p, "energy_ratio")),)


def public_building_retrofit(p: Mapping[str, float | str], ctx: MeasureContext) -> tuple[Effect, ...]:
    """Retrofits of existing public buildings, linear to target year: r(t) = [A6(t) × s6 +
    (A(t) − A6(t)) × s_other] ÷ stock(t), A = area_m2, A6 = area at ≥6 % saving."""
    stock, _ = _stock(ctx, "public_floor_area_2020", "public_new_floor_share")
    done = ramp(ctx.years, _f(p, "start_year"), _f(p, "target_year"))
    a6 = min(_f(p, "area_6pct_m2"), _f(p, "area_m2"))
    saved = done * (a6 * _f(p, "saving_6pct") + (_f(p, "area_m2") - a6) * _f(p, "saving_other"))
    return (IntensityEffect("public_buildings", np.minimum(saved / stock, 1.0)),)


def _new_building_effect(ctx: MeasureContext, share_by_year: Mapping[str, FloatArray], saving: float
                         ) -> tuple[Effect, ...]:
    out: list[Effect] = []
    for sector, keys in (("residential", ("residential_floor_area_2020", "residential_new_floor_share")),
                         ("public_buildings", ("public_floor_area_2020", "public_new_floor_share"))):
        stock, new = _stock(ctx, *keys)
        r = np.cumsum(new * share_by_year[sector] * saving) / stock
        out.append(IntensityEffect(sector, np.minimum(r, 1.0)))
    return tuple(out)


def green_new_buildings(p: Mapping[str, float | str], ctx: MeasureContext) -> tuple[Effect, ...]:
    """Ultra-low-energy new buildings: a share of each year's new floor area (residential
    `residential_share` in 2026–2029, all civil buildings from `all_from_year`) uses `saving` less;
    r(t) = Σ_{y ≤ t} new(y) × share(y) × saving ÷ stock(t)."""
    y = ctx.years
    start, all_from = _f(p, "start_year"), _f(p, "all_from_year")
    full = np.where(y >= all_from, 1.0, 0.0)
    residential = np.where((y >= start) & (y < all_from), _f(p, "residential_share"), full)
    public = np.where((y >= start) & (y < all_from), _f(p, "public_share"), full)
    return _new_building_effect(ctx, {"residential": residential, "public_buildings": public}, _f(p, "saving"))


def renewable_substitution_new_buildings(p: Mapping[str, float | str], ctx: MeasureContext) -> tuple[Effect, ...]:
    """On-site renewables in new urban buildings cover rate(y) of their energy (10 % in 2025, 15 %
    in 2030, linear from start year); r(t) = Σ_{y ≤ t} new(y) × rate(y) ÷ stock(t)."""
    rate = _through(ctx.years, [(_f(p, "start_year") - 1, 0.0), (2025, _f(p, "rate_2025")),
                                (2030, _f(p, "rate_2030"))])
    return _new_building_effect(ctx, {"residential": rate, "public_buildings": rate}, 1.0)


def waste_recycling(p: Mapping[str, float | str], ctx: MeasureContext) -> tuple[Effect, ...]:
    """Recycling rate from the 2020 rate to rate_2025: residual waste burnt falls by
    r(t) = (rate(t) − rate_2020) ÷ (1 − rate_2020)."""
    r0 = ctx.base.recycling_rate_2020
    rate = r0 + (max(_f(p, "rate_2025"), r0) - r0) * ramp(ctx.years, _f(p, "start_year"), _f(p, "target_year"))
    return (IntensityEffect("waste", (rate - r0) / max(1.0 - r0, 1e-12)),)


def forest_cover(p: Mapping[str, float | str], ctx: MeasureContext) -> tuple[Effect, ...]:
    """Forest cover to cover_2025: added sink = (cover(t) − cover_2020) × land area × forest rate."""
    b = ctx.base
    cover = (max(_f(p, "cover_2025"), b.forest_cover_2020) - b.forest_cover_2020) * ramp(
        ctx.years, _f(p, "start_year"), _f(p, "target_year"))
    return (SinkEffect("forest", cover * b.land_area_ha * b.forest_rate),)


def wetland(p: Mapping[str, float | str], ctx: MeasureContext) -> tuple[Effect, ...]:
    """Restored and created coastal wetland: added sink = area (ha) × wetland rate."""
    area = _f(p, "restored_area_ha") * ramp(ctx.years, _f(p, "start_year"), _f(p, "target_year"))
    return (SinkEffect("wetland", area * ctx.base.wetland_rate),)


# --- generic kinds --------------------------------------------------------------------------


def intensity_change(p: Mapping[str, float | str], ctx: MeasureContext) -> tuple[Effect, ...]:
    """A sector's (or one fuel's) energy, or process/waste CO2, falls by `reduction` at full ramp."""
    fuel = str(p["fuel"])
    r = _f(p, "reduction") * ramp(ctx.years, _f(p, "start_year"), _f(p, "full_year"))
    return (IntensityEffect(str(p["sector"]), r, None if fuel == "all" else fuel),)


def fuel_shift(p: Mapping[str, float | str], ctx: MeasureContext) -> tuple[Effect, ...]:
    """A `fraction` of a sector's use of one fuel moves to another at `energy_ratio`."""
    x = _f(p, "fraction") * ramp(ctx.years, _f(p, "start_year"), _f(p, "full_year"))
    return (FuelShiftEffect(str(p["sector"]), str(p["from_fuel"]), str(p["to_fuel"]), x, _f(p, "energy_ratio")),)


def generation(p: Mapping[str, float | str], ctx: MeasureContext) -> tuple[Effect, ...]:
    """Local generation of `capacity_mw` at `full_load_hours`, linear over start..full year."""
    mw = _f(p, "capacity_mw") * ramp(ctx.years, _f(p, "start_year"), _f(p, "full_year"))
    return _generation(str(p["source"]), mw, _f(p, "full_load_hours"))


def sink(p: Mapping[str, float | str], ctx: MeasureContext) -> tuple[Effect, ...]:
    """A sink of `area_ha` × `rate`, linear over start..full year."""
    area = _f(p, "area_ha") * ramp(ctx.years, _f(p, "start_year"), _f(p, "full_year"))
    return (SinkEffect(str(p["source"]), area * _f(p, "rate")),)


Compiler = Callable[[Mapping[str, float | str], MeasureContext], tuple[Effect, ...]]
COMPILERS: dict[str, Compiler] = {
    f.__name__: f
    for f in (
        pv_new, pv_rooftop, offshore_wind, biomass_power, two_high_control, industrial_saving, data_centre_pue, bus_nev,
        public_fleet_ev, public_building_retrofit, green_new_buildings, renewable_substitution_new_buildings,
        waste_recycling, forest_cover, wetland, intensity_change, fuel_shift, generation, sink,
    )
}
