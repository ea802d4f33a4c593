"""Energy and carbon intensity per 10^4 CNY and its change on the national formula.

单位GDP能耗升降(%) = [(E_t/GDP_t) ÷ (E_0/GDP_0) − 1] × 100, GDP at base-year (comparable) prices
(NBS bulletins; reference §5). Comparable GDP chains the published real growth rates.
"""

from __future__ import annotations

from typing import Any

import pint
import pytest

from carbonpeak.accounting.intensity import Intensity, IntensityError, change_rate, comparable_gdp, intensity
from carbonpeak.common.measures import registry

REL = 1e-12


def q(value: float, unit: str) -> pint.Quantity[Any]:
    return value * registry().parse_expression(unit)


def wan(value: float) -> pint.Quantity[Any]:
    """value × 10^4 CNY."""
    return q(value, "1e4*CNY")


# --- intensity ----------------------------------------------------------------------------

def test_energy_intensity_in_tce_per_10k_cny() -> None:
    """1 000 tce over 500 万元 = 2 tce/10^4 CNY."""
    result = intensity(q(1000, "tce"), wan(500))
    assert result == Intensity(pytest.approx(2.0, rel=REL), "tce/10^4 CNY")
    assert result.as_dict() == {"value": pytest.approx(2.0, rel=REL), "unit": "tce/10^4 CNY"}


def test_gdp_in_yuan_or_yi_yuan() -> None:
    """5 000 000 CNY = 500 万元; 1 亿元 = 10 000 万元."""
    assert intensity(q(1000, "tce"), q(5_000_000, "CNY")).value == pytest.approx(2.0, rel=REL)
    assert intensity(q(1000, "tce"), q(1, "1e8*CNY")).value == pytest.approx(1000 / 10_000, rel=REL)


@pytest.mark.parametrize(
    ("amount", "unit", "tce"),
    [
        (1_000_000, "kgce", 1000),          # 1 kgce = 1e-3 tce
        (29_307.6, "GJ", 1000),             # 1 tce = 29.3076 GJ (GB/T 2589-2020 3.8)
        (29_307_600, "MJ", 1000),
        (8_141_000, "kWh", 8_141_000 * 3.6e-3 / 29.3076),  # 1 kWh = 3.6 MJ
    ],
)
def test_energy_in_any_energy_unit_is_reported_in_tce(amount: float, unit: str, tce: float) -> None:
    result = intensity(q(amount, unit), wan(100))
    assert result.unit == "tce/10^4 CNY"
    assert result.value == pytest.approx(tce / 100, rel=1e-9)


def test_carbon_intensity_in_t_co2_per_10k_cny() -> None:
    """2 000 t CO2 over 500 万元 = 4 t/10^4 CNY; 2 000 000 kg CO2 the same."""
    assert intensity(q(2000, "t_CO2"), wan(500)) == Intensity(pytest.approx(4.0, rel=REL), "t_CO2/10^4 CNY")
    assert intensity(q(2_000_000, "kg_CO2"), wan(500)).value == pytest.approx(4.0, rel=REL)


def test_jinshan_2023_scale() -> None:
    """Jinshan GDP 2023 = 1 189.58 亿元 = 11 895 800 万元 (reference §6); a hypothetical 5 000 000 tce gives
    5 000 000 / 11 895 800 = 0.42032 tce/10^4 CNY."""
    result = intensity(q(5_000_000, "tce"), q(1189.58, "1e8*CNY"))
    assert result.value == pytest.approx(5_000_000 / 11_895_800, rel=1e-9)


@pytest.mark.parametrize("gdp", [0.0, -100.0])
def test_gdp_must_be_positive(gdp: float) -> None:
    with pytest.raises(IntensityError, match="必须大于零 / must be positive"):
        intensity(q(1000, "tce"), wan(gdp))


