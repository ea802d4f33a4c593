"""A factor as readers see it: subject, parameter and unit by their names, doubts and sources in the reader's
language, and the digest (the label results cite) untouched by those translations."""

from __future__ import annotations

import dataclasses

import pytest

from carbonpeak.accounting.factor_names import factor_line, parameter_name, subject_name
from carbonpeak.accounting.factor_sets import Factor, Parameter, bundled_factor_sets, resolve
from carbonpeak.common.measures import unit_words

# The labels before the readers' columns were added (commit eb63a03): a translation must not move them.
LABELS = {"shanghai": "shanghai@2026-11#5305f3c37846"}
DIGESTS = {"cn-national": "843744ecca7c", "shanghai": "65baff5d2342"}


@pytest.mark.parametrize(("expression", "zh", "en"), [
    ("t_CO2/(1e4*kWh)", "吨二氧化碳/万千瓦时", "t CO₂/10⁴ kWh"),
    ("t_C/TJ", "吨碳/太焦", "t C/TJ"),
    ("kg_CO2/kWh", "千克二氧化碳/千瓦时", "kg CO₂/kWh"),
    ("kgce/m3", "千克标准煤/立方米", "kgce/m³"),
    ("GJ/(1e4*m3)", "吉焦/万立方米", "GJ/10⁴ m³"),
    ("t_CO2/ha/a", "吨二氧化碳/公顷/年", "t CO₂/ha/a"),
    ("tce/(1e4*CNY)", "吨标准煤/万元", "tce/10⁴ CNY"),
    ("1e8*kWh", "亿千瓦时", "10⁸ kWh"),
    ("1", "", ""),
])
def test_units_read_in_words(expression: str, zh: str, en: str) -> None:
    assert unit_words(expression) == zh
    assert unit_words(expression, english=True) == en


@pytest.mark.parametrize("expression", ["furlong/fortnight", "3*kg", "t_CO2/(7*kWh)", "((", "kWh**5"])
def test_a_unit_without_words_is_none(expression: str) -> None:
    assert unit_words(expression) is None


def test_every_bundled_factor_reads_in_both_languages() -> None:
    for spec in bundled_factor_sets().values():
        for row in spec.rows:
            here = f"{spec.id} {row.subject}.{row.parameter} {row.valid_from}"
            for english in (False, True):
                assert subject_name(row.subject, english) != row.subject, here
                assert parameter_name(str(row.parameter), english) != str(row.parameter), here
                assert unit_words(row.unit, english) is not None, here
            assert bool(row.doubt) == bool(row.doubt_zh), here
            # A source or a place in it written in Chinese has its English description, and the other way round.
            has_han = any("\u4e00" <= ch <= "\u9fff" for ch in row.standard)
            assert bool(row.standard_en) == has_han, here
            if row.table:
                table_han = any("\u4e00" <= ch <= "\u9fff" for ch in row.table)
                assert bool(row.table_en if table_han else row.table_zh), here


def test_every_parameter_has_names() -> None:
    for parameter in Parameter:
        assert parameter_name(parameter) != parameter.value
        assert parameter_name(parameter, english=True) != parameter.value


def test_translations_leave_the_digest_and_the_label_alone() -> None:
    specs = bundled_factor_sets()
    assert {k: s.digest() for k, s in specs.items()} == DIGESTS
    assert resolve("shanghai", specs).label() == LABELS["shanghai"]
    for spec in specs.values():
        bare = dataclasses.replace(spec, rows=tuple(
            dataclasses.replace(r, doubt_zh="", standard_en="", table_en="", table_zh="") for r in spec.rows))
        assert bare.digest() == spec.digest()
        assert bare.translations() != spec.translations()
    # The English doubt, a source, a value: each moves the digest.
    row = specs["shanghai"].rows[0]
    for change in ({"doubt": "x"}, {"standard": "x"}, {"value": 7.89}):
        moved = dataclasses.replace(specs["shanghai"], rows=(dataclasses.replace(row, **change),
                                                             *specs["shanghai"].rows[1:]))
        assert moved.digest() != specs["shanghai"].digest()


def test_a_line_in_each_language() -> None:
    specs = bundled_factor_sets()
    row = next(r for r in specs["shanghai"].rows if r.value == 4.2)
    zh = factor_line(Factor(row, "shanghai"), set_name="上海市现行因子")
    assert (zh.subject, zh.parameter, zh.unit) == ("电力", "排放因子", "吨二氧化碳/万千瓦时")
    assert zh.doubt.startswith("通知日期为2022年2月11日") and zh.standard == "沪环气〔2022〕34号"
    assert (zh.standard_note, zh.table_note) == ("", "")
    en = factor_line(Factor(row, "shanghai"), english=True)
    assert (en.subject, en.parameter, en.unit) == ("Electricity", "Emission factor", "t CO₂/10⁴ kWh")
    assert en.doubt.startswith("Notice dated 2022-02-11") and en.standard == "沪环气〔2022〕34号"
    assert en.standard_note.startswith("Shanghai Municipal Bureau of Ecology and Environment")
    assert en.table == "外购电力排放因子" and en.table_note == "Emission factor of purchased electricity"
    gwp = next(r for r in specs["cn-national"].rows if r.subject == "ch4")
    zh_gwp = factor_line(Factor(gwp, "cn-national"))
    assert (zh_gwp.subject, zh_gwp.unit, zh_gwp.table) == ("甲烷（CH₄）", "", "第8章 表8.7（GWP100）")
    assert zh_gwp.table_as_written == "Chapter 8 Table 8.7 (GWP100)"
    assert (zh_gwp.value_shown, zh.value_shown) == ("28", "4.2")
    assert factor_line(Factor(gwp, "cn-national"), english=True).table == "Chapter 8 Table 8.7 (GWP100)"


def test_a_users_own_codes_show_as_written() -> None:
    row = bundled_factor_sets()["shanghai"].rows[0]
    mine = dataclasses.replace(row, subject="biogas", unit="t_CO2/(7*kWh)", doubt="only English", doubt_zh="")
    line = factor_line(Factor(mine, "mine"))
    assert (line.subject, line.unit, line.doubt, line.set_name) == ("biogas", "t_CO2/(7*kWh)", "only English", "mine")
