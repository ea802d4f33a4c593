"""Properties of the engine over random activity tables (hypothesis).

Parts add up to totals along every breakdown, CO2 splits into direct + indirect, results
scale linearly with quantities, every spelling of a unit gives the same answer, and dual
control never exceeds total energy.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carbonpeak.accounting.activity import activity_from_records
from carbonpeak.accounting.engine import METRICS, AccountingResult, Totals, account
from carbonpeak.accounting.factor_sets import DualControlBasis
from tests.accounting.pure._support import factor_set, record

SETTINGS = settings(max_examples=75, deadline=None)

# Units each energy type may be given in, in several spellings.
UNITS: dict[str, list[str]] = {
    "electricity": ["kWh", "千瓦时", "度", "MWh", "万kWh", "万千瓦时"],
    "heat": ["GJ", "MJ", "吉焦", "MWh"],
    "steam": ["t", "吨", "kg", "GJ"],
    "raw_coal": ["t", "万t", "吨"],
    "coke": ["t", "kg"],
    "crude_oil": ["t", "万吨"],
    "fuel_oil": ["t"],
    "gasoline": ["t", "公斤"],
    "kerosene": ["t"],
    "diesel": ["t", "kg", "千克"],
    "lpg": ["t"],
    "lng": ["t"],
    "refinery_gas": ["t"],
    "natural_gas": ["m3", "万m3", "立方米", "亿m3"],
    "coke_oven_gas": ["m3", "万方"],
}
COMBUSTION = {"raw_coal", "coke", "crude_oil", "fuel_oil", "gasoline", "kerosene", "diesel", "lpg", "lng",
              "refinery_gas", "natural_gas", "coke_oven_gas"}
PERIODS = ["2020", "2021", "2021-12", "2022-Q1", "2023", "2023-05", "2024-06-30"]
FLAG = st.sampled_from(["", "true", "false"])


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    code = draw(st.sampled_from(sorted(UNITS)))
    extra: dict[str, str] = {}
    if code in COMBUSTION:
        extra["use"] = draw(st.sampled_from(["", "fuel", "feedstock"]))
    if code == "electricity":
        extra["green_power"] = draw(FLAG)
        extra["renewable"] = draw(FLAG)
    return record(
        code,
        draw(st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)),
        draw(st.sampled_from(UNITS[code])),
        period=draw(st.sampled_from(PERIODS)),
        entity=draw(st.sampled_from(["石化", "plant-b", "office"])),
        sector=draw(st.sampled_from(["", "industry", "transport", "buildings"])),
        **extra,
    )


TABLES = st.lists(records(), min_size=1, max_size=25)
SETS = st.sampled_from(["shanghai", "cn-national"])


def _account(rows: list[dict[str, Any]], set_id: str) -> AccountingResult:
    return account(activity_from_records(rows), factor_set(set_id))


def _close(a: float, b: float) -> bool:
    return a == pytest.approx(b, rel=1e-9, abs=1e-6)


def _assert_parts_add_up(total: Totals, parts: list[Totals]) -> None:
    for metric in METRICS:
        assert _close(total[metric], sum(p[metric] for p in parts)), metric


@SETTINGS
@given(rows=TABLES, set_id=SETS)
def test_breakdowns_add_up_to_totals(rows: list[dict[str, Any]], set_id: str) -> None:
    result = _account(rows, set_id)
    total = result.totals()
    _assert_parts_add_up(total, list(result.by_entity().values()))
    _assert_parts_add_up(total, list(result.by_energy_type().values()))
    _assert_parts_add_up(total, list(result.by_sector().values()))
    _assert_parts_add_up(total, list(result.by_period().values()))
    _assert_parts_add_up(total, [t for periods in result.by_entity_period().values() for t in periods.values()])
    # and each entity's periods add up to that entity
    by_entity = result.by_entity()
    for entity, periods in result.by_entity_period().items():
        _assert_parts_add_up(by_entity[entity], list(periods.values()))


@SETTINGS
@given(rows=TABLES, set_id=SETS)
def test_co2_is_direct_plus_indirect_and_nothing_is_negative(rows: list[dict[str, Any]], set_id: str) -> None:
    result = _account(rows, set_id)
    for t in [result.totals(), *result.by_entity().values(), *result.by_energy_type().values()]:
        assert _close(t["co2_t"], t["co2_direct_t"] + t["co2_indirect_t"])
        for metric in METRICS:
            assert t[metric] >= -1e-9, metric


@SETTINGS
@given(rows=TABLES, set_id=SETS)
def test_dual_control_never_exceeds_total_energy(rows: list[dict[str, Any]], set_id: str) -> None:
    fs = factor_set(set_id)
    assert fs.dual_control_basis == DualControlBasis.EQUIVALENT
    result = account(activity_from_records(rows), fs)
    for t in [result.totals(), *result.by_entity().values(), *result.by_sector().values()]:
        assert t["energy_tce_dual_control"] <= t["energy_tce"] + 1e-9
        # on the 当量值 basis the deductions are exactly what separates the two
        assert _close(t["energy_tce_dual_control"] + t["feedstock_tce"] + t["renewable_tce"], t["energy_tce"])


@SETTINGS
@given(rows=TABLES, set_id=SETS, k=st.floats(min_value=1e-3, max_value=1e3))
def test_scaling_quantities_scales_every_metric(rows: list[dict[str, Any]], set_id: str, k: float) -> None:
    table = activity_from_records(rows)
    fs = factor_set(set_id)
    base = account(table, fs)
    scaled = account(table.scaled(k), fs)
    for metric in METRICS:
        assert scaled.totals()[metric] == pytest.approx(k * base.totals()[metric], rel=1e-9, abs=1e-9), metric
    for entity, t in base.by_entity().items():
        for metric in METRICS:
            assert scaled.by_entity()[entity][metric] == pytest.approx(k * t[metric], rel=1e-9, abs=1e-9)


def _same_results_per_entity(rows: list[dict[str, Any]], set_id: str = "shanghai") -> None:
    """Each row is its own entity; every entity's metrics must be equal."""
    by_entity = _account(rows, set_id).by_entity()
    assert len(by_entity) == len(rows)
    first, *others = by_entity.values()
    for other in others:
        for metric in METRICS:
            assert other[metric] == pytest.approx(first[metric], rel=1e-9, abs=1e-12), metric


