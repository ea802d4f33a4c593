"""The one demo source (data/demo/jinshan-demo.yaml): held to the published figures, every
figure labelled, and the indicator series generated from the same district figures."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from carbonpeak.accounting import demo_source
from carbonpeak.accounting.factor_sets import bundled_factor_sets, resolve
from carbonpeak.roadmap.basedata import BASE_FILE


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return demo_source.load_source()


def series(spec: dict[str, Any], code: str) -> dict[str, float]:
    return {r["period"]: r["value"] for r in demo_source.indicator_records(spec) if r["indicator"] == code}


def test_the_2017_energy_co2_is_the_published_county_figure(spec: dict[str, Any]) -> None:
    county = spec["published"]["county_co2"]
    year = county["calibrate_year"]
    assert (year, county["values"][year], county["illustrative"]) == (2017, 14.31, False)
    # 2017 is extrapolated back from the 2020 streams and accounted with the factors of 2017.
    totals = demo_source.energy_accounts(spec, year, resolve("shanghai", bundled_factor_sets())).totals()
    assert totals["co2_t"] / 1e6 == pytest.approx(14.31, rel=county["tolerance"])
    assert totals["co2_direct_t"] > 0 and totals["co2_indirect_t"] > 0


def test_offshore_wind_phase_one_counts_from_the_end_of_2025(spec: dict[str, Any]) -> None:
    wind = spec["published"]["offshore_wind_phase_1"]
    assert wind["turbines"] * wind["turbine_mw"] == wind["capacity_mw"] == 306
    assert wind["generation_gwh_per_year"] == pytest.approx(1075.524)
    assert series(spec, "offshore_wind_capacity_addition") == {
        "2021": 0, "2022": 0, "2023": 0, "2024": 0, "2025": 306}


def test_indicators_come_from_the_district_figures(spec: dict[str, Any]) -> None:
    district = spec["district"]
    pv = district["solar_pv_capacity"]["values"]
    assert series(spec, "new_pv_capacity") == {str(y): pv[y] - pv[2020] for y in range(2021, 2026)}
    forest = series(spec, "forest_cover_rate")
    land = demo_source.land_area_ha(spec)
    assert land == pytest.approx(58_605)
    for year in spec["years"]:
        assert forest[str(year)] == pytest.approx(round(100 * demo_source.land_areas(spec, year)["forest"] / land, 1))
    assert series(spec, "household_waste_resource_recovery_rate")["2020"] == 38
    assert series(spec, "nev_clean_energy_bus_share")["2020"] == 80


def test_incineration_is_computed_from_the_waste_figures(spec: dict[str, Any]) -> None:
    # 822 776 residents × 1 kg/day × 365.25 × (1 − 38 %) × 0.35 t fossil CO2 per t.
    assert demo_source.incineration_co2_t(spec, 2020) == pytest.approx(822_776 * 0.36525 * 0.62 * 0.35)


def test_every_figure_says_whether_it_is_illustrative_and_where_it_comes_from(spec: dict[str, Any]) -> None:
    for key, item in {**spec["published"], **spec["district"]}.items():
        assert isinstance(item.get("illustrative"), bool), key
        assert item.get("source"), key
    # Published only where a source states it.
    published = {k for k, v in {**spec["published"], **spec["district"]}.items() if not v["illustrative"]}
    assert published == {"county_co2", "offshore_wind_phase_1", "land_area", "population", "offshore_wind_capacity"}


def test_every_stream_maps_to_a_roadmap_sector(spec: dict[str, Any]) -> None:
    base = yaml.safe_load(BASE_FILE.read_text(encoding="utf-8"))
    sectors = {s["code"] for s in base["sectors"]}
    covered = {t for f in base["fuels"] for t in f["energy_types"]}
    for stream in spec["streams"]:
        assert stream["model_sector"] in sectors, stream
        assert stream.get("use") == "feedstock" or stream["energy_type"] in covered, stream
