"""碳效码 by hand: each level and colour at its bounds, the benchmarks (sourced, industry, district), the move on the
previous year, the share rule, no value added."""

from __future__ import annotations

import dataclasses

import pytest

from carbonpeak.enterprise.grading import Benchmark, UnitFigures, band_of, colour_for, distribution, grade_all, method


@pytest.mark.parametrize(("k", "level", "colour"), [
    (0.3, 1, "dark_green"), (0.6, 1, "dark_green"), (0.6001, 2, "dark_green"), (0.8, 2, "dark_green"),
    (0.8001, 3, "light_green"), (1.2, 3, "light_green"), (1.2001, 4, "yellow"), (2.0, 4, "yellow"),
    (2.0001, 5, "red"), (9.0, 5, "red"),
])
def test_each_level_and_colour_holds_its_upper_bound(k: float, level: int, colour: str) -> None:
    m = method()
    assert int(m.levels[band_of(k, m.levels)].code) == level
    assert m.colours[colour_for(k, m)].code == colour


@pytest.mark.parametrize(("intensity", "carbon"), [(0.6, "low"), (0.6001, "medium"), (2.0, "medium"),
                                                    (2.0001, "high")])
def test_the_carbon_level_by_the_provincial_bounds(intensity: float, carbon: str) -> None:
    m = method()
    assert m.carbon_levels[band_of(intensity, m.carbon_levels)].code == carbon


def test_a_sourced_industry_benchmark_grades_each_colour_at_its_bound() -> None:
    m = dataclasses.replace(method(), benchmarks={"26": Benchmark(1.0, "test benchmark")})
    # Benchmark 1.0 t/万元, so K = CO2 / 100. District pooled L = 661 / 500 = 1.322: no share ratio reaches 2.
    units = [UnitFigures(code, "26", co2, 100.0) for code, co2 in (
        ("K060", 60.0), ("K080", 80.0), ("K120", 120.0), ("K200", 200.0), ("K201", 201.0))]
    grades = {g.unit: g for g in grade_all(units, m)}
    assert {u: (g.level, g.grade) for u, g in grades.items()} == {
        "K060": (1, "dark_green"), "K080": (2, "dark_green"), "K120": (3, "light_green"), "K200": (4, "yellow"),
        "K201": (5, "red")}
    assert grades["K201"].reasons_zh[:3] == ["红", "26行业基准（test benchmark）（1 吨/万元）的 2.01 倍",
                                             "碳效等级 5 级"]
    assert grades["K201"].reasons_en[-1] == "high-carbon (2.01 t per 10k CNY)"
    assert grades["K060"].carbon_level == "low" and grades["K200"].carbon_level == "medium"


def test_the_district_benchmark_is_the_pooled_intensity() -> None:
    # The same CO2 (10 t) on 1 and 4 万元: pooled L = 20 / 5 = 4; K = 10 / 4 = 2.5 (red) and 2.5 / 4 = 0.625.
    grades = {g.unit: g for g in grade_all([UnitFigures("A", "26", 10.0, 1.0), UnitFigures("B", "25", 10.0, 4.0)])}
    assert grades["A"].benchmark == pytest.approx(4.0) and grades["A"].ratio == pytest.approx(2.5)
    assert grades["A"].grade == "red" and grades["A"].reasons_en[1] == "2.50× the district benchmark (4 t per 10k CNY)"
    assert grades["B"].grade == "dark_green" and grades["B"].level == 2


def test_an_industry_with_enough_peers_is_its_own_benchmark_and_the_year_before_moves_one() -> None:
    units = [UnitFigures("A", "26", 100.0, 100.0, previous_intensity=0.8, previous_year=2025),  # 1.0: +25 %
             UnitFigures("B", "26", 200.0, 100.0, previous_intensity=2.5, previous_year=2025),  # 2.0: −20 %
             UnitFigures("C", "26", 150.0, 100.0),
             UnitFigures("D", "25", 50.0, 100.0),
             UnitFigures("N", "26", 50.0, None)]
    grades = {g.unit: g for g in grade_all(units)}
    # Division 26 pooled: 450 / 300 = 1.5. A: K 0.67 → level 2, dark green; +25 % on 2025 → light green.
    assert grades["A"].level == 2 and grades["A"].grade == "light_green"
    assert "+25% on 2025" in grades["A"].reasons_en and "较2025年 +25%" in grades["A"].reasons_zh
    # B: K 1.33 → level 4, yellow; −20 % → light green.
    assert grades["B"].level == 4 and grades["B"].grade == "light_green"
    assert "26行业基准（1.5 吨/万元）的 1.33 倍" in grades["B"].reasons_zh
    # C: K 1.0 → level 3, light green. D (division 25, one unit) against the district: 50 / (500 / 400) = 0.4.
    assert grades["C"].grade == "light_green" and grades["D"].ratio == pytest.approx(0.4)
    assert grades["N"].grade is None and grades["N"].reasons_en == ["no value added: not graded"]


def test_a_share_of_emissions_far_above_the_share_of_value_added_makes_it_one_worse() -> None:
    m = dataclasses.replace(method(), benchmarks={"26": Benchmark(5.0, "test")})
    units = [UnitFigures("BIG", "26", 300.0, 100.0), UnitFigures("S1", "25", 10.0, 100.0),
             UnitFigures("S2", "17", 10.0, 100.0)]
    big = next(g for g in grade_all(units, m) if g.unit == "BIG")
    # K = 3.0 / 5.0 = 0.6 → level 1; shares: 300/320 of CO2 over 1/3 of value added = 2.8 > 2 → light green.
    assert big.level == 1 and big.grade == "light_green"
    assert "CO2 share 2.8× its value-added share" in big.reasons_en and big.carbon_level == "high"


def test_the_distribution_counts_colours_per_town_and_industry() -> None:
    units = [UnitFigures("A", "26", 10.0, 1.0, town="金山卫镇"), UnitFigures("B", "25", 10.0, 4.0, town="金山卫镇"),
             UnitFigures("N", "26", 1.0, None, town="朱泾镇")]
    grades = grade_all(units)
    by_town = distribution(grades, "town")
    assert by_town["金山卫镇"]["red"] == 1 and by_town["金山卫镇"]["dark_green"] == 1 and by_town["朱泾镇"][""] == 1
    assert distribution(grades, "division")["26"] == {"dark_green": 0, "light_green": 0, "yellow": 0, "red": 1, "": 1}
