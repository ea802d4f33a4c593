"""The period a round reports on, read from its code or name (supervision.periods, pure)."""

from __future__ import annotations

from datetime import date

import pytest

from carbonpeak.plan.vocabulary import Cycle
from carbonpeak.supervision.periods import period_containing, round_period, round_title, stated_period_end

OPENED = date(2026, 1, 12)


@pytest.mark.parametrize(("code", "name", "end"), [
    ("2025-q3", "", date(2025, 9, 30)),
    ("t-2025Q4", "", date(2025, 12, 31)),
    ("r1", "2025年第三季度", date(2025, 9, 30)),
    ("r1", "2025年二季度调度", date(2025, 6, 30)),
    ("r1", "2024年11月调度", date(2024, 11, 30)),
    ("r1", "2025年上半年", date(2025, 6, 30)),
    ("r1", "2025年下半年", date(2025, 12, 31)),
    ("annual-2024", "年度总结", date(2024, 12, 31)),
    ("r1", "2024年度", date(2024, 12, 31)),
    ("e2e-2026-q4", "2026年第四季度（浏览器测试）", date(2026, 12, 31)),
])
def test_a_round_states_its_period_in_its_code_or_name(code: str, name: str, end: date) -> None:
    assert stated_period_end(code, name) == end


@pytest.mark.parametrize(("code", "name"), [("t-q4", "测试第四季度"), ("round12345", "第三季度"), ("r-1", "")])
def test_a_round_without_a_year_states_no_period(code: str, name: str) -> None:
    assert stated_period_end(code, name) is None


def test_the_code_is_read_before_the_name() -> None:
    assert stated_period_end("2024-q2", "2025年第三季度") == date(2024, 6, 30)


@pytest.mark.parametrize(("cycle", "label"), [(Cycle.YEAR, "2025"), (Cycle.QUARTER, "2025-Q3"),
                                              (Cycle.MONTH, "2025-09")])
def test_the_indicators_cycle_picks_the_period_containing_the_rounds_end(cycle: Cycle, label: str) -> None:
    assert round_period("2025-q3", "", OPENED, cycle) == label


def test_a_yearly_round_gives_a_quarterly_indicator_its_last_quarter() -> None:
    assert round_period("r", "2025年度", OPENED, Cycle.QUARTER) == "2025-Q4"


def test_without_a_stated_period_the_opening_day_counts() -> None:
    assert round_period("t-q4", "测试第四季度", OPENED, Cycle.YEAR) == "2026"
    assert period_containing(OPENED, Cycle.QUARTER) == "2026-Q1"
    assert period_containing(OPENED, Cycle.MONTH) == "2026-01"


@pytest.mark.parametrize(("code", "name", "zh", "en"), [
    ("2026-h1", "2026年上半年", "2026年上半年", "first half of 2026"),
    ("2025-h2", "2025年 下半年", "2025年下半年", "second half of 2025"),
    ("2025-q3", "2025年3季度", "2025年第三季度", "third quarter of 2025"),
    ("r1", "2025年第三季度", "2025年第三季度", "third quarter of 2025"),  # the name states the period itself
    ("2025-09", "2025年9月", "2025年9月", "September 2025"),
    ("2026-h1", "first half of 2026", "2026年上半年", "first half of 2026"),
    ("2025-q3", "2025年第三季度调度", "2025年第三季度调度", "2025年第三季度调度"),  # typed by the office: as typed
    ("t-q4", "测试第四季度", "测试第四季度", "测试第四季度"),
    ("2026-h1", "专项督查", "专项督查", "专项督查"),
])
def test_a_round_named_by_its_period_reads_in_the_readers_language(code: str, name: str, zh: str, en: str) -> None:
    assert round_title(code, name, english=False) == zh
    assert round_title(code, name, english=True) == en
