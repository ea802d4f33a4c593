"""Reporting periods as people write them (2023, 2023-05, 2023-Q2, 2023-05-01; in Chinese 2023年, 2023年5月,
2023年第二季度, 2023年5月1日) and the years allowed.

Pure module (no Django). Activity records, indicator observations and project reviews name their
period this way; factors are chosen by the day a period starts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period as written (2023, 2023-05, 2023-Q2, 2023-05-01) and the day it starts.

    Factors are chosen by the day a period starts.
    """

    start: date
    label: str

    @property
    def year(self) -> int:
        return self.start.year


_PERIOD_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(\d{4})(?:年度?)?$"), "year"),
    (re.compile(r"^(\d{4})-?[Qq]([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})-(\d{1,2})$"), "month"),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), "day"),
    # As Chinese is written: 2025年第二季度 / 2025年二季度 / 2025年第2季度 / 2025年Q2, 2025年6月, 2025年6月1日.
    (re.compile(r"^(\d{4})年(?:第?([1-4一二三四])季度|[Qq]([1-4]))$"), "quarter_zh"),
    (re.compile(r"^(\d{4})年(\d{1,2})月(?:份)?$"), "month"),
    (re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"), "day"),
)
_CHINESE_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4}


MIN_YEAR, MAX_YEAR = 1900, 2200


def parse_period(text: str) -> Period:
    """Raise ValueError (with the reason in zh / en) if the text is not a period."""
    # Full-width figures and letters (２０２５年６月, Ｑ２) as their ASCII forms; spaces inside are dropped.
    cleaned = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    for pattern, kind in _PERIOD_PATTERNS:
        match = pattern.match(cleaned)
        if not match:
            continue
        year = int(match.group(1))
        if not MIN_YEAR <= year <= MAX_YEAR:
            break
        if kind == "year":
            return Period(date(year, 1, 1), f"{year}")
        if kind in ("quarter", "quarter_zh"):
            written = next(g for g in match.groups()[1:] if g)
            quarter = _CHINESE_QUARTERS.get(written) or int(written)
            return Period(date(year, 3 * quarter - 2, 1), f"{year}-Q{quarter}")
        month = int(match.group(2))
        if not 1 <= month <= 12:
            break
        if kind == "month":
            return Period(date(year, month, 1), f"{year}-{month:02d}")
        try:
            day = date(year, month, int(match.group(3)))
        except ValueError:
            break
        return Period(day, day.isoformat())
    raise ValueError(f"无法识别的期间 / not a period: '{text}' (2023, 2023-05, 2023-Q2, 2023-05-01)")
