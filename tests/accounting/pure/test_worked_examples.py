"""Hand-computed worked examples: one record through the engine, every metric checked.

Each expected number is computed here from the published factor, not taken from the engine.
Sources (see /work/shared/reference/cn-standards-and-factors.md and accounting/factors/*.csv):

- 折标准煤系数: GB/T 2589-2020 附录A (当量值); 1 kgce = 29 307.6 kJ.
- 电力等价值 0.404 kgce/kWh: 中国能源统计年鉴 "各种能源折标准煤参考系数" (4.04 tce/10^4 kWh).
- Fuel NCV, carbon content, oxidation: GB/T 32151.22-2024 附录C 表C.1 (the enterprise guidelines' defaults);
  CO2 = NCV × CC × OF × 44/12.
- Shanghai purchased electricity 4.2 tCO2/10^4 kWh (7.88 before) and heat 0.06 tCO2/GJ (0.11 before):
  沪环气〔2022〕34号, applied from 2022-01-01; inter-provincial green power 0: 沪环气候〔2023〕89号, from 2023-01-01.
- National grid average 0.5306 kgCO2/kWh for 2023: 生态环境部 国家统计局公告2025年第47号.
- Enterprise guidelines' purchased-heat default 0.11 tCO2/GJ.

Shanghai set (extends cn-national) and 2023 activity unless a test says otherwise.
"""

from __future__ import annotations

import pytest

from carbonpeak.accounting.engine import Totals
from carbonpeak.accounting.factor_sets import parse_manifest, resolve
from tests.accounting.pure._support import bundled, record, run, totals

CO2_PER_C = 44 / 12
REL = 1e-9


def check(t: Totals, *, tce: float, tce_ev: float | None = None, dual: float | None = None,
          feedstock: float = 0.0, renewable: float = 0.0, direct: float = 0.0, indirect: float = 0.0) -> None:
    """Every metric of `t`; equal value and dual control default to the 当量值 figure."""
    expected = {
        "energy_tce": tce,
        "energy_tce_equal_value": tce if tce_ev is None else tce_ev,
        "energy_tce_dual_control": tce if dual is None else dual,
        "feedstock_tce": feedstock,
        "renewable_tce": renewable,
        "co2_direct_t": direct,
        "co2_indirect_t": indirect,
        "co2_t": direct + indirect,
    }
    for metric, value in expected.items():
        assert t[metric] == pytest.approx(value, rel=REL, abs=1e-12), metric


# --- electricity -------------------------------------------------------------------------

def test_electricity_10000_kwh_2023() -> None:
    """10 000 kWh in 2023, Shanghai set.

    当量值: 0.1229 kgce/kWh (GB/T 2589-2020 附录A 电力当量值) → 10 000 × 0.1229 = 1 229 kgce = 1.229 tce.
    等价值: 0.404 kgce/kWh (能源统计年鉴) → 10 000 × 0.404 = 4 040 kgce = 4.04 tce.
    CO2: 4.2 tCO2/10^4 kWh (沪环气〔2022〕34号, valid from 2022-01-01) × 1 (10^4 kWh) = 4.2 t.
    Dual control uses 当量值 (cn-national manifest: dual_control_basis equivalent) → 1.229.
    """
    t = totals([record("electricity", 10_000, "kWh")])
    check(t, tce=10_000 * 0.1229 / 1000, tce_ev=10_000 * 0.404 / 1000, indirect=10_000 / 1e4 * 4.2)
    assert t["energy_tce"] == pytest.approx(1.229, rel=REL)
    assert t["energy_tce_equal_value"] == pytest.approx(4.04, rel=REL)
    assert t["co2_t"] == pytest.approx(4.2, rel=REL)


def test_electricity_2021_uses_the_old_shanghai_factor() -> None:
    """2021 activity: 沪环气〔2022〕34号 调整前数值 7.88 tCO2/10^4 kWh (row valid to 2021-12-31) → 7.88 t."""
    t = totals([record("electricity", 10_000, "kWh", period="2021")])
    check(t, tce=1.229, tce_ev=4.04, indirect=1 * 7.88)


def test_electricity_december_2021_and_january_2022_straddle_the_change() -> None:
    """Monthly periods: 2021-12 starts before the 2022-01-01 change (7.88), 2022-01 on it (4.2)."""
    result = run([record("electricity", 10_000, "kWh", period="2021-12"),
                  record("electricity", 10_000, "kWh", period="2022-01")])
    by_period = result.by_period()
    assert by_period["2021-12"]["co2_indirect_t"] == pytest.approx(7.88, rel=REL)
    assert by_period["2022-01"]["co2_indirect_t"] == pytest.approx(4.2, rel=REL)


def test_green_power_2023_is_zero_in_shanghai() -> None:
    """Inter-provincial green power, 2023: 0 tCO2/10^4 kWh (沪环气候〔2023〕89号). Energy is unchanged."""
    t = totals([record("electricity", 10_000, "kWh", green_power="true")])
    check(t, tce=1.229, tce_ev=4.04, indirect=0.0)


