"""The roadmap scenario engine (碳达峰路线图情景模型): drivers × intensities × fuel mix × factors.

Pure module (no Django), vectorised with numpy over a leading *batch* axis: one call evaluates
many variants of a scenario at once — the 2^n subsets of measures of an exact Shapley
attribution, or the draws of a Monte Carlo run. Every parameter is an array of shape (1,) or
(B,), and every measure has a *delivery* weight per batch member (0 = not done, 1 = as planned,
in between or above for partial or over-delivery). Loops run over years' worth of arrays,
sectors and measures, never over batch members.

For sector s, fuel f, year t (base year t0), with delivery w_m of measure m:

    D_k(t)     = Π_{y=t0+1..t} (1 + g_k(y)),   g_k(y) = g_k × (1 − decay)^max(0, y − y_decay)
    E_sf(t)    = E_sf(t0) × D_s(t) × (1 + a_s)^(t − t0) × Π_m (1 − w_m r_ms(t))   (tce, 当量值)
    fuel shift: a share x(t) = w_m x_m(t) of E_sf moves to fuel g as k_m × x × E_sf (k: energy ratio)
    P(t)       = Σ_s E_s,elec / c_e − G(t),  G(t) = G_existing + Σ_m w_m G_m(t)   (kWh bought from the grid)
    CO2(t)     = Σ_sf E_sf × EF_f + max(P, 0) × grid(t) + process(t) + waste(t)
    grid(t)    = grid_0 × (1 + r)^max(0, t − t_grid)
    sinks(t)   = forest + wetland (base) + Σ_m w_m S_m(t);   net = CO2 − sinks
    energy     = Σ_sf E_sf + feedstock;   dual control = Σ_sf E_sf − min(G, Σ E_elec / c_e) × c_e

Several shifts from the same fuel combine as Π(1 − x) with the moved energy split in
proportion to each x, and intensity factors multiply, so the result does not depend on the
order in which measures are listed (attribution relies on this). docs/methodology/roadmap.md
gives the sources of every default.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from carbonpeak.roadmap.basedata import DECAYING, GDP_DRIVERS, NON_ENERGY, BaseData
from carbonpeak.roadmap.factors import FuelKind

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
DEFAULT_CHUNK = 2048


@dataclass(frozen=True)
class IntensityEffect:
    """Energy (or process/waste CO2) of a sector avoided: a fraction r(t) at full delivery."""

    sector: str  # an energy sector, or "industrial_process" / "waste"
    reduction: FloatArray  # (T,)
    fuel: str | None = None  # None: every fuel of the sector


@dataclass(frozen=True)
class FuelShiftEffect:
    """A share x(t) of a sector's use of one fuel moved to another, k tce per tce moved."""

    sector: str
    from_fuel: str
    to_fuel: str
    fraction: FloatArray  # (T,)
    energy_ratio: float


@dataclass(frozen=True)
class GenerationEffect:
    """Local generation (kWh a year) that displaces purchased grid power."""

    source: str  # solar, wind, biomass, other
    kwh: FloatArray  # (T,)


@dataclass(frozen=True)
class SinkEffect:
    """An added carbon sink (tCO2 a year, positive = removal)."""

    source: str  # forest, wetland, other
    t_co2: FloatArray  # (T,)


Effect = IntensityEffect | FuelShiftEffect | GenerationEffect | SinkEffect


@dataclass(frozen=True)
class CompiledMeasure:
    id: str
    effects: tuple[Effect, ...]

    def same_as(self, other: CompiledMeasure) -> bool:
        """Same effects, array by array (used to find measures two scenarios share)."""
        if len(self.effects) != len(other.effects):
            return False
        for a, b in zip(self.effects, other.effects, strict=True):
            if type(a) is not type(b):
                return False
            for name, value in a.__dict__.items():
                theirs = b.__dict__[name]
                if isinstance(value, np.ndarray):
                    if not np.array_equal(value, theirs):
                        return False
                elif value != theirs:
                    return False
        return True


