"""Yearly figures by hand: a data centre's PUE over the months that count, the district's
energy-weighted PUE, a unit's year-on-year saving and the district's saving."""

from __future__ import annotations

import pytest

from carbonpeak.monitoring.figures.annual import (
    SavingMethod,
    UnitMonth,
    district_saving,
    is_industrial,
    pue_year,
    ranked_pairs,
    weighted_pue,
    yearly_saving,
)

LIMIT = 0.9


def month(m: int, tce: float | None = 10.0, facility: float | None = None, it: float | None = None,
          completeness: float | None = 1.0) -> UnitMonth:
    return UnitMonth(m, tce, facility, it, completeness)


def test_pue_is_total_over_it_of_the_complete_months() -> None:
    months = [month(1, facility=150.0, it=100.0), month(2, facility=130.0, it=100.0),
              month(3, facility=999.0, it=100.0, completeness=0.85), month(4, facility=10.0, it=0.0),
              month(5, tce=None, completeness=None)]
    year = pue_year(months, LIMIT)
    assert year.pue == pytest.approx(280.0 / 200.0)
    assert year.months == (1, 2)
    assert [(e.month, e.reason_en) for e in year.excluded] == [
        (3, "85% of readings, below 90%"), (4, "no IT-load energy"), (5, "no data")]


def test_a_month_at_the_threshold_counts() -> None:
    assert pue_year([month(1, facility=14.0, it=10.0, completeness=0.9)], LIMIT).months == (1,)


def test_no_month_counts_no_pue() -> None:
    assert pue_year([month(1, facility=1.0, it=1.0, completeness=0.5)], LIMIT).pue is None


def test_the_district_pue_weighs_by_energy() -> None:
    small = pue_year([month(1, facility=200.0, it=100.0)], LIMIT)  # PUE 2.0
    large = pue_year([month(1, facility=1300.0, it=1000.0)], LIMIT)  # PUE 1.3
    assert weighted_pue([small, large]) == pytest.approx(1500.0 / 1100.0)  # not (2.0 + 1.3) / 2
    assert weighted_pue([pue_year([], LIMIT)]) is None


def test_saving_raw_over_the_same_months() -> None:
    before = [month(m, tce=100.0) for m in range(1, 13)]
    now = [month(m, tce=98.0) for m in range(1, 4)]  # year to date: January to March
    s = yearly_saving(before, now, LIMIT)
    assert s.percent == pytest.approx(2.0)
    assert (s.method, s.months, s.previous_tce, s.current_tce) == (SavingMethod.RAW, (1, 2, 3), 300.0, 294.0)


def test_saving_per_unit_of_output() -> None:
    # Energy +5 % on output +10 %: per unit of output (1.05 / 1.10) it saved 4.545 %.
    s = yearly_saving([month(1, tce=100.0)], [month(1, tce=105.0)], LIMIT, output=(1000.0, 1100.0))
    assert s.method == SavingMethod.PER_OUTPUT
    assert s.percent == pytest.approx((1 - 1.05 / 1.10) * 100)


def test_a_gap_in_either_year_leaves_that_month_out_of_both() -> None:
    before = [month(1, tce=100.0), month(2, tce=1.0, completeness=0.5)]  # February last year: half measured
    s = yearly_saving(before, [month(1, tce=99.0), month(2, tce=100.0)], LIMIT)
    assert s.percent == pytest.approx(1.0)  # January against January only, not 199 against 101
    assert s.months == (1,) and [r.month for r in s.reasons] == [2]
    nothing = yearly_saving([], [month(1)], LIMIT)
    assert nothing.percent is None and nothing.reasons[0].reason_en == "no data"


def test_the_district_saving_weighs_units_by_last_year() -> None:
    a = yearly_saving([month(1, tce=100.0)], [month(1, tce=98.0)], LIMIT)  # 2 %
    b = yearly_saving([month(1, tce=300.0)], [month(1, tce=300.0)], LIMIT)  # 0 %
    gap = yearly_saving([month(1, completeness=0.1)], [month(1)], LIMIT)
    assert district_saving([a, b, gap]) == pytest.approx((1 - 398.0 / 400.0) * 100)  # 0.5 %
    assert district_saving([gap]) is None
    assert [k for k, _ in ranked_pairs([("b", b), ("gap", gap), ("a", a)])] == ["a", "b", "gap"]


@pytest.mark.parametrize(("code", "industrial"), [("2614", True), ("0610", True), ("4411", True), ("6450", True),
                                                  ("6311", True), ("5111", False), ("0111", False)])
def test_industrial_and_communications_scope(code: str, industrial: bool) -> None:
    assert is_industrial(code) is industrial
