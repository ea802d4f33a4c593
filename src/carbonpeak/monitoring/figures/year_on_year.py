"""Which months a year-on-year figure (同比) compares, and how the page names them.

Pure module (no Django). A year on year over a whole period reads a part year against a whole one as a
fall (metering began in November: −88.9 % against all of last year), and a month still under way as a drop.
So the figure compares only the months of the period that have data in both years and have ended
(issue 18, "one truth per figure"); with no such month there is no figure, and the page says why.
Last year has monthly rollups only, so a month is the finest unit compared.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class NoComparison(StrEnum):
    """Why no month is compared (the page's short reason, the API's `yoy_reason`)."""

    NO_COMMON_MONTH = "no_common_month"  # no month of the period has data in both years
    ONLY_RUNNING_MONTH = "only_running_month"  # the only months in both years are still under way


@dataclass(frozen=True)
class ComparedMonths:
    months: tuple[int, ...]  # 1…12, ascending: ended, with data this year and last year
    running_left_out: int | None  # the month under way, when it had data in both years and was left out
    reason: NoComparison | None  # set exactly when `months` is empty

    def runs(self) -> list[tuple[int, int]]:
        """The months as runs of consecutive months, first and last (one store read a run)."""
        return month_runs(self.months)


def compared_months(period: Iterable[int], this_year: Sequence[float | None], last_year: Sequence[float | None],
                    running: int | None = None) -> ComparedMonths:
    """The months of `period` (1…12) with data in both years (`this_year[m - 1]` and `last_year[m - 1]` not None),
    leaving out `running`, the month of this year still under way (None when none is)."""
    common = [m for m in sorted(set(period)) if this_year[m - 1] is not None and last_year[m - 1] is not None]
    left_out = running if running in common else None
    months = tuple(m for m in common if m != running)
    reason = None
    if not months:
        reason = NoComparison.ONLY_RUNNING_MONTH if left_out is not None else NoComparison.NO_COMMON_MONTH
    return ComparedMonths(months, left_out, reason)


def month_runs(months: Iterable[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for m in sorted(months):
        if runs and runs[-1][1] == m - 1:
            runs[-1] = (runs[-1][0], m)
        else:
            runs.append((m, m))
    return runs


def change(this_year: float, last_year: float) -> float | None:
    """The change on last year (0.05 = +5 %); None without a base."""
    return None if last_year <= 0 else this_year / last_year - 1


def months_text(months: Iterable[int], english: bool) -> str:
    """'1—10月、12月' / 'months 1–10, 12': the compared months as the reader names them (a Chinese range takes
    the em dash, GB/T 15834-2011, as the indicator sources write it; the English one the en dash)."""
    runs = month_runs(months)
    if english:
        words = [str(a) if a == b else f"{a}–{b}" for a, b in runs]
        return ("month " if runs and runs == [(runs[0][0], runs[0][0])] else "months ") + ", ".join(words)
    return "、".join(f"{a}月" if a == b else f"{a}—{b}月" for a, b in runs)
