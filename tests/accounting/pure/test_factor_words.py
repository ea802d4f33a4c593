"""A factor-set row may name its subject, parameter and unit as people write them (电力 · 排放因子 ·
吨二氧化碳/万千瓦时, or Electricity · Emission factor · t CO₂/10⁴ kWh): the codes are stored, the bundled sets'
digests do not move, and an unknown name is refused with the accepted names in Chinese and in English."""

from __future__ import annotations

import pytest

from carbonpeak.accounting.factor_sets import Parameter, bundled_factor_sets, parse_manifest, parse_rows
from carbonpeak.accounting.factor_words import PARAMETER_VOCABULARY, read_unit
from carbonpeak.accounting.issues import AccountingInputError
from carbonpeak.common.measures import registry, unit_words

HEADER = "subject,parameter,value,unit,standard\n"


def test_the_parameter_names_cover_every_parameter() -> None:
    assert PARAMETER_VOCABULARY.codes() == [str(p) for p in Parameter]


@pytest.mark.parametrize("line", [
    "电力,排放因子,4.2,吨二氧化碳/万千瓦时,区统计局",
    "Electricity,Emission factor,4.2,t CO₂/10⁴ kWh,district statistics",
    "外购电力,二氧化碳排放因子,4.2,吨CO2/万度,区统计局",
    "electricity,emission_factor,4.2,t_CO2/(1e4*kWh),区统计局",
])
def test_a_row_in_names_is_stored_in_codes(line: str) -> None:
    (row,) = parse_rows(HEADER + line + "\n", "mine.csv")
    assert (row.subject, row.parameter, row.value, row.unit) == (
        "electricity", Parameter.EMISSION_FACTOR, 4.2, "t_CO2/(1e4*kWh)")


@pytest.mark.parametrize(("line", "stored"), [
    ("原煤,平均低位发热量,20.908,吉焦/吨,x", ("raw_coal", "ncv", "GJ/t")),
    ("天然气,平均低位发热量,389.31,吉焦/万立方米,x", ("natural_gas", "ncv", "GJ/(1e4*m3)")),
    ("Natural gas,Net calorific value,389.31,GJ/10⁴ m³,x", ("natural_gas", "ncv", "GJ/(1e4*m3)")),
    ("天然气,碳氧化率,0.99,无量纲,x", ("natural_gas", "oxidation", "1")),
    ("甲烷,全球增温潜势,28,1,x", ("ch4", "gwp", "1")),
    ("林地,单位面积碳汇量,5,吨二氧化碳/公顷/年,x", ("forest", "sink_rate", "t_CO2/ha/a")),
    ("柴油,单位热值含碳量,20.2,吨碳/太焦,x", ("diesel", "carbon_content", "t_C/TJ")),
])
def test_other_subjects_parameters_and_units_by_name(line: str, stored: tuple[str, str, str]) -> None:
    (row,) = parse_rows(HEADER + line + "\n", "mine.csv")
    assert (row.subject, str(row.parameter), row.unit) == stored


def test_every_bundled_unit_reads_back_from_its_words_in_both_languages() -> None:
    ureg = registry()
    units = {r.unit for spec in bundled_factor_sets().values() for r in spec.rows}
    for unit in units:
        for english in (False, True):
            words = unit_words(unit, english) or "1"
            read = read_unit(words)
            assert ureg.parse_expression(read) == ureg.parse_expression(unit), (unit, words, read)
        assert read_unit(unit) == unit  # a code stays exactly as written: the digests hash it


def test_the_bundled_digests_do_not_move() -> None:
    specs = bundled_factor_sets()
    assert {k: s.digest() for k, s in specs.items()} == {"cn-national": "843744ecca7c", "shanghai": "65baff5d2342"}


def issues_of(line: str) -> dict[str, str]:
    with pytest.raises(AccountingInputError) as caught:
        parse_rows(HEADER + line + "\n", "mine.csv")
    return {i.field: i.reason for i in caught.value.issues}


def test_unknown_names_are_refused_with_the_accepted_ones_in_both_languages() -> None:
    found = issues_of("氢气,排放银子,1,马力,x")
    zh, en = found["subject"].split(" / ", 1)
    assert zh.startswith("未知对象「氢气」，可填：电力、热力、蒸汽、原煤") and "天然气" in zh and "甲烷（CH₄）" in zh
    assert en.startswith("unknown subject '氢气'; accepted: Electricity, Heat, Steam, Raw coal") and "_" not in en
    zh, en = found["parameter"].split(" / ", 1)
    assert zh.startswith("未知参数「排放银子」，可填：折标准煤系数（当量值）") and "排放因子" in zh
    assert "unknown parameter '排放银子'; accepted: Standard-coal coefficient" in en and "Emission factor" in en
    assert "_" not in en


def test_an_unknown_unit_is_refused_with_how_units_are_written() -> None:
    reason = issues_of("电力,排放因子,4.2,马力/万千瓦时,x")["unit"]
    zh, en = reason.split(" / ", 1)
    assert zh.startswith("无法识别的单位「马力/万千瓦时」") and "吨二氧化碳/万千瓦时" in zh and "千瓦时" in zh
    assert en.startswith("unknown unit '马力/万千瓦时'") and "t CO₂/10⁴ kWh" in en


def test_a_unit_in_names_that_does_not_suit_is_refused_in_names() -> None:
    reason = issues_of("电力,排放因子,4.2,吉焦/吨,x")["unit"]
    assert "不适用于电力的排放因子" in reason and "the emission factor of Electricity" in reason


def test_an_inline_manifest_in_chinese_reads() -> None:
    spec = parse_manifest({"id": "mine", "name": "我的", "rows": [
        {"subject": "天然气", "parameter": "排放因子", "value": 21.6, "unit": "吨二氧化碳/万立方米", "standard": "x"},
        {"subject": "原煤", "parameter": "折标准煤系数（当量值）", "value": 0.7143, "unit": "千克标准煤/千克",
         "standard": "x"},
    ]}, "mine.yaml", None)
    assert [(r.subject, str(r.parameter), r.unit) for r in spec.rows] == [
        ("natural_gas", "emission_factor", "t_CO2/(1e4*m3)"), ("raw_coal", "coal_coefficient", "kgce/kg")]
