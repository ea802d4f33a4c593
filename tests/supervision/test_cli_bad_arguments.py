"""`carbonpeak supervision remind --today` and `supervision assess YEAR` given a date or a year out of range or
malformed: a message naming the argument and the reason in Chinese and English, exit status 2, no traceback."""

from __future__ import annotations

import re

import pytest

from carbonpeak.cli import main
from carbonpeak.plan.models import Plan

Capsys = pytest.CaptureFixture[str]


@pytest.mark.parametrize(("argv", "field", "reason"), [
    (["supervision", "remind", "--today", "0001-01-01"], "--today", "the year must be within 1900–2100"),
    (["supervision", "remind", "--today", "2026-13-01"], "--today", "must be a date"),
    (["supervision", "assess", "0"], "YEAR", "the year must be within 1900–2100"),
    (["supervision", "assess", "99999"], "YEAR", "the year must be within 1900–2100"),
])
def test_an_argument_out_of_range_exits_2(plan: Plan, capsys: Capsys, argv: list[str], field: str,
                                          reason: str) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith(f"{field}:") and reason in captured.err
    assert re.search("[\u4e00-\u9fff]", captured.err)  # said in Chinese too
    assert captured.out == ""