@dataclass(frozen=True)
class CompiledModel:
    """Batch-invariant arrays: the base data laid out as (sector, fuel) cells, and the measures."""

    base: BaseData
    years: IntArray
    measures: tuple[CompiledMeasure, ...]
    cells: tuple[tuple[str, str], ...]
    cell_sector: IntArray  # (C,) index into base.sectors
    sector_slices: tuple[slice, ...]
    e0: FloatArray  # (C,) base-year tce
    ef: FloatArray  # (C,) tCO2/tce, 0 for electricity
    elec_cells: IntArray

    @property
    def n_years(self) -> int:
        return int(self.years.size)


def compile_model(base: BaseData, years: IntArray, measures: Sequence[CompiledMeasure]) -> CompiledModel:
    """Lay the base data out in cells: every (sector, fuel) with base use or named by a measure."""
    sectors = base.sector_codes
    wanted: dict[str, set[str]] = {s.code: {f for f, v in s.energy_tce.items() if v > 0} for s in base.sectors}
    for measure in measures:
        for effect in measure.effects:
            if isinstance(effect, FuelShiftEffect):
                wanted[effect.sector].update((effect.from_fuel, effect.to_fuel))
    cells: list[tuple[str, str]] = []
    slices: list[slice] = []
    for s in base.sectors:
        start = len(cells)
        cells.extend((s.code, f) for f in base.fuel_codes if f in wanted[s.code])
        slices.append(slice(start, len(cells)))
    kinds = {f.code: f.kind for f in base.fuels}
    ef = np.array([base.factors.ef_t_per_tce.get(f, 0.0) if kinds[f] != FuelKind.ELECTRICITY else 0.0
                   for _, f in cells])
    return CompiledModel(
        base=base,
        years=np.asarray(years, dtype=np.int64),
        measures=tuple(measures),
        cells=tuple(cells),
        cell_sector=np.array([sectors.index(s) for s, _ in cells], dtype=np.int64),
        sector_slices=tuple(slices),
        e0=np.array([base.sector(s).energy_tce.get(f, 0.0) for s, f in cells]),
        ef=ef,
        elec_cells=np.array([i for i, (_, f) in enumerate(cells) if kinds[f] == FuelKind.ELECTRICITY], dtype=np.int64),
    )


@dataclass
class Detail:
    """Everything by sector, fuel and source, for a small batch (one scenario run)."""

    energy_cells: FloatArray  # (B, C, T) tce
    feedstock_tce: FloatArray  # (B, T)
    co2_by_sector: dict[str, FloatArray]  # energy sectors + industrial_process + waste
    generation_kwh: dict[str, FloatArray]
    electricity_kwh: FloatArray
    purchased_kwh: FloatArray
    grid_t_per_kwh: FloatArray
    sinks_by_source: dict[str, FloatArray]
    gdp_by_driver: dict[str, FloatArray]
    population: FloatArray


@dataclass
class Outputs:
    co2_t: FloatArray  # (B, T) gross
    sinks_t: FloatArray
    net_co2_t: FloatArray
    energy_tce: FloatArray
    energy_tce_dual_control: FloatArray
    gdp_10k_cny: FloatArray
    detail: Detail | None = field(default=None)


def _col(params: Mapping[str, FloatArray], path: str) -> FloatArray:
    """A parameter as a column (B or 1, 1) so it broadcasts against years."""
    try:
        value = params[path]
    except KeyError as exc:
        raise KeyError(f"parameter '{path}' not given to the model") from exc
    return np.asarray(value, dtype=np.float64).reshape(-1, 1)


