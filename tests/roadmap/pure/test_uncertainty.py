"""Monte Carlo reproducible by seed; tornado ranks inputs by how far they move the peak."""

from __future__ import annotations

import numpy as np
import pytest

from carbonpeak.roadmap.analysis import monte_carlo, run_scenario, tornado
from carbonpeak.roadmap.issues import ScenarioError
from carbonpeak.roadmap.scenario import ScenarioSpec, default_scenarios, resolve
from carbonpeak.roadmap.uncertainty import Distribution, Distributions, distributions_from_mapping
from tests.roadmap.pure._small import small_base

NO_DELIVERY_SPREAD = Distribution("triangular", low=1.0, mode=1.0, high=1.0)


def plan():  # type: ignore[no-untyped-def]
    return resolve(default_scenarios(), "plan")


def test_same_seed_same_draws_other_seed_other_draws() -> None:
    a = monte_carlo(plan(), 300, seed=5)
    b = monte_carlo(plan(), 300, seed=5)
    c = monte_carlo(plan(), 300, seed=6)
    assert np.array_equal(a.peak_levels, b.peak_levels) and np.array_equal(a.peak_years, b.peak_years)
    assert a.p_peak_by_2030 == b.p_peak_by_2030 and a.peak_year_quantiles == b.peak_year_quantiles
    assert not np.array_equal(a.peak_levels, c.peak_levels)


def test_summary_is_consistent() -> None:
    mc = monte_carlo(plan(), 500, seed=1, horizon=2040)
    assert mc.runs == 500 and mc.peak_years.shape == (500,)
    assert mc.p_peak_by_2030 == pytest.approx(np.mean(mc.peaked & (mc.peak_years <= 2030)))
    assert 0 <= mc.p_peak_by_2030 <= mc.p_peak_within_horizon <= 1
    q = [v for v in mc.peak_year_quantiles.values() if v is not None]
    assert q == sorted(q)
    assert mc.fan.shape == (21, 5)
    assert np.all(np.diff(mc.fan, axis=1) >= 0)  # p5 <= p25 <= ... <= p95
    levels = list(mc.peak_level_quantiles.values())
    assert levels == sorted(levels)


def test_without_spread_every_run_is_the_central_run() -> None:
    none = Distributions({}, NO_DELIVERY_SPREAD)
    mc = monte_carlo(plan(), 50, seed=0, distributions=none)
    central = run_scenario(plan())
    assert np.allclose(mc.peak_levels, central.peak.level_t, rtol=1e-12)
    assert mc.peak_year_quantiles["p50"] == central.peak.year
    assert mc.fan[:, 2] == pytest.approx(central.co2_t, rel=1e-12)


def test_still_rising_runs_count_as_after_the_horizon() -> None:
    base = resolve(default_scenarios(), "baseline")
    mc = monte_carlo(base, 200, seed=2, horizon=2030, distributions=Distributions({}, NO_DELIVERY_SPREAD))
    assert mc.p_peak_by_2030 == 0.0 and mc.peak_year_quantiles["p50"] is None


@pytest.mark.parametrize("runs", [0, -3, 2.5, True])
def test_bad_run_count(runs: object) -> None:
    with pytest.raises(ScenarioError):
        monte_carlo(plan(), runs, seed=0)  # type: ignore[arg-type]


def test_distributions_file_shape_is_checked() -> None:
    with pytest.raises(ScenarioError) as err:
        distributions_from_mapping({"inputs": [{"path": "growth.gdp.services", "distribution": "cauchy"}],
                                    "delivery": {"default": {"distribution": "triangular", "low": 1, "high": 0}}})
    assert {"inputs[0].distribution", "delivery.default"} <= {i.field for i in err.value.issues}


def test_tornado_ranks_the_input_that_moves_the_peak_most_first() -> None:
    specs = {
        "b": ScenarioSpec("b", "b", "b", None, {"growth.gdp.petrochem": 0.03, "growth.decay": 0.1}),
    }
    scenario = resolve(specs, "b", small_base())
    dists = Distributions(
        {
            "growth.gdp.agriculture": Distribution("normal", sd=0.001),  # agriculture is tiny here
            "growth.gdp.petrochem": Distribution("normal", sd=0.02),  # petrochemicals dominate
            "grid.factor_change": Distribution("uniform", low=-0.01, high=0.0),
        },
        NO_DELIVERY_SPREAD,
    )
    ranked = tornado(scenario, horizon=2060, distributions=dists)
    assert [s.path for s in ranked] == ["growth.gdp.petrochem", "grid.factor_change", "growth.gdp.agriculture"]
    top = ranked[0]
    assert top.low_value == pytest.approx(0.03 - 1.6448536 * 0.02, rel=1e-6)
    assert top.high_value == pytest.approx(0.03 + 1.6448536 * 0.02, rel=1e-6)
    assert top.swing_years > 0 and top.peak_level_high > top.peak_level_low
    assert ranked[-1].swing_t < top.swing_t


def test_tornado_covers_measure_delivery() -> None:
    ranked = tornado(plan())
    paths = {s.path for s in ranked}
    assert "measure.offshore_wind.delivery" in paths and "growth.gdp.petrochem" in paths
    keys = [(-s.swing_years, -s.swing_t) for s in ranked]
    assert keys == sorted(keys)