def test_green_power_2022_in_shanghai_is_ordinary_power() -> None:
    """The green-power row starts 2023-01-01; in 2022 green power falls back to 4.2 t/10^4 kWh."""
    t = totals([record("electricity", 10_000, "kWh", period="2022", green_power="true")])
    check(t, tce=1.229, tce_ev=4.04, indirect=4.2)


def test_green_power_2023_national_set_uses_the_grid_average() -> None:
    """cn-national has no green-power factor: 2023 grid average 0.5306 kgCO2/kWh (公告2025年第47号).

    10 000 kWh × 0.5306 kg/kWh = 5 306 kg = 5.306 t.
    """
    t = totals([record("electricity", 10_000, "kWh", green_power="yes")], "cn-national")
    check(t, tce=1.229, tce_ev=4.04, indirect=10_000 * 0.5306 / 1000)


@pytest.mark.parametrize(("period", "kg_per_kwh"), [("2021", 0.5568), ("2022", 0.5366), ("2023", 0.5306)])
def test_national_grid_factor_by_year(period: str, kg_per_kwh: float) -> None:
    """MEE/NBS national averages: 2021 0.5568 (公告2024年第12号), 2022 0.5366 (第33号), 2023 0.5306 (2025年第47号)."""
    t = totals([record("electricity", 10_000, "kWh", period=period)], "cn-national")
    check(t, tce=1.229, tce_ev=4.04, indirect=10_000 * kg_per_kwh / 1000)


def test_renewable_power_is_deducted_from_dual_control_only() -> None:
    """renewable=true: 1.229 tce leaves dual control (renewable_tce 1.229, dual 0); total energy, 等价值 and
    CO2 (4.2 t, the flag is not green-power trading) are unchanged."""
    t = totals([record("electricity", 10_000, "kWh", renewable="true")])
    check(t, tce=1.229, tce_ev=4.04, dual=0.0, renewable=1.229, indirect=4.2)


def test_equal_value_dual_control_basis() -> None:
    """A set with dual_control_basis: equal_value counts electricity at 等价值 4.04 tce in dual control, and a
    renewable record deducts those 4.04 tce."""
    specs = bundled()
    specs["ev"] = parse_manifest({"id": "ev", "name": "等价值口径", "extends": "shanghai",
                                  "dual_control_basis": "equal_value"}, "ev.yaml", None)
    fs = resolve("ev", specs)
    check(totals([record("electricity", 10_000, "kWh")], fs), tce=1.229, tce_ev=4.04, dual=4.04, indirect=4.2)
    check(totals([record("electricity", 10_000, "kWh", renewable="1")], fs),
          tce=1.229, tce_ev=4.04, dual=0.0, renewable=4.04, indirect=4.2)


# --- fuels -------------------------------------------------------------------------------

def test_diesel_one_tonne() -> None:
    """1 t diesel: 1.4571 kgce/kg (GB/T 2589-2020 附录A) → 1 000 kg × 1.4571 = 1.4571 tce.

    CO2 = 42.652 GJ/t × 20.2 tC/TJ × 0.98 × 44/12 (GB/T 32151.22-2024 表C.1)
        = 42.652 × 0.0202 × 0.98 × 3.6667 = 3.0959 t.
    """
    t = totals([record("diesel", 1, "t")])
    co2 = 42.652 * 20.2e-3 * 0.98 * CO2_PER_C
    check(t, tce=1.4571, direct=co2)
    assert t["co2_t"] == pytest.approx(3.0959, abs=5e-5)


def test_gasoline_one_tonne() -> None:
    """1 t gasoline: 1.4714 kgce/kg → 1.4714 tce; CO2 = 43.070 × 18.9e-3 × 0.98 × 44/12 = 2.9251 t."""
    t = totals([record("gasoline", 1, "吨")])
    co2 = 43.070 * 18.9e-3 * 0.98 * CO2_PER_C
    check(t, tce=1.4714, direct=co2)
    assert t["co2_t"] == pytest.approx(2.9251, abs=5e-5)


def test_natural_gas_one_ten_thousand_cubic_metres() -> None:
    """1 万m3 natural gas: 1.33 kgce/m3 (附录A, 38 931 kJ/m3) → 10 000 × 1.33 = 13 300 kgce = 13.3 tce.

    CO2 = 389.31 GJ/10^4 m3 × 15.3e-3 tC/GJ × 0.99 × 44/12 = 21.622 t (表C.1).
    """
    t = totals([record("natural_gas", 1, "万m3")])
    check(t, tce=13.3, direct=389.31 * 15.3e-3 * 0.99 * CO2_PER_C)
    assert t["co2_t"] == pytest.approx(21.622, abs=5e-4)


def test_crude_oil_as_feedstock() -> None:
    """1 000 t crude oil used as feedstock (原料用能, 发改环资〔2022〕803号).

    Energy: 1 000 000 kg × 1.4286 kgce/kg = 1 428.6 tce, counted in total energy and 等价值;
    deducted from dual control (feedstock_tce 1 428.6, dual 0); not burnt, so no direct CO2.
    """
    t = totals([record("crude_oil", 1000, "t", use="feedstock")])
    check(t, tce=1428.6, dual=0.0, feedstock=1428.6)


