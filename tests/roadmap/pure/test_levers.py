"""Each plan lever moves emissions the right way and by the size its equation says (small base)."""

from __future__ import annotations

import numpy as np
import pytest

from carbonpeak.roadmap.analysis import ScenarioResult, run_scenario
from carbonpeak.roadmap.measures import MeasureSpec, plan_measures
from tests.roadmap.pure._small import small_base, with_measures

GRID = 4.2e-4  # t/kWh, 沪环气〔2022〕34号
TCE_PER_KWH = 1.229e-4


def lever(kind: str, **params: float) -> MeasureSpec:
    spec = next(m for m in plan_measures(small_base()) if m.kind == kind)
    return MeasureSpec(spec.id, spec.kind, spec.label_zh, spec.label_en, {**spec.params, **params})


def pair(*measures: MeasureSpec, overrides: dict[str, float] | None = None, common: dict[str, float] | None = None
         ) -> tuple[ScenarioResult, ScenarioResult]:
    s, b = with_measures(*measures, overrides=overrides, common=common)
    return run_scenario(s, 2035), run_scenario(b, 2035)


def at(r: ScenarioResult, series: np.ndarray, year: int) -> float:
    return r.at(series, year)


def reduction(s: ScenarioResult, b: ScenarioResult, year: int) -> float:
    return at(b, b.net_co2_t, year) - at(s, s.net_co2_t, year)


@pytest.mark.parametrize("kind", [m.kind for m in plan_measures(small_base())])
def test_every_lever_reduces_net_emissions_and_never_raises_them(kind: str) -> None:
    s, b = pair(lever(kind), common={"growth.gdp.petrochem": 0.03})
    diff = b.net_co2_t - s.net_co2_t
    assert np.all(diff >= -1e-6)
    assert diff[-1] > 0
    assert diff[0] == pytest.approx(0.0, abs=1e-6)  # nothing happens in the base year


def test_pv_new_displaces_grid_power_by_capacity_times_hours() -> None:
    s, b = pair(lever("pv_new"))
    assert reduction(s, b, 2025) == pytest.approx(300 * 1000 * 1100 * GRID, rel=1e-9)
    assert reduction(s, b, 2023) == pytest.approx(3 / 5 * 300 * 1000 * 1100 * GRID, rel=1e-9)


def test_pv_rooftop_adds_the_rest_of_the_suitable_roofs_by_2030() -> None:
    s, b = pair(lever("pv_rooftop"))
    mw = 4_000_000 * (1.0 - 0.5) * 100 / 1e6  # 200 MW
    assert reduction(s, b, 2025) == pytest.approx(0.0, abs=1e-6)
    assert reduction(s, b, 2030) == pytest.approx(mw * 1000 * 1100 * GRID, rel=1e-9)


def test_offshore_wind_and_biomass_generation() -> None:
    s, b = pair(lever("offshore_wind"))
    assert reduction(s, b, 2024) == pytest.approx(250 * 1000 * 2800 * GRID, rel=1e-9)
    assert reduction(s, b, 2025) == pytest.approx(500 * 1000 * 2800 * GRID, rel=1e-9)
    s, b = pair(lever("biomass_power"))
    assert reduction(s, b, 2025) == pytest.approx(30 * 1000 * 6000 * GRID, rel=1e-9)


def test_local_generation_lowers_dual_control_energy_but_not_final_energy() -> None:
    s, b = pair(lever("offshore_wind"))
    assert at(s, s.energy_tce, 2025) == pytest.approx(at(b, b.energy_tce, 2025))
    assert at(b, b.energy_tce_dual_control, 2025) - at(s, s.energy_tce_dual_control, 2025) == pytest.approx(
        500 * 1000 * 2800 * TCE_PER_KWH, rel=1e-9)


def test_industrial_saving_one_percent_a_year_compounds() -> None:
    s, b = pair(lever("industrial_saving", extended_rate=0.0))
    for sector in ("petrochem", "industry_other"):
        ratio = at(s, s.energy_tce_by_sector[sector], 2025) / at(b, b.energy_tce_by_sector[sector], 2025)
        assert ratio == pytest.approx(0.99**4, rel=1e-12)  # 2022..2025
        assert at(s, s.energy_tce_by_sector[sector], 2030) / at(b, b.energy_tce_by_sector[sector], 2030) == (
            pytest.approx(0.99**4, rel=1e-12))
    s, b = pair(lever("industrial_saving"))
    ratio = at(s, s.energy_tce_by_sector["petrochem"], 2030) / at(b, b.energy_tce_by_sector["petrochem"], 2030)
    assert ratio == pytest.approx(0.99**9, rel=1e-12)
    assert at(s, s.energy_tce_by_sector["residential"], 2030) == at(b, b.energy_tce_by_sector["residential"], 2030)


def test_two_high_control_holds_petrochemical_energy_to_the_exempt_growth() -> None:
    s, b = pair(lever("two_high_control"), common={"growth.gdp.petrochem": 0.03, "growth.decay": 0.0})
    petro_s, petro_b = s.energy_tce_by_sector["petrochem"], b.energy_tce_by_sector["petrochem"]
    assert at(s, petro_s, 2022) == pytest.approx(at(b, petro_b, 2022))
    assert at(s, petro_s, 2030) / at(s, petro_s, 2022) == pytest.approx(1.005**8, rel=1e-12)
    assert at(b, petro_b, 2030) / at(b, petro_b, 2022) == pytest.approx(1.03**8, rel=1e-12)
    process_ratio = at(s, s.co2_t_by_sector["industrial_process"], 2030) / at(b, b.co2_t_by_sector[
        "industrial_process"], 2030)
    assert process_ratio == pytest.approx(at(s, petro_s, 2030) / at(b, petro_b, 2030), rel=1e-12)


