"""Meters and units imported with the names people write: 电力, 天然气, 万立方米; an unknown energy type,
unit or town is refused with the list of accepted ones."""

from __future__ import annotations

import pytest

from carbonpeak.monitoring.registry.parsing import check_meter_rows, check_unit_rows
from tests.monitoring.pure.test_registry_meters import GOOD, UNITS


def test_chinese_energy_types_and_units() -> None:
    rows = [{**GOOD, "code": "E", "energy_type": "电力", "unit": "万千瓦时"},
            {**GOOD, "code": "G", "energy_type": "Natural gas", "unit": "万立方米"},
            {**GOOD, "code": "S", "energy_type": "蒸汽", "unit": "吨"}]
    good, errors = check_meter_rows(rows, UNITS)
    assert errors == []
    assert [(m.energy_type, m.unit) for m in good] == [
        ("electricity", "万kWh"), ("natural_gas", "万m3"), ("steam", "t")]


def test_unknown_energy_type_and_unit_list_the_accepted_ones() -> None:
    _, errors = check_meter_rows([{**GOOD, "energy_type": "沼气", "unit": "桶"}], UNITS)
    by_field = {e.field: e for e in errors}
    assert by_field["energy_type"].reason_zh.startswith("未知能源品种「沼气」，可填：电力、热力、蒸汽、原煤")
    assert "accepted: Electricity, Heat" in by_field["energy_type"].reason_en
    assert "可填：千瓦时" in by_field["unit"].reason_zh and "万立方米" in by_field["unit"].reason_zh


def test_an_unknown_town_lists_the_towns() -> None:
    row = {"code": "U9", "name": "演示", "uscc": "91310116MA1J00000Y", "industry_code": "2614", "town": "火星镇",
           "data_center": "否"}
    _, errors = check_unit_rows([row], towns=("枫泾镇", "朱泾镇"))
    (error,) = errors
    assert error.field == "town" and error.reason_zh.endswith("可填：枫泾镇、朱泾镇")


@pytest.mark.parametrize(("written", "role"), [
    ("IT load", "it_load"), ("it load", "it_load"), ("IT-Load", "it_load"), ("IT负载", "it_load"),
    ("it_load", "it_load"),
    ("Total", "total"), ("TOTAL", "total"), ("总表", "total"),
    ("Sub-meter", "sub_meter"), ("sub meter", "sub_meter"), ("SUB_METER", "sub_meter"), ("分表", "sub_meter"),
])
def test_a_meter_role_as_an_english_reader_writes_it(written: str, role: str) -> None:
    good, errors = check_meter_rows([{**GOOD, "unit_code": "DC1", "role": written}], UNITS, data_centre_units=("DC1",))
    assert errors == [] and [m.role.value for m in good] == [role]


def test_an_unknown_role_lists_the_roles_by_name_in_each_language() -> None:
    _, errors = check_meter_rows([{**GOOD, "role": "main", "kind": "Interval"}], UNITS)
    (error,) = errors
    assert error.field == "role"
    assert error.reason_zh == "应为 总表、IT负载、分表 之一：「main」"
    assert error.reason_en == "must be one of Total, IT load, Sub-meter: 'main'"