def test_crude_oil_as_fuel_emits() -> None:
    """The same 1 000 t burnt: 1 000 × 41.816 × 20.1e-3 × 0.98 × 44/12 = 3 020.2 t CO2, all in dual control."""
    t = totals([record("crude_oil", 1000, "t")])
    check(t, tce=1428.6, direct=1000 * 41.816 * 20.1e-3 * 0.98 * CO2_PER_C)


# --- heat and steam ----------------------------------------------------------------------

def test_heat_100_gj_2023() -> None:
    """100 GJ heat: 0.03412 kgce/MJ (附录A 热力当量值) × 100 000 MJ = 3 412 kgce = 3.412 tce.

    CO2: 0.06 tCO2/GJ (沪环气〔2022〕34号) × 100 = 6 t.
    """
    check(totals([record("heat", 100, "GJ")]), tce=100_000 * 0.03412 / 1000, indirect=100 * 0.06)


def test_heat_100_gj_2021() -> None:
    """2021: the pre-2022 Shanghai value 0.11 tCO2/GJ × 100 GJ = 11 t."""
    check(totals([record("heat", 100, "GJ", period="2021")]), tce=3.412, indirect=100 * 0.11)


def test_heat_100_gj_national_default() -> None:
    """cn-national: the enterprise guidelines' default 0.11 tCO2/GJ → 11 t in 2023 too."""
    check(totals([record("heat", 100, "GJ")], "cn-national"), tce=3.412, indirect=11.0)


def test_heat_metered_in_mwh() -> None:
    """Heat may be metered in MWh: 1 MWh = 3.6 GJ → 3 600 MJ × 0.03412 = 122.832 kgce; CO2 3.6 × 0.06 = 0.216 t."""
    check(totals([record("heat", 1, "MWh")]), tce=3600 * 0.03412 / 1000, indirect=3.6 * 0.06)


def test_steam_10_tonnes() -> None:
    """10 t low-pressure steam: 0.1286 kgce/kg (附录A 蒸汽低压) × 10 000 kg = 1 286 kgce = 1.286 tce.

    CO2 is that of the heat carried: 10 t × 3.763 GJ/t (附录A, 3 763 MJ/t) × 0.06 tCO2/GJ = 2.2578 t.
    """
    check(totals([record("steam", 10, "t")]), tce=10_000 * 0.1286 / 1000, indirect=10 * 3.763 * 0.06)


def test_steam_given_in_gj_is_converted_by_heat_content() -> None:
    """37.63 GJ of steam ÷ 3.763 GJ/t = 10 t: the same 1.286 tce and 2.2578 t CO2; basis amount 10 t."""
    result = run([record("steam", 37.63, "GJ")])
    check(result.totals(), tce=1.286, indirect=10 * 3.763 * 0.06)
    amount, unit = result.basis_by_energy_type()["steam"]
    assert unit == "t"
    assert amount == pytest.approx(37.63 / 3.763, rel=REL)


def test_steam_given_in_mj() -> None:
    """3 763 MJ = 3.763 GJ = 1 t steam → 0.1286 tce, 1 × 3.763 × 0.06 = 0.22578 t CO2."""
    check(totals([record("steam", 3763, "MJ")]), tce=0.1286, indirect=3.763 * 0.06)


# --- several records ---------------------------------------------------------------------

def test_small_district_by_entity_and_sector() -> None:
    """Two entities, three records, hand totals:

    plant:  10 000 kWh (1.229 tce, 4.2 t) + 1 t diesel (1.4571 tce, 3.0959 t)   → 2.6861 tce
    office: 100 GJ heat (3.412 tce, 6 t)                                          → 3.412 tce
    """
    diesel_co2 = 42.652 * 20.2e-3 * 0.98 * CO2_PER_C
    result = run([
        record("electricity", 10_000, "kWh", entity="plant", sector="industry"),
        record("diesel", 1000, "kg", entity="plant", sector="transport"),
        record("heat", 100, "GJ", entity="office", sector="industry"),
    ])
    by_entity = result.by_entity()
    check(by_entity["plant"], tce=1.229 + 1.4571, tce_ev=4.04 + 1.4571, direct=diesel_co2, indirect=4.2)
    check(by_entity["office"], tce=3.412, indirect=6.0)
    by_sector = result.by_sector()
    check(by_sector["industry"], tce=1.229 + 3.412, tce_ev=4.04 + 3.412, indirect=4.2 + 6.0)
    check(by_sector["transport"], tce=1.4571, direct=diesel_co2)
    basis = result.basis_by_energy_type()
    assert basis["electricity"] == (pytest.approx(10_000, rel=REL), "kWh")
    assert basis["diesel"] == (pytest.approx(1.0, rel=REL), "t")
    assert basis["heat"] == (pytest.approx(100, rel=REL), "GJ")
