"""CO2 of a filing by hand: feedstock is not burnt, green power is not from the grid, process lines add."""

from __future__ import annotations

import pytest

from carbonpeak.enterprise.emissions import EnergyUse, ProcessLine, Scope, emissions


def test_co2_of_a_filing_with_feedstock_green_power_and_a_process_line() -> None:
    uses = [
        # 1,000 t fuel oil, 400 t of it feedstock: 600 t × 3.1705 tCO2/t = 1,902.3 t direct.
        EnergyUse("fuel_oil", combustion=True, purchased=False, quantity=1000.0, co2_t_per_unit=3.1705,
                  feedstock=400.0),
        # 2,000,000 kWh, 500,000 of them green: 1,500,000 × 0.00042 tCO2/kWh = 630 t indirect.
        EnergyUse("electricity", combustion=False, purchased=True, quantity=2_000_000.0, co2_t_per_unit=0.00042,
                  green_power=500_000.0),
        # 10,000 GJ heat × 0.11 tCO2/GJ = 1,100 t indirect.
        EnergyUse("heat", combustion=False, purchased=True, quantity=10_000.0, co2_t_per_unit=0.11),
    ]
    result = emissions(uses, [ProcessLine("石灰石分解", "质量平衡", 250.0)])
    assert result.direct_t == pytest.approx(1902.3)
    assert result.indirect_t == pytest.approx(1730.0)
    assert result.process_t == 250.0
    assert result.total_t == pytest.approx(1902.3 + 1730.0 + 250.0)
    assert [line.scope for line in result.lines] == [Scope.DIRECT, Scope.INDIRECT, Scope.INDIRECT]


def test_feedstock_or_green_power_beyond_the_quantity_counts_nothing_not_less_than_nothing() -> None:
    use = EnergyUse("natural_gas", combustion=True, purchased=False, quantity=100.0, co2_t_per_unit=0.002,
                    feedstock=150.0)
    assert emissions([use], []).direct_t == 0.0