def _drivers(cm: CompiledModel, params: Mapping[str, FloatArray]) -> tuple[dict[str, FloatArray], FloatArray]:
    """Driver indices (1 in the base year) and GDP in 10^4 CNY, each (B or 1, T)."""
    base = cm.base
    later = cm.years[1:]
    after = np.maximum(0, later - base.growth_decay_from).astype(np.float64)
    decay = _col(params, "growth.decay")
    index: dict[str, FloatArray] = {}
    for name in (*GDP_DRIVERS, "population", "it_load"):
        rate = _col(params, f"growth.{name}")
        if name in DECAYING:
            rate = rate * (1.0 - decay) ** after[None, :]
        else:
            rate = np.broadcast_to(rate, (rate.shape[0], later.size))
        ones = np.ones((rate.shape[0], 1))
        index[name] = np.concatenate([ones, np.cumprod(1.0 + rate, axis=1)], axis=1)
    gdp = sum(base.gdp_shares[k] * base.gdp_10k_cny * index[k] for k in GDP_DRIVERS)
    gdp_arr = np.asarray(gdp, dtype=np.float64)
    index["gdp"] = gdp_arr / base.gdp_10k_cny
    return index, gdp_arr


def _trend(params: Mapping[str, FloatArray], path: str, elapsed: FloatArray) -> FloatArray:
    return np.asarray((1.0 + _col(params, path)) ** elapsed[None, :], dtype=np.float64)


def _factor(w: FloatArray, path: FloatArray) -> FloatArray:
    """1 − w·r, never below zero (over-delivery cannot make energy negative)."""
    return np.asarray(np.maximum(1.0 - w[:, None] * path[None, :], 0.0), dtype=np.float64)


