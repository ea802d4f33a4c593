"""Importing meters: each must measure an energy the accounting engine counts, in a unit it accepts."""

from __future__ import annotations

import pytest

from carbonpeak.monitoring.registry.parsing import check_meter_rows
from carbonpeak.monitoring.vocabulary import MeterKind, MeterRole

UNITS = ("U1", "DC1")
GOOD = {"code": "U1-E1", "unit_code": "U1", "energy_type": "electricity", "unit": "千瓦时", "kind": "cumulative",
        "multiplier": "200", "role": "total"}


def check(*rows: dict[str, object]) -> tuple[list[str], list[tuple[int, str]]]:
    good, errors = check_meter_rows(rows, UNITS, data_centre_units=("DC1",))
    return [m.code for m in good], [(e.row, e.field) for e in errors]


def test_a_good_meter_with_defaults() -> None:
    good, errors = check_meter_rows([GOOD], UNITS)
    assert errors == []
    meter = good[0]
    assert (meter.unit, meter.kind, meter.multiplier, meter.role, meter.interval_s) == (
        "kWh", MeterKind.CUMULATIVE, 200.0, MeterRole.TOTAL, 900)
    assert (meter.register_max, meter.minimum, meter.maximum) == (None, None, None)


def test_gas_by_its_chinese_name_and_optional_columns() -> None:
    row = {**GOOD, "code": "U1-G1", "energy_type": "天然气", "unit": "m³", "multiplier": 1, "interval_s": "3600",
           "register_max": "999999.99", "minimum": "0", "maximum": "500"}
    good, errors = check_meter_rows([row], UNITS)
    assert errors == []
    assert (good[0].energy_type, good[0].unit, good[0].interval_s, good[0].register_max) == (
        "natural_gas", "m3", 3600, 999999.99)


def test_an_it_load_meter_on_a_data_centre() -> None:
    assert check({**GOOD, "code": "DC1-IT", "unit_code": "DC1", "role": "it_load"}) == (["DC1-IT"], [])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"unit_code": "U9"}, "unit_code"),
        ({"energy_type": "moonlight"}, "energy_type"),
        ({"unit": "m3"}, "unit"),  # electricity is not metered by volume
        ({"unit": "furlong"}, "unit"),
        ({"kind": "both"}, "kind"),
        ({"multiplier": "0"}, "multiplier"),
        ({"multiplier": ""}, "multiplier"),
        ({"role": "main"}, "role"),
        ({"role": "it_load"}, "role"),  # U1 is not a data centre
        ({"interval_s": "700"}, "interval_s"),
        ({"interval_s": "900.5"}, "interval_s"),
        ({"register_max": "-1"}, "register_max"),
        ({"kind": "interval", "register_max": "99999"}, "register_max"),
        ({"minimum": "10", "maximum": "1"}, "minimum"),
        ({"code": ""}, "code"),
    ],
)
def test_each_bad_meter_cell_is_refused(change: dict[str, object], field: str) -> None:
    assert check({**GOOD, **change}) == ([], [(2, field)])


def test_an_it_load_meter_must_measure_electricity() -> None:
    row = {**GOOD, "unit_code": "DC1", "role": "it_load", "energy_type": "natural_gas", "unit": "m3"}
    assert check(row) == ([], [(2, "role")])


def test_a_meter_code_twice_and_good_rows_kept() -> None:
    assert check(GOOD, GOOD, {**GOOD, "code": "U1-E2"}) == (["U1-E1", "U1-E2"], [(3, "code")])
