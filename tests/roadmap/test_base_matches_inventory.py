"""One set of demo figures: the roadmap's base year is the demo inventory's 2020, line by line.

The session setup compiles the demo inventory from data/demo/jinshan-demo.yaml; the roadmap
reads its base year from the same file. Compared like with like (docs/methodology/inventory.md,
"The demo district"):

* combustion CO2 (the inventory's *.direct lines) = the model's fuel CO2;
* purchased electricity and heat (the *.indirect lines) = the model's, once both are valued at
  the same factors — the roadmap holds Shanghai's current ones (4.2 t/10⁴ kWh, 0.06 t/GJ, its
  factor_date 2022-01-01) over every year, the 2020 inventory uses those of 2020 (7.88, 0.11);
* process CO2, waste incineration CO2, sinks and GDP are the same numbers;
* energy: the model's also counts the district's own solar power, which it nets off purchases.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from carbonpeak.accounting import demo_source
from carbonpeak.accounting.factor_sets import bundled_factor_sets, resolve
from carbonpeak.accounting.models import DistrictGdp
from carbonpeak.accounting.services import latest_inventories
from carbonpeak.roadmap.analysis import ScenarioResult, run_scenario
from carbonpeak.roadmap.scenario import default_scenarios
from carbonpeak.roadmap.scenario import resolve as resolve_scenario

YEAR = 2020
MODEL_FACTOR_DATE = date(2022, 1, 1)  # base_jinshan.yaml factor_date
REL = 1e-3  # the brief's 0.1 %; most figures agree to rounding


@pytest.fixture(scope="module")
def model() -> ScenarioResult:
    result = run_scenario(resolve_scenario(default_scenarios(), "baseline"))
    assert result.years[0] == YEAR
    return result


def lines() -> dict[str, dict[str, Any]]:
    return {line["code"]: line for line in latest_inventories()[YEAR].lines}


def co2(found: dict[str, dict[str, Any]], suffix: str) -> float:
    return float(sum(line["co2_t"] for code, line in found.items()
                     if code.startswith("energy.") and code.endswith(suffix)))


def test_combustion_co2_is_the_same(db: None, model: ScenarioResult) -> None:
    direct = co2(lines(), ".direct")
    assert direct == pytest.approx(sum(v[0] for v in model.co2_t_direct_by_sector.values()), rel=1e-6)
    assert direct > 6e6  # about 740万t: not two zeros agreeing


def test_energy_co2_agrees_at_the_models_factors(db: None, model: ScenarioResult) -> None:
    found = lines()
    spec = demo_source.load_source()
    shanghai = resolve("shanghai", bundled_factor_sets())
    restated = demo_source.energy_accounts(spec, YEAR, shanghai, MODEL_FACTOR_DATE).totals()
    as_compiled = demo_source.energy_accounts(spec, YEAR, shanghai).totals()
    # The stored inventory is the demo activity at the 2020 factors…
    assert co2(found, ".indirect") == pytest.approx(as_compiled["co2_indirect_t"], rel=1e-9)
    # …and the model's energy CO2 is the same activity at its own factors, to 0.1 %.
    model_energy_co2 = model.co2_t[0] - model.co2_t_by_sector["industrial_process"][0] - model.co2_t_by_sector[
        "waste"][0]
    assert model_energy_co2 == pytest.approx(co2(found, ".direct") + restated["co2_indirect_t"], rel=REL)
    assert model.co2_t_purchased["electricity"][0] == pytest.approx(
        model.purchased_kwh[0] * 4.2e-4, rel=1e-9)
    # What the two factor vintages make of the same purchases: (7.88 − 4.2) t per 10⁴ kWh and
    # (0.11 − 0.06) t per GJ of heat and steam (3.763 GJ/t).
    basis = demo_source.energy_accounts(spec, YEAR, shanghai).basis_by_energy_type()
    vintage = basis["electricity"][0] * (7.88 - 4.2) / 1e4 + (basis["heat"][0] + basis["steam"][0] * 3.763) * 0.05
    assert as_compiled["co2_indirect_t"] - restated["co2_indirect_t"] == pytest.approx(vintage, rel=1e-9)


def test_electricity_bought_and_energy_are_the_same(db: None, model: ScenarioResult) -> None:
    inventory = latest_inventories()[YEAR]
    spec = demo_source.load_source()
    kwh = demo_source.energy_accounts(spec, YEAR, resolve("shanghai", bundled_factor_sets())).basis_by_energy_type()[
        "electricity"][0]
    assert model.purchased_kwh[0] == pytest.approx(kwh, rel=1e-9)
    own_solar_tce = model.generation_kwh["solar"][0] * 0.1229e-3  # 60 MW × 1100 h, 当量值
    assert model.energy_tce[0] == pytest.approx(inventory.energy_tce + own_solar_tce, rel=1e-6)
    assert model.feedstock_tce[0] == pytest.approx(2_100_000 * 1.4286, rel=1e-6)  # crude oil to chemicals


def test_process_waste_sinks_and_gdp_are_the_same(db: None, model: ScenarioResult) -> None:
    found = lines()
    assert found["ippu.processes"]["co2_t"] == pytest.approx(model.co2_t_by_sector["industrial_process"][0])
    assert found["waste.incineration"]["co2_t"] == pytest.approx(model.co2_t_by_sector["waste"][0], abs=0.1)
    removals = -sum(line["co2e_t"] for code, line in found.items() if code.startswith("lulucf."))
    assert removals == pytest.approx(model.sinks_t[0], rel=1e-9)
    assert DistrictGdp.objects.get(year=YEAR).value_10k_cny == pytest.approx(model.gdp_10k_cny[0])