def test_data_centre_pue_limits() -> None:
    s, b = pair(lever("data_centre_pue"))
    # Flat IT load: every data centre is an existing one, retrofitted 1.6 -> 1.4 over 2022-2025.
    ratio = at(s, s.energy_tce_by_sector["data_centre"], 2025) / at(b, b.energy_tce_by_sector["data_centre"], 2025)
    assert ratio == pytest.approx(1.4 / 1.6, rel=1e-12)
    s, b = pair(lever("data_centre_pue"), common={"growth.it_load": 0.1, "growth.decay": 0.0})
    d = 1.1**10  # IT-load index in 2030
    expected = (1 / d * 1.4 + (1 - 1 / d) * 1.3) / 1.6
    ratio = at(s, s.energy_tce_by_sector["data_centre"], 2030) / at(b, b.energy_tce_by_sector["data_centre"], 2030)
    assert ratio == pytest.approx(expected, rel=1e-12)


def test_bus_nev_shifts_diesel_to_electricity_at_the_energy_ratio() -> None:
    s, b = pair(lever("bus_nev"))
    oil_b = at(b, b.energy_tce_by_sector_fuel["bus"]["oil"], 2025)
    moved = oil_b * (0.96 - 0.80) / (1 - 0.80)
    assert at(s, s.energy_tce_by_sector_fuel["bus"]["oil"], 2025) == pytest.approx(oil_b - moved, rel=1e-12)
    assert at(s, s.energy_tce_by_sector_fuel["bus"]["electricity"], 2025) == pytest.approx(
        at(b, b.energy_tce_by_sector_fuel["bus"]["electricity"], 2025) + 0.35 * moved, rel=1e-12)


def test_public_fleet_ev() -> None:
    s, b = pair(lever("public_fleet_ev"))
    oil_b = at(b, b.energy_tce_by_sector_fuel["transport_other"]["oil"], 2030)
    assert at(s, s.energy_tce_by_sector_fuel["transport_other"]["oil"], 2030) == pytest.approx(oil_b * 0.9)
    assert at(s, s.energy_tce_by_sector_fuel["transport_other"]["oil"], 2025) == pytest.approx(oil_b * (1 - 0.06))


def test_public_building_retrofit_saving_per_floor_area() -> None:
    s, b = pair(lever("public_building_retrofit"))
    stock_2030 = 9_000_000 * (1 + 0.025 * 10)
    r = (150_000 * 0.06 + 850_000 * 0.03) / stock_2030
    ratio = at(s, s.energy_tce_by_sector["public_buildings"], 2030) / at(b, b.energy_tce_by_sector[
        "public_buildings"], 2030)
    assert ratio == pytest.approx(1 - r, rel=1e-12)


def test_green_new_buildings_start_in_the_15th_plan_period() -> None:
    s, b = pair(lever("green_new_buildings"))
    res_s, res_b = s.energy_tce_by_sector["residential"], b.energy_tce_by_sector["residential"]
    assert at(s, res_s, 2025) == at(b, res_b, 2025)
    new = 30_000_000 * 0.02
    saved_2030 = (4 * new * 0.5 + new * 1.0) * 0.3  # 2026-2029 at 50 %, 2030 all
    assert 1 - at(s, res_s, 2030) / at(b, res_b, 2030) == pytest.approx(saved_2030 / (30_000_000 * 1.2), rel=1e-12)


def test_renewable_substitution_in_new_buildings() -> None:
    s, b = pair(lever("renewable_substitution_new_buildings"))
    new = 9_000_000 * 0.025
    rates = [0.025, 0.05, 0.075, 0.10]  # 2022..2025, linear from 0 in 2021
    expected = new * sum(rates) / (9_000_000 * 1.125)
    ratio = at(s, s.energy_tce_by_sector["public_buildings"], 2025) / at(b, b.energy_tce_by_sector[
        "public_buildings"], 2025)
    assert 1 - ratio == pytest.approx(expected, rel=1e-12)


def test_waste_recycling_cuts_residual_waste_burnt() -> None:
    s, b = pair(lever("waste_recycling"))
    ratio = at(s, s.co2_t_by_sector["waste"], 2025) / at(b, b.co2_t_by_sector["waste"], 2025)
    assert ratio == pytest.approx((1 - 0.45) / (1 - 0.38), rel=1e-12)


def test_forest_cover_and_wetland_add_sinks_not_gross_cuts() -> None:
    s, b = pair(lever("forest_cover"))
    assert np.array_equal(s.co2_t, b.co2_t)
    # 2020: 9000 ha of forest (the demo source) on 58 605 ha; the lever raises cover to 16.5 %.
    assert at(s, s.sinks_t, 2025) - at(b, b.sinks_t, 2025) == pytest.approx((0.165 * 58_605 - 9000) * 3.9, rel=1e-9)
    s, b = pair(lever("wetland"))
    assert at(s, s.sinks_t, 2025) - at(b, b.sinks_t, 2025) == pytest.approx(300 * 0.6, rel=1e-12)


def test_half_delivery_gives_half_the_generation_effect() -> None:
    s, b = pair(lever("offshore_wind"), overrides={"measure.offshore_wind.delivery": 0.5})
    assert reduction(s, b, 2025) == pytest.approx(0.5 * 500 * 1000 * 2800 * GRID, rel=1e-9)


def test_disabled_lever_has_no_effect() -> None:
    s, b = pair(lever("industrial_saving"), overrides={"measure.industrial_saving.enabled": 0})
    assert np.array_equal(s.co2_t, b.co2_t)