@pytest.mark.parametrize(
    ("amount", "gdp", "name"),
    [
        (q(1000, "tce"), q(100, "tce"), "gdp"),        # GDP in an energy unit
        (q(1000, "tce"), q(100, "kg"), "gdp"),
        (q(1000, "kg"), wan(100), "amount"),           # a mass is neither energy nor CO2
        (q(1000, "t_C"), wan(100), "amount"),          # carbon is not CO2
        (q(1000, "m3"), wan(100), "amount"),
    ],
)
def test_wrong_dimension_is_refused(amount: pint.Quantity[Any], gdp: pint.Quantity[Any], name: str) -> None:
    with pytest.raises(IntensityError) as caught:
        intensity(amount, gdp)
    message = str(caught.value)
    assert message.startswith(f"{name}:")
    assert "单位应可换算为" in message and "must convert to" in message


def test_intensity_error_is_a_value_error() -> None:
    assert issubclass(IntensityError, ValueError)


# --- change rate --------------------------------------------------------------------------

def test_change_rate_national_formula() -> None:
    """E0 = 100 tce, GDP0 = 100 万元; Et = 110 tce, GDPt = 127.9 万元 (comparable prices):
    [(110/127.9) ÷ (100/100) − 1] × 100 = −13.995 %."""
    base = intensity(q(100, "tce"), wan(100))
    current = intensity(q(110, "tce"), wan(127.9))
    expected = ((110 / 127.9) / (100 / 100) - 1) * 100
    assert change_rate(current, base) == pytest.approx(expected, rel=1e-9)
    assert change_rate(current, base) == pytest.approx(-13.9953, abs=5e-5)


def test_change_rate_rise_and_no_change() -> None:
    base = Intensity(0.5, "tce/10^4 CNY")
    assert change_rate(Intensity(0.55, "tce/10^4 CNY"), base) == pytest.approx(10.0, rel=1e-9)
    assert change_rate(base, base) == 0.0


def test_change_rate_of_carbon_intensity() -> None:
    """CO2 intensity −70 % vs 2005 (Shanghai's 2030 target, 沪府发〔2022〕7号): 3 → 0.9 t/10^4 CNY."""
    assert change_rate(Intensity(0.9, "t_CO2/10^4 CNY"), Intensity(3.0, "t_CO2/10^4 CNY")) == pytest.approx(
        -70.0, rel=1e-9)


def test_change_rate_refuses_mixed_units() -> None:
    with pytest.raises(IntensityError, match="units differ"):
        change_rate(Intensity(1.0, "tce/10^4 CNY"), Intensity(1.0, "t_CO2/10^4 CNY"))


@pytest.mark.parametrize("base_value", [0.0, -1.0])
def test_change_rate_refuses_a_non_positive_base(base_value: float) -> None:
    with pytest.raises(IntensityError, match="base-year intensity must be positive"):
        change_rate(Intensity(1.0, "tce/10^4 CNY"), Intensity(base_value, "tce/10^4 CNY"))


def test_zero_energy_base_year_cannot_be_compared() -> None:
    base = intensity(q(0, "tce"), wan(100))
    assert base.value == 0.0
    with pytest.raises(IntensityError):
        change_rate(intensity(q(1, "tce"), wan(100)), base)


# --- comparable GDP -----------------------------------------------------------------------

def test_comparable_gdp_chains_real_growth() -> None:
    """GDP0 = 100 (2020); +8.1 % in 2021 → 108.1; +3.0 % in 2022 → 108.1 × 1.03 = 111.343."""
    result = comparable_gdp(2020, 100.0, {2021: 8.1, 2022: 3.0})
    assert list(result) == [2020, 2021, 2022]
    assert result[2020] == 100.0
    assert result[2021] == pytest.approx(108.1, rel=REL)
    assert result[2022] == pytest.approx(100 * 1.081 * 1.03, rel=REL)


def test_comparable_gdp_order_of_the_mapping_does_not_matter() -> None:
    assert comparable_gdp(2020, 50.0, {2023: 5.0, 2021: -2.0, 2022: 6.0}) == pytest.approx(
        {2020: 50.0, 2021: 50 * 0.98, 2022: 50 * 0.98 * 1.06, 2023: 50 * 0.98 * 1.06 * 1.05}, rel=REL)


