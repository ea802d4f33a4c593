"""Activity records as people write them: 电力, 原煤, 天然气, 万千瓦时, Chinese column names; the unknown is
refused naming the field and listing what is accepted (common/names through accounting.catalogue)."""

from __future__ import annotations

import pytest

from carbonpeak.accounting.activity import activity_from_records, read_activity_csv
from carbonpeak.accounting.issues import AccountingInputError


def test_chinese_names_and_units_read_as_the_codes() -> None:
    table = read_activity_csv("主体,期间,能源品种,数量,计量单位,用途\n"
                              "甲,2023,电力,1,万千瓦时,\n甲,2023,原煤,2,吨,原料\n甲,2023,天然气,3,万立方米,燃料\n")
    assert table.energy_types == ["electricity", "raw_coal", "natural_gas"]
    assert table.units == ["万kWh", "t", "万m3"]
    assert list(table.feedstock) == [False, True, False]


@pytest.mark.parametrize(("typed", "code"), [("Electricity", "electricity"), ("NATURAL GAS", "natural_gas"),
                                             ("natural-gas", "natural_gas"), ("液化气", "lpg"), ("LNG", "lng")])
def test_english_names_and_common_spellings_are_read(typed: str, code: str) -> None:
    unit = "kWh" if code == "electricity" else ("m3" if code == "natural_gas" else "t")
    table = activity_from_records([{"entity": "A", "period": "2023", "energy_type": typed, "quantity": 1,
                                    "unit": unit}])
    assert table.energy_types == [code]


def test_an_unknown_energy_type_is_refused_with_the_accepted_names() -> None:
    with pytest.raises(AccountingInputError) as caught:
        read_activity_csv("entity,period,energy_type,quantity,unit\nA,2023,煤气,1,t\n")
    (issue,) = caught.value.issues
    assert issue.field == "energy_type"
    assert "未知能源品种「煤气」，可填：电力、热力、蒸汽、原煤" in issue.reason
    assert "accepted: Electricity, Heat, Steam, Raw coal" in issue.reason


def test_an_unknown_unit_is_refused_with_the_accepted_units() -> None:
    with pytest.raises(AccountingInputError) as caught:
        read_activity_csv("entity,period,energy_type,quantity,unit\nA,2023,柴油,1,桶\n")
    (issue,) = caught.value.issues
    assert issue.field == "unit"
    assert "无法识别的单位「桶」，可填：千瓦时、兆瓦时" in issue.reason and "万立方米" in issue.reason


def test_a_unit_of_the_wrong_kind_lists_the_units_that_fit() -> None:
    with pytest.raises(AccountingInputError) as caught:
        read_activity_csv("entity,period,energy_type,quantity,unit\nA,2023,电力,1,吨\n")
    (issue,) = caught.value.issues
    assert "可填：千瓦时、兆瓦时、吉瓦时、万千瓦时、亿千瓦时" in issue.reason
    assert "accepted: kWh, MWh, GWh, 万kWh, 亿kWh" in issue.reason