def simulate(
    cm: CompiledModel, params: Mapping[str, FloatArray], delivery: FloatArray, detail: bool = False
) -> Outputs:
    """Run the model for a batch: `delivery` is (B, n_measures); params are (1,) or (B,) arrays."""
    base = cm.base
    delivery = np.asarray(delivery, dtype=np.float64)
    n_batch = delivery.shape[0]
    if delivery.shape != (n_batch, len(cm.measures)):
        raise ValueError(f"delivery must be (batch, {len(cm.measures)}), got {delivery.shape}")
    n_years = cm.n_years
    elapsed = (cm.years - base.base_year).astype(np.float64)
    index, gdp = _drivers(cm, params)

    # Sector multipliers from the drivers and autonomous trends, then the measures'.
    sector_mult: list[FloatArray | None] = [None] * len(base.sectors)
    cell_mult: dict[int, FloatArray] = {}
    other_mult: dict[str, FloatArray] = {}
    shifts: dict[int, list[tuple[int, FloatArray, float]]] = {}
    generation: dict[str, FloatArray] = {
        src: np.full((1, n_years), kwh) for src, kwh in base.generation_existing_kwh.items()
    }
    sinks_by_source: dict[str, FloatArray] = {
        "forest": np.full((1, n_years), base.forest_cover_2020 * base.land_area_ha * base.forest_rate),
        "wetland": np.full((1, n_years), base.wetland_ha_2020 * base.wetland_rate),
    }
    codes = base.sector_codes
    cell_of = {cell: i for i, cell in enumerate(cm.cells)}
    for m, measure in enumerate(cm.measures):
        w = delivery[:, m]
        if not w.any():
            continue
        for effect in measure.effects:
            if isinstance(effect, IntensityEffect):
                f = _factor(w, effect.reduction)
                if effect.sector in NON_ENERGY:
                    other_mult[effect.sector] = other_mult[effect.sector] * f if effect.sector in other_mult else f
                elif effect.fuel is None:
                    i = codes.index(effect.sector)
                    prev = sector_mult[i]
                    sector_mult[i] = f if prev is None else prev * f
                elif (effect.sector, effect.fuel) in cell_of:
                    c = cell_of[(effect.sector, effect.fuel)]
                    cell_mult[c] = cell_mult[c] * f if c in cell_mult else f
            elif isinstance(effect, FuelShiftEffect):
                x = np.clip(w[:, None] * effect.fraction[None, :], 0.0, 1.0)
                src, dst = cell_of[(effect.sector, effect.from_fuel)], cell_of[(effect.sector, effect.to_fuel)]
                shifts.setdefault(src, []).append((dst, x, effect.energy_ratio))
            elif isinstance(effect, GenerationEffect):
                add = w[:, None] * effect.kwh[None, :]
                generation[effect.source] = generation[effect.source] + add if effect.source in generation else add
            else:
                add = w[:, None] * effect.t_co2[None, :]
                prev_sink = sinks_by_source.get(effect.source)
                sinks_by_source[effect.source] = add if prev_sink is None else prev_sink + add

    energy = np.empty((n_batch, len(cm.cells), n_years))
    for i, sector in enumerate(base.sectors):
        sl = cm.sector_slices[i]
        if sl.start == sl.stop:
            continue
        level = index[sector.driver] * _trend(params, f"intensity.{sector.code}.annual_change", elapsed)
        mult = sector_mult[i]
        if mult is not None:
            level = level * mult
        energy[:, sl, :] = cm.e0[None, sl, None] * level[:, None, :]
    for c, mult in cell_mult.items():
        energy[:, c, :] *= mult
    for src in sorted(shifts):
        group = shifts[src]
        source = energy[:, src, :].copy()
        if len(group) == 1:
            dst, x, ratio = group[0]
            moved = source * x
            energy[:, src, :] = source - moved
            energy[:, dst, :] += ratio * moved
            continue
        remaining = np.prod([1.0 - x for _, x, _ in group], axis=0)
        total = np.sum([x for _, x, _ in group], axis=0)
        moved_all = source * (1.0 - remaining)
        safe = np.where(total > 0, total, 1.0)
        for dst, x, ratio in group:
            energy[:, dst, :] += ratio * moved_all * x / safe
        energy[:, src, :] = source * remaining

    # Electricity: demand, local generation, what is bought from the grid.
    kwh_per_tce = 1.0 / base.factors.electricity_tce_per_kwh
    electricity_kwh = energy[:, cm.elec_cells, :].sum(axis=1) * kwh_per_tce
    gen_total = np.zeros((1, n_years))
    for series in generation.values():
        gen_total = gen_total + series
    purchased = np.maximum(electricity_kwh - gen_total, 0.0)
    renewable_used_tce = (electricity_kwh - purchased) / kwh_per_tce
    start = _col(params, "grid.path_start_year")
    grid = base.factors.grid_t_per_kwh * (1.0 + _col(params, "grid.factor_change")) ** np.maximum(
        0.0, cm.years[None, :] - start
    )
    fuel_co2 = np.einsum("bct,c->bt", energy, cm.ef)
    elec_co2 = purchased * grid

    process = base.process_t * index[base.process_driver] * _trend(
        params, "intensity.industrial_process.annual_change", elapsed
    )
    waste = (
        base.population * index["population"] * base.waste_t_per_capita
        * _trend(params, "intensity.waste.annual_change", elapsed)
        * (1.0 - base.recycling_rate_2020) * base.waste_fossil_t_per_t
    )
    if "industrial_process" in other_mult:
        process = process * other_mult["industrial_process"]
    if "waste" in other_mult:
        waste = waste * other_mult["waste"]
    co2 = fuel_co2 + elec_co2 + process + waste
    sinks = np.zeros((1, n_years))
    for series in sinks_by_source.values():
        sinks = sinks + series
    final = energy.sum(axis=1)
    feedstock = np.zeros((1, n_years))
    for sector in base.sectors:
        if sector.feedstock_tce:
            feedstock = feedstock + sector.feedstock_tce * index[sector.driver] * _trend(
                params, "intensity.feedstock.annual_change", elapsed
            )
    full = (n_batch, n_years)
    out = Outputs(
        co2_t=np.broadcast_to(co2, full).copy(),
        sinks_t=np.broadcast_to(sinks, full).copy(),
        net_co2_t=np.broadcast_to(co2 - sinks, full).copy(),
        energy_tce=final + feedstock,
        energy_tce_dual_control=final - renewable_used_tce,
        gdp_10k_cny=np.broadcast_to(gdp, full).copy(),
    )
    if detail:
        share = np.divide(purchased, electricity_kwh, out=np.zeros(full), where=electricity_kwh > 0)
        by_sector: dict[str, FloatArray] = {}
        for i, sector in enumerate(base.sectors):
            sl = cm.sector_slices[i]
            elec_idx = [c for c in cm.elec_cells if sl.start <= c < sl.stop]
            part = np.einsum("bct,c->bt", energy[:, sl, :], cm.ef[sl])
            if elec_idx:
                part = part + energy[:, elec_idx, :].sum(axis=1) * kwh_per_tce * share * grid
            by_sector[sector.code] = part
        by_sector["industrial_process"] = np.broadcast_to(process, full).copy()
        by_sector["waste"] = np.broadcast_to(waste, full).copy()
        out.detail = Detail(
            energy_cells=energy,
            feedstock_tce=np.broadcast_to(feedstock, full).copy(),
            co2_by_sector=by_sector,
            generation_kwh={k: np.broadcast_to(v, full).copy() for k, v in generation.items()},
            electricity_kwh=electricity_kwh,
            purchased_kwh=purchased,
            grid_t_per_kwh=np.broadcast_to(grid, full).copy(),
            sinks_by_source={k: np.broadcast_to(v, full).copy() for k, v in sinks_by_source.items()},
            gdp_by_driver={k: base.gdp_shares[k] * base.gdp_10k_cny * np.broadcast_to(index[k], full)
                           for k in GDP_DRIVERS},
            population=np.broadcast_to(base.population * index["population"], full).copy(),
        )
    return out


