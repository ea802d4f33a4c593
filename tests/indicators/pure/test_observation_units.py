"""Indicator values in the units people write (万千瓦, 吨标准煤/万元, ％); an unknown unit is refused
naming the units this indicator accepts."""

from __future__ import annotations

import pytest

from carbonpeak.indicators.observations import IndicatorInfo, accepted_units, check_rows, convert
from carbonpeak.plan.vocabulary import TargetKind

CATALOGUE = {
    "pv": IndicatorInfo("pv", "MW", frozenset({TargetKind.CUMULATIVE_ADDITION})),
    "share": IndicatorInfo("share", "percent", frozenset({TargetKind.LEVEL})),
    "intensity": IndicatorInfo("intensity", "tce_per_10k_cny", frozenset({TargetKind.LEVEL})),
}


@pytest.mark.parametrize(("value", "unit", "indicator_unit", "expected"), [
    (2, "万千瓦", "MW", 20.0), (2, "万 千瓦", "MW", 20.0), (5, "％", "percent", 5.0),
    (0.5, "吨标准煤/万元", "tce_per_10k_cny", 0.5), (500, "千克标准煤/万元", "tce_per_10k_cny", 0.5),
])
def test_chinese_units_convert(value: float, unit: str, indicator_unit: str, expected: float) -> None:
    assert convert(value, unit, indicator_unit) == pytest.approx(expected)


def test_an_import_row_in_chinese_units_is_kept() -> None:
    checked = check_rows([{"indicator": "pv", "period": "2023", "value": "3", "unit": "万千瓦"}], CATALOGUE)
    assert checked.issues == [] and checked.rows[0].value == pytest.approx(30.0)


def test_an_unknown_unit_lists_what_the_indicator_accepts() -> None:
    checked = check_rows([{"indicator": "pv", "period": "2023", "value": "3", "unit": "马力"}], CATALOGUE)
    (issue,) = checked.issues
    assert issue.field == "unit"
    assert "无法识别的单位「马力」，本指标可填：兆瓦、MW、万千瓦、千瓦、吉瓦" in issue.reason
    assert "this indicator accepts: 兆瓦, MW, 万千瓦" in issue.reason


def test_a_unit_that_does_not_convert_lists_the_ones_that_do() -> None:
    checked = check_rows([{"indicator": "share", "period": "2023", "value": "3", "unit": "万千瓦"}], CATALOGUE)
    (issue,) = checked.issues
    assert "不能换算" in issue.reason and "可填：%、percent、％、百分比" in issue.reason


def test_a_share_lists_only_percent_spellings() -> None:
    assert accepted_units("percent") == ("%", "percent", "％", "百分比")
