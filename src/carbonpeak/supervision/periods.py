"""Which period a dispatch round reports on, and the matching period of an indicator.

Pure module (no Django). A round has no period field: the office names it ("2025年第三季度",
code "2025-q3"). When a report's stated quantity becomes an indicator's observation it needs a
period; the default is the indicator's period (by its reporting cycle) that contains the
round's *reference day*: the last day of the period the round's code or name states, or, when
it states none, the day the round was opened (a round asks how things stand while it runs).
The office sees this default and may change it before accepting.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from carbonpeak.plan.vocabulary import Cycle

_CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

# Most precise first; a four-digit number 1900–2199 standing alone counts as a year.
_QUARTER = (re.compile(r"(?<!\d)(19\d\d|2[01]\d\d)[-_ ]?[Qq]([1-4])(?!\d)"),
            re.compile(r"(?<!\d)(19\d\d|2[01]\d\d)年第?([一二三四1-4])季度"))
_MONTH = re.compile(r"(?<!\d)(19\d\d|2[01]\d\d)年(1[0-2]|0?[1-9])月")
_HALF = re.compile(r"(?<!\d)(19\d\d|2[01]\d\d)年(上|下)半年")
_YEAR = re.compile(r"(?<!\d)(19\d\d|2[01]\d\d)(?!\d)")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def stated_period_end(*texts: str) -> date | None:
    """The last day of the period the first text that names one states (code, then name)."""
    for text in texts:
        for pattern in _QUARTER:
            m = pattern.search(text)
            if m:
                return _month_end(int(m.group(1)), 3 * _CHINESE_DIGITS[m.group(2)])
        m = _MONTH.search(text)
        if m:
            return _month_end(int(m.group(1)), int(m.group(2)))
        m = _HALF.search(text)
        if m:
            return _month_end(int(m.group(1)), 6 if m.group(2) == "上" else 12)
        m = _YEAR.search(text)
        if m:
            return date(int(m.group(1)), 12, 31)
    return None


def period_containing(day: date, cycle: Cycle) -> str:
    """The label of the indicator period (2025, 2025-Q3, 2025-09) that contains `day`."""
    if cycle is Cycle.QUARTER:
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if cycle is Cycle.MONTH:
        return f"{day.year}-{day.month:02d}"
    return str(day.year)


def round_period(code: str, name: str, opened_on: date, cycle: Cycle) -> str:
    """The default period for a quantity reported in a round (see the module docstring)."""
    return period_containing(stated_period_end(code, name) or opened_on, cycle)