def _slice_params(params: Mapping[str, FloatArray], lo: int, hi: int) -> dict[str, FloatArray]:
    return {k: (v if np.size(v) == 1 else np.asarray(v)[lo:hi]) for k, v in params.items()}


def simulate_metric(
    cm: CompiledModel,
    params: Mapping[str, FloatArray],
    delivery: FloatArray,
    metric: Callable[[Outputs], FloatArray],
    chunk: int = DEFAULT_CHUNK,
) -> FloatArray:
    """One (B, T) metric for a large batch, evaluated `chunk` members at a time to bound memory."""
    return simulate_metrics(cm, params, delivery, {"metric": metric}, chunk)["metric"]


def simulate_metrics(
    cm: CompiledModel,
    params: Mapping[str, FloatArray],
    delivery: FloatArray,
    metrics: Mapping[str, Callable[[Outputs], FloatArray]],
    chunk: int = DEFAULT_CHUNK,
) -> dict[str, FloatArray]:
    """Several (B, T) metrics from one pass over a large batch (the progress run needs CO2 and energy
    intensity of the same draws)."""
    n_batch = delivery.shape[0]
    out = {name: np.empty((n_batch, cm.n_years)) for name in metrics}
    for lo in range(0, n_batch, chunk):
        hi = min(lo + chunk, n_batch)
        outputs = simulate(cm, _slice_params(params, lo, hi), delivery[lo:hi])
        for name, metric in metrics.items():
            out[name][lo:hi] = metric(outputs)
    return out


def gross(o: Outputs) -> FloatArray:
    return o.co2_t


def net(o: Outputs) -> FloatArray:
    return o.net_co2_t


def energy_intensity(o: Outputs) -> FloatArray:
    """Dual-control energy ÷ GDP at base-year prices (tce/10^4 CNY), as analysis.py reports it."""
    return np.asarray(o.energy_tce_dual_control / o.gdp_10k_cny, dtype=np.float64)


METRICS: dict[str, Callable[[Outputs], FloatArray]] = {"co2_t": gross, "net_co2_t": net}
