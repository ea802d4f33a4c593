"""The base file reads the district's figures from its demo source; what it states itself wins,
and a demo stream it cannot place is refused naming the field."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from carbonpeak.roadmap.basedata import BASE_FILE, parse_base_data
from carbonpeak.roadmap.issues import ScenarioError


def raw() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(BASE_FILE.read_text(encoding="utf-8"))
    return copy.deepcopy(data)


def fields(data: dict[str, Any]) -> list[str]:
    with pytest.raises(ScenarioError) as err:
        parse_base_data(data, "test")
    return [i.field for i in err.value.issues]


def test_an_unknown_demo_source_is_refused() -> None:
    data = raw()
    data["demo_source"] = "nowhere"
    assert "demo_source" in fields(data)


def test_a_demo_energy_type_no_fuel_covers_is_refused() -> None:
    data = raw()
    oil = next(f for f in data["fuels"] if f["code"] == "oil")
    oil["energy_types"] = ["diesel", "gasoline", "fuel_oil"]  # LPG left out
    assert "jinshan-demo.streams" in fields(data)


def test_what_the_base_file_states_wins_over_the_demo() -> None:
    data = raw()
    petrochem = next(s for s in data["sectors"] if s["code"] == "petrochem")
    petrochem.update({"energy": {"coal": 1}, "unit": "1e4*tce", "feedstock": 0})
    data["facts"] = {"population": {"value": 800000, "unit": "1", "status": "assumed", "source": "test"}}
    base = parse_base_data(data, "test")
    assert base.sector("petrochem").energy_tce == {"coal": pytest.approx(10_000)}
    assert base.sector("petrochem").feedstock_tce == 0
    assert base.population == 800000
    assert base.gdp_10k_cny == pytest.approx(1076.3e4)  # still from the demo source
    assert base.sector("residential").energy_tce["oil"] > 0  # LPG, from the demo source


def test_oil_takes_the_co2_of_its_mix() -> None:
    base = parse_base_data(raw(), "test")
    diesel_only = 42.652 * 20.2e-3 * 0.98 * 44 / 12 / 1.4571  # 2.125 tCO2/tce
    assert 1.8 < base.factors.ef_t_per_tce["oil"] < 2.22
    assert base.factors.ef_t_per_tce["oil"] != pytest.approx(diesel_only, rel=1e-3)
    assert any(c.startswith("oil: 2020 mix of diesel, gasoline, fuel_oil, lpg") for c in base.factors.cited)
