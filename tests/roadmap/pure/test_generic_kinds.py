"""Measures a user builds from the generic kinds: change an intensity, shift fuel, add generation, add a sink."""

from __future__ import annotations

import pytest

from carbonpeak.roadmap.analysis import run_scenario
from carbonpeak.roadmap.measures import MeasureSpec
from carbonpeak.roadmap.scenario import scenarios_from_mapping
from tests.roadmap.pure._small import small_base, with_measures

GRID = 4.2e-4


def run(*measures: MeasureSpec):  # type: ignore[no-untyped-def]
    s, b = with_measures(*measures)
    return run_scenario(s, 2035), run_scenario(b, 2035)


def test_intensity_change_of_a_whole_sector_ramps_to_its_reduction() -> None:
    m = MeasureSpec("own", "intensity_change", "自定义", "Own", {"sector": "industry_other", "reduction": 0.2,
                                                              "start_year": 2026, "full_year": 2030})
    s, b = run(m)
    e_s, e_b = s.energy_tce_by_sector["industry_other"], b.energy_tce_by_sector["industry_other"]
    assert s.at(e_s, 2025) == b.at(e_b, 2025)
    assert s.at(e_s, 2028) / b.at(e_b, 2028) == pytest.approx(1 - 0.2 * 3 / 5)
    assert s.at(e_s, 2030) / b.at(e_b, 2030) == pytest.approx(0.8)


def test_intensity_change_of_one_fuel_and_of_process_emissions() -> None:
    m1 = MeasureSpec("gas", "intensity_change", "气", "Gas", {"sector": "industry_other", "fuel": "natural_gas",
                                                             "reduction": 0.5, "start_year": 2021, "full_year": 2021})
    m2 = MeasureSpec("proc", "intensity_change", "过程", "Process", {"sector": "industrial_process", "reduction": 0.1,
                                                                   "start_year": 2021, "full_year": 2021})
    s, b = run(m1, m2)
    f_s, f_b = s.energy_tce_by_sector_fuel["industry_other"], b.energy_tce_by_sector_fuel["industry_other"]
    assert s.at(f_s["natural_gas"], 2025) == pytest.approx(0.5 * b.at(f_b["natural_gas"], 2025))
    assert s.at(f_s["electricity"], 2025) == b.at(f_b["electricity"], 2025)
    assert s.at(s.co2_t_by_sector["industrial_process"], 2025) == pytest.approx(
        0.9 * b.at(b.co2_t_by_sector["industrial_process"], 2025))


def test_fuel_shift_moves_energy_with_its_ratio_and_changes_emissions() -> None:
    m = MeasureSpec("c2g", "fuel_shift", "煤改气", "Coal to gas", {
        "sector": "petrochem", "from_fuel": "coal", "to_fuel": "natural_gas", "fraction": 0.5, "energy_ratio": 0.9,
        "start_year": 2021, "full_year": 2021})
    s, b = run(m)
    f_s, f_b = s.energy_tce_by_sector_fuel["petrochem"], b.energy_tce_by_sector_fuel["petrochem"]
    coal = b.at(f_b["coal"], 2025)
    assert s.at(f_s["coal"], 2025) == pytest.approx(0.5 * coal)
    assert s.at(f_s["natural_gas"], 2025) == pytest.approx(0.45 * coal)  # a cell the base did not have
    ef = small_base().factors.ef_t_per_tce
    assert b.at(b.co2_t, 2025) - s.at(s.co2_t, 2025) == pytest.approx(0.5 * coal * ef["coal"] - 0.45 * coal * ef[
        "natural_gas"], rel=1e-9)


def test_two_shifts_from_one_fuel_combine_without_depending_on_order() -> None:
    a = MeasureSpec("a", "fuel_shift", "a", "a", {"sector": "transport_other", "from_fuel": "oil",
                                                  "to_fuel": "electricity", "fraction": 0.6, "energy_ratio": 0.3,
                                                  "start_year": 2021, "full_year": 2021})
    c = MeasureSpec("c", "fuel_shift", "c", "c", {"sector": "transport_other", "from_fuel": "oil",
                                                  "to_fuel": "natural_gas", "fraction": 0.5, "energy_ratio": 1.0,
                                                  "start_year": 2021, "full_year": 2021})
    s1, b = run(a, c)
    s2, _ = run(c, a)
    oil = b.at(b.energy_tce_by_sector_fuel["transport_other"]["oil"], 2025)
    f = s1.energy_tce_by_sector_fuel["transport_other"]
    assert s1.at(f["oil"], 2025) == pytest.approx(oil * 0.4 * 0.5)
    moved = oil * (1 - 0.2)
    assert s1.at(f["natural_gas"], 2025) == pytest.approx(moved * 0.5 / 1.1)
    assert s1.co2_t == pytest.approx(s2.co2_t, rel=1e-14)


def test_generation_and_sink() -> None:
    g = MeasureSpec("g", "generation", "发电", "Gen", {"source": "other", "capacity_mw": 10, "full_load_hours": 5000,
                                                       "start_year": 2022, "full_year": 2022})
    k = MeasureSpec("k", "sink", "汇", "Sink", {"source": "other", "area_ha": 100, "rate": 2.0, "start_year": 2022,
                                                "full_year": 2022})
    s, b = run(g, k)
    assert b.at(b.co2_t, 2025) - s.at(s.co2_t, 2025) == pytest.approx(10 * 1000 * 5000 * GRID)
    assert s.at(s.sinks_t, 2025) - b.at(b.sinks_t, 2025) == pytest.approx(200.0)
    assert s.at(s.generation_kwh["other"], 2025) == pytest.approx(5e7)


def test_a_generic_measure_from_the_mapping_shape() -> None:
    raw = {"scenarios": {
        "baseline": {"name_zh": "基准", "name_en": "Baseline", "parent": None},
        "mine": {"name_zh": "自定义", "name_en": "Mine", "parent": "baseline",
                 "measures": ["offshore_wind", {"id": "roofs", "kind": "generation", "label_zh": "屋顶",
                                                "params": {"source": "solar", "capacity_mw": 40}}]},
    }}
    specs = scenarios_from_mapping(raw, small_base())
    assert [m.id for m in specs["mine"].measures] == ["offshore_wind", "roofs"]
