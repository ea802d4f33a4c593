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


# A round's name in the reader's language. The demo (and an office following its habit) names a round by
# its period only ("2026年上半年", code "2026-h1"); such a name is the period, so an English page says
# "first half of 2026". Any other name was typed by the office and stays as typed.
_ORDINALS = ("first", "second", "third", "fourth")
_ZH_QUARTERS = ("一", "二", "三", "四")
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")
_CODE_PERIOD = re.compile(r"^(19\d\d|2[01]\d\d)(?:[-_ ]?([HhQq])([1-4])|-(1[0-2]|0?[1-9]))?$")


def _period_names(year: int, kind: str, n: int) -> tuple[str, str]:
    """(Chinese, English) name of a period: kind "h" (half, n 1–2), "q" (quarter), "m" (month) or "y"."""
    if kind == "h":
        return f"{year}年{'上' if n == 1 else '下'}半年", f"{_ORDINALS[n - 1]} half of {year}"
    if kind == "q":
        return f"{year}年第{_ZH_QUARTERS[n - 1]}季度", f"{_ORDINALS[n - 1]} quarter of {year}"
    if kind == "m":
        return f"{year}年{n}月", f"{_MONTHS_EN[n - 1]} {year}"
    return f"{year}年", str(year)


def _code_period(code: str) -> tuple[int, str, int] | None:
    m = _CODE_PERIOD.match(code.strip())
    if m is None:
        return None
    year = int(m.group(1))
    if m.group(2):
        kind = m.group(2).lower()
        if kind == "h" and int(m.group(3)) > 2:
            return None
        return year, kind, int(m.group(3))
    if m.group(4):
        return year, "m", int(m.group(4))
    return year, "y", 0


def _name_period(name: str) -> tuple[int, str, int] | None:
    """The period a name that is nothing but a period's Chinese name states (2025年第三季度, 2025年3季度)."""
    text = name.replace(" ", "")
    m = _HALF.fullmatch(text)
    if m:
        return int(m.group(1)), "h", 1 if m.group(2) == "上" else 2
    m = _QUARTER[1].fullmatch(text)
    if m:
        return int(m.group(1)), "q", _CHINESE_DIGITS[m.group(2)]
    m = _MONTH.fullmatch(text)
    if m:
        return int(m.group(1)), "m", int(m.group(2))
    return None


def round_title(code: str, name: str, *, english: bool) -> str:
    """The round's name as a reader of that language reads it: rendered from its period when the stored name
    is just that period's name (in either language, spaces aside; the period the code states, 2026-h1, or
    the name's own); any other name stays as the office typed it."""
    typed = re.sub(r"\s+", " ", (name or "").strip())
    from_name = _name_period(typed)
    period = _code_period(code or "")
    if period is None or (from_name is not None and from_name != period):
        period = from_name
    if period is None:
        return name
    zh, en = _period_names(*period)
    if from_name != period and typed.lower() != en.lower():
        return name
    return en if english else zh