AMOUNTS = st.floats(min_value=0, max_value=1e8, allow_nan=False, allow_infinity=False)


@SETTINGS
@given(kwh=AMOUNTS, period=st.sampled_from(PERIODS), green=FLAG, renewable=FLAG, set_id=SETS)
def test_electricity_spellings_agree(kwh: float, period: str, green: str, renewable: str, set_id: str) -> None:
    spellings = [("kWh", 1), ("千瓦时", 1), ("度", 1), ("kW·h", 1), ("KWH", 1), ("MWh", 1e3), ("兆瓦时", 1e3),
                 ("GWh", 1e6), ("万kWh", 1e4), ("万千瓦时", 1e4), ("万度", 1e4), ("10^4 kWh", 1e4), ("亿kWh", 1e8)]
    _same_results_per_entity([
        record("electricity", kwh / per, unit, period=period, entity=unit, green_power=green, renewable=renewable)
        for unit, per in spellings
    ], set_id)


@SETTINGS
@given(m3=AMOUNTS, code=st.sampled_from(["natural_gas", "coke_oven_gas"]), use=st.sampled_from(["fuel", "feedstock"]))
def test_volume_spellings_agree(m3: float, code: str, use: str) -> None:
    spellings = [("m3", 1), ("m³", 1), ("立方米", 1), ("Nm3", 1), ("标方", 1), ("万m3", 1e4), ("万立方米", 1e4),
                 ("万方", 1e4), ("亿m3", 1e8), ("亿立方米", 1e8)]
    _same_results_per_entity([record(code, m3 / per, unit, entity=unit, use=use) for unit, per in spellings])


@SETTINGS
@given(tonnes=AMOUNTS, code=st.sampled_from([*sorted(COMBUSTION - {"natural_gas", "coke_oven_gas"}), "steam"]))
def test_mass_spellings_agree(tonnes: float, code: str) -> None:
    spellings = [("t", 1), ("吨", 1), ("tonnes", 1), ("kg", 1e-3), ("千克", 1e-3), ("公斤", 1e-3), ("万t", 1e4),
                 ("万吨", 1e4)]
    _same_results_per_entity([record(code, tonnes / per, unit, entity=unit) for unit, per in spellings])


@SETTINGS
@given(gj=AMOUNTS, period=st.sampled_from(PERIODS), set_id=SETS)
def test_heat_spellings_agree(gj: float, period: str, set_id: str) -> None:
    # heat meters also read kWh/MWh: 1 MWh = 3.6 GJ
    spellings = [("GJ", 1), ("吉焦", 1), ("MJ", 1e-3), ("兆焦", 1e-3), ("TJ", 1e3), ("MWh", 3.6), ("kWh", 3.6e-3)]
    _same_results_per_entity([record("heat", gj / per, unit, period=period, entity=unit) for unit, per in spellings],
                             set_id)


@SETTINGS
@given(tonnes=AMOUNTS, set_id=SETS)
def test_steam_in_tonnes_agrees_with_steam_in_heat(tonnes: float, set_id: str) -> None:
    # low-pressure steam carries 3.763 GJ/t (GB/T 2589-2020 附录A)
    _same_results_per_entity([
        record("steam", tonnes, "t", entity="t"),
        record("steam", tonnes * 3.763, "GJ", entity="GJ"),
        record("steam", tonnes * 3763, "MJ", entity="MJ"),
    ], set_id)