def test_comparable_gdp_without_growth_is_the_base_year() -> None:
    assert comparable_gdp(2020, 100.0, {}) == {2020: 100.0}


def test_comparable_gdp_refuses_a_gap() -> None:
    with pytest.raises(IntensityError) as caught:
        comparable_gdp(2020, 100.0, {2021: 8.1, 2023: 5.0})
    assert "2022" in str(caught.value)
    assert "缺少" in str(caught.value) and "missing" in str(caught.value)


def test_comparable_gdp_refuses_a_missing_first_year() -> None:
    with pytest.raises(IntensityError, match="2021"):
        comparable_gdp(2020, 100.0, {2022: 5.0})


def test_change_rate_on_comparable_gdp() -> None:
    """Base 2020: 100 tce, GDP 100 万元. 2022: 105 tce; GDP at 2020 prices 100 × 1.081 × 1.03 = 111.343 万元.
    Change = [(105/111.343) ÷ (100/100) − 1] × 100 = −5.6968 %."""
    gdp = comparable_gdp(2020, 100.0, {2021: 8.1, 2022: 3.0})
    base = intensity(q(100, "tce"), wan(gdp[2020]))
    current = intensity(q(105, "tce"), wan(gdp[2022]))
    assert change_rate(current, base) == pytest.approx((105 / (100 * 1.081 * 1.03) - 1) * 100, rel=1e-9)
    assert change_rate(current, base) == pytest.approx(-5.6968, abs=5e-5)


def test_growth_years_before_the_base_year_are_refused() -> None:
    with pytest.raises(IntensityError, match="base year"):
        comparable_gdp(2020, 100.0, {2020: 5.0, 2021: 6.0})


def test_district_value_added_gives_the_national_change_rate() -> None:
    """Entity "*" is the district: 2020 E0 = 68.6 t diesel × 1.4571 = 99.95706 tce on GDP 100 (10^4 CNY);
    2023 Et = 75.5 × 1.4571 = 110.01105 tce on GDP 127.9. Change = ((110.01105/127.9)/(99.95706/100) − 1) × 100."""
    from carbonpeak.accounting.activity import read_activity_csv
    from carbonpeak.accounting.engine import account
    from carbonpeak.accounting.factor_sets import bundled_factor_sets, resolve
    from carbonpeak.accounting.report import ValueAdded, result_as_dict

    table = read_activity_csv("entity,period,energy_type,quantity,unit\nA,2020,diesel,68.6,t\nA,2023,diesel,75.5,t\n")
    result = account(table, resolve("shanghai", bundled_factor_sets()))
    data = result_as_dict(result, value_added=[ValueAdded("*", "2020", 100.0), ValueAdded("*", "2023", 127.9)],
                          base_period="2020")
    expected = ((110.01105 / 127.9) / (99.95706 / 100.0) - 1.0) * 100.0
    assert data["periods"]["2023"]["energy_intensity_change_pct"] == pytest.approx(expected, rel=1e-9)
    intensity_2023 = data["periods"]["2023"]["energy_intensity"]
    assert intensity_2023 == {"value": pytest.approx(110.01105 / 127.9), "unit": "tce/10^4 CNY"}
    assert "energy_intensity_change_pct" not in data["periods"]["2020"]


def test_value_added_of_an_entity_without_records_is_refused() -> None:
    from carbonpeak.accounting.activity import read_activity_csv
    from carbonpeak.accounting.engine import account
    from carbonpeak.accounting.factor_sets import bundled_factor_sets, resolve
    from carbonpeak.accounting.issues import AccountingInputError
    from carbonpeak.accounting.report import ValueAdded, result_as_dict

    result = account(read_activity_csv("entity,period,energy_type,quantity,unit\nA,2020,diesel,1,t\n"),
                     resolve("shanghai", bundled_factor_sets()))
    with pytest.raises(AccountingInputError) as caught:
        result_as_dict(result, value_added=[ValueAdded("B", "2020", 10.0)])
    assert caught.value.issues[0].field == "entity"
