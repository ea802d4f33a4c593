"""Sector sums equal totals, in every scenario and for any parameters and deliveries."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carbonpeak.roadmap.analysis import run_scenario
from carbonpeak.roadmap.build import build
from carbonpeak.roadmap.model import simulate
from carbonpeak.roadmap.scenario import default_scenarios, resolve


@pytest.mark.parametrize("sid", ["baseline", "plan", "plan_slow"])
def test_sectors_and_fuels_sum_to_totals(sid: str) -> None:
    r = run_scenario(resolve(default_scenarios(), sid), horizon=2060)
    assert sum(r.co2_t_by_sector.values()) == pytest.approx(r.co2_t, rel=1e-12)
    split = sum(r.co2_t_direct_by_sector.values()) + sum(r.co2_t_purchased.values())
    assert split + r.co2_t_by_sector["industrial_process"] + r.co2_t_by_sector["waste"] == pytest.approx(
        r.co2_t, rel=1e-12)
    assert sum(r.energy_tce_by_sector.values()) + r.feedstock_tce == pytest.approx(r.energy_tce, rel=1e-12)
    assert sum(r.energy_tce_by_fuel.values()) == pytest.approx(sum(r.energy_tce_by_sector.values()), rel=1e-12)
    for sector, fuels in r.energy_tce_by_sector_fuel.items():
        assert sum(fuels.values()) == pytest.approx(r.energy_tce_by_sector[sector], rel=1e-12)
    assert r.net_co2_t == pytest.approx(r.co2_t - r.sinks_t, rel=1e-12)
    assert sum(r.sinks_by_source.values()) == pytest.approx(r.sinks_t, rel=1e-12)
    assert np.all(r.energy_tce_dual_control <= r.energy_tce - r.feedstock_tce + 1e-6)


@settings(max_examples=25, deadline=None)
@given(
    deliveries=st.lists(st.floats(0.0, 2.0), min_size=15, max_size=15),
    growth=st.floats(-0.05, 0.12),
    grid=st.floats(-0.1, 0.03),
)
def test_batch_totals_conserve_for_any_inputs(deliveries: list[float], growth: float, grid: float) -> None:
    built = build(resolve(default_scenarios(), "plan"), 2040)
    params = dict(built.params)
    params["growth.gdp.services"] = np.array([growth, 0.0])
    params["grid.factor_change"] = np.array([grid, grid])
    delivery = np.array([deliveries[: len(built.delivery)], built.delivery])
    out = simulate(built.model, params, delivery, detail=True)
    d = out.detail
    assert d is not None
    assert sum(d.co2_by_sector.values()) == pytest.approx(out.co2_t, rel=1e-10)
    assert d.energy_cells.sum(axis=1) + d.feedstock_tce == pytest.approx(out.energy_tce, rel=1e-12)
    assert np.all(d.energy_cells >= 0)
    assert np.all(d.purchased_kwh >= 0)
