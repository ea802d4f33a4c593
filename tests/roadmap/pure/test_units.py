"""Units are checked where data come in (pint) and carried on results."""

from __future__ import annotations

import copy

import pytest

from carbonpeak.roadmap.analysis import run_scenario
from carbonpeak.roadmap.basedata import load_base_data, parse_base_data
from carbonpeak.roadmap.issues import ScenarioError
from carbonpeak.roadmap.scenario import default_scenarios, resolve
from tests.roadmap.pure._small import small_raw


def test_bundled_quantities_are_converted_to_model_units() -> None:
    base = load_base_data()
    assert base.land_area_ha == pytest.approx(58_605.0)  # 586.05 km²
    assert base.gdp_10k_cny == pytest.approx(1076.3e4)  # 1076.3亿元 in 10^4 CNY
    # The demo source's utility burns 800 000 t of raw coal in 2020 × 0.7143 kgce/kg.
    assert base.sector("petrochem").energy_tce["coal"] == pytest.approx(800_000 * 0.7143)
    assert base.waste_t_per_capita == pytest.approx(0.36525)  # 1 kg/day
    assert base.generation_existing_kwh["solar"] == pytest.approx(60 * 1000 * 1100)


def test_factors_come_from_the_accounting_factor_set() -> None:
    f = load_base_data().factors
    assert f.grid_t_per_kwh == pytest.approx(4.2e-4)  # 4.2 tCO2/10^4 kWh, 沪环气〔2022〕34号
    assert f.electricity_tce_per_kwh == pytest.approx(1.229e-4)  # 0.1229 kgce/kWh
    coal = 20.908 * 26.1e-3 * 0.93 * 44 / 12 / 0.7143  # NCV × CC × OF × 44/12 ÷ coal coefficient
    assert f.ef_t_per_tce["coal"] == pytest.approx(coal, rel=1e-9)
    assert f.ef_t_per_tce["heat"] == pytest.approx(0.06 / 0.03412e-3 * 1e-3, rel=1e-9)
    assert f.set_label.startswith("shanghai@")
    assert any("沪环气〔2022〕34号" in c for c in f.cited)


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (("sectors", 0, "unit"), "t_CO2", "sectors[0].energy.coal"),
        (("facts", "land_area", "unit"), "kWh", "facts.land_area"),
        (("facts", "gdp", "unit"), "no_such_unit", "facts.gdp"),
        (("sinks", "forest_rate", "unit"), "t_CO2/year", "sinks.forest_rate"),
        (("context", "public_floor_area_2020", "unit"), "m", "context.public_floor_area_2020"),
    ],
)
def test_a_quantity_in_the_wrong_unit_is_refused_naming_the_field(path: tuple, value: str, field: str) -> None:
    raw = copy.deepcopy(small_raw())
    node = raw
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    with pytest.raises(ScenarioError) as err:
        parse_base_data(raw, "test")
    assert field in [i.field for i in err.value.issues]


def test_a_fuel_without_factors_is_refused() -> None:
    raw = copy.deepcopy(small_raw())
    raw["fuels"][0]["factor_subject"] = "unobtainium"
    with pytest.raises(ScenarioError) as err:
        parse_base_data(raw, "test")
    assert "fuels[0].factor_subject" in [i.field for i in err.value.issues]


def test_results_carry_units() -> None:
    r = run_scenario(resolve(default_scenarios(), "baseline"))
    co2 = r.quantity("co2_t")
    assert co2.to("kg_CO2").magnitude[0] == pytest.approx(r.co2_t[0] * 1e3)
    assert co2.check("[co2_mass]")
    assert r.quantity("energy_tce").to("GJ").magnitude[0] == pytest.approx(r.energy_tce[0] * 29.3076)
    assert r.quantity("energy_intensity").check("[energy] / [currency]")
