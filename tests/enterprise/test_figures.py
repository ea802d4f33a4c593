"""The report's arithmetic by hand: unit consumption, the deviation at its tolerance, the budget."""

from __future__ import annotations

import math

import pytest

from carbonpeak.enterprise.figures import against_limit, budget_completion, deviation, unit_consumption_kgce


def test_unit_consumption_is_energy_over_output_in_kgce() -> None:
    # 1,200 tce for 4,000 t of ethylene: 1,200,000 kgce / 4,000 t = 300 kgce/t.
    assert unit_consumption_kgce(1200.0, 4000.0) == pytest.approx(300.0)
    # 0.117984 tce (960 kWh at 0.1229 kgce/kWh) for 2 t: 117.984 kgce / 2 t = 58.992 kgce/t.
    assert unit_consumption_kgce(0.117984, 2.0) == pytest.approx(58.992)
    assert unit_consumption_kgce(10.0, 0.0) is None


def test_a_unit_consumption_at_its_limit_is_within_and_above_it_is_not() -> None:
    assert against_limit(300.0, 300.0).within is True
    above = against_limit(300.1, 300.0)
    assert above.within is False and above.share == pytest.approx(300.1 / 300.0)
    assert against_limit(300.0, None).within is None  # no sourced limit: nothing to compare


@pytest.mark.parametrize(("filed", "flagged"), [
    (105.0, False), (95.0, False),  # exactly 5 %: not above the tolerance
    (105.001, True), (94.999, True), (110.0, True), (100.0, False),
])
def test_a_deviation_is_flagged_only_above_the_tolerance(filed: float, flagged: bool) -> None:
    d = deviation(filed, 100.0, 0.05)
    assert d.flagged is flagged
    assert d.relative == pytest.approx((filed - 100.0) / 100.0)


def test_nothing_monitored_flags_nothing_and_energy_where_the_meters_saw_none_is_flagged() -> None:
    assert deviation(50.0, None, 0.05).flagged is False
    seen_none = deviation(50.0, 0.0, 0.05)
    assert seen_none.flagged is True and seen_none.relative is not None and math.isinf(seen_none.relative)
    assert deviation(0.0, 0.0, 0.05).flagged is False


def test_the_budget_is_completed_when_the_energy_stays_within_it() -> None:
    within = budget_completion(900.0, 1000.0)
    assert within.share == pytest.approx(0.9) and within.within is True
    assert budget_completion(1000.5, 1000.0).within is False
    assert budget_completion(900.0, None).within is None
