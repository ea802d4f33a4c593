"""碳效码 by hand: each colour at its boundary, the move on the previous year, the share rule, no value added."""

from __future__ import annotations

import pytest

from carbonpeak.enterprise.grading import UnitFigures, colour_for, grade_all, method


@pytest.mark.parametrize(("ratio", "colour"), [
    (0.5, "dark_green"), (0.8, "dark_green"), (0.8001, "light_green"), (1.0, "light_green"),
    (1.0001, "yellow"), (1.5, "yellow"), (1.5001, "red"), (9.0, "red"),
])
def test_each_colour_holds_its_upper_bound(ratio: float, colour: str) -> None:
    m = method()
    assert m.colours[colour_for(ratio, m)].code == colour


def test_grades_against_the_district_median_with_reasons() -> None:
    # Five units of five divisions (no industry has 3 peers): benchmark = median of 0.8, 1.0, 1.0, 1.5, 1.51 = 1.0.
    units = [UnitFigures(code, div, co2, 100.0) for code, div, co2 in (
        ("A", "26", 80.0), ("B", "25", 100.0), ("C", "17", 100.0), ("D", "30", 150.0), ("E", "44", 151.0))]
    grades = {g.unit: g for g in grade_all(units)}
    assert {u: g.grade for u, g in grades.items()} == {
        "A": "dark_green", "B": "light_green", "C": "light_green", "D": "yellow", "E": "red"}
    assert grades["A"].intensity_t_per_10k_cny == pytest.approx(0.8) and grades["A"].benchmark == 1.0
    assert grades["E"].reasons_zh[:2] == ["红", "全区基准的 1.51 倍"]
    assert grades["E"].reasons_en[:2] == ["Red", "1.51× the district benchmark"]


def test_an_industry_with_enough_peers_is_its_own_benchmark_and_the_year_before_moves_one() -> None:
    units = [UnitFigures("A", "26", 100.0, 100.0, previous_intensity=0.8),  # 1.0: +25 % → one worse
             UnitFigures("B", "26", 200.0, 100.0, previous_intensity=2.5),  # 2.0: −20 % → one better
             UnitFigures("C", "26", 150.0, 100.0),
             UnitFigures("N", "26", 50.0, None)]
    grades = {g.unit: g for g in grade_all(units)}
    # Benchmark: median of 1.0, 2.0, 1.5 = 1.5. A: 0.67 → dark green, +25 % → light green.
    assert grades["A"].grade == "light_green" and "+25% on the year before" in grades["A"].reasons_en
    # B: 1.33 → yellow, −20 % → light green.
    assert grades["B"].grade == "light_green" and "26行业基准的 1.33 倍" in grades["B"].reasons_zh
    assert grades["N"].grade is None and grades["N"].reasons_en == ["no value added: not graded"]


def test_a_share_of_emissions_far_above_the_share_of_value_added_makes_it_one_worse() -> None:
    units = [UnitFigures("BIG", "26", 900.0, 100.0), UnitFigures("S1", "25", 10.0, 100.0),
             UnitFigures("S2", "17", 10.0, 100.0)]
    big = next(g for g in grade_all(units) if g.unit == "BIG")
    # 9.0 / median 0.1 = 90× → red already; the share rule cannot go beyond red.
    assert big.grade == "red" and any("value-added share" in r for r in big.reasons_en)
