"""Which filing-deadline reminders are due (报送期限提醒): pure rules, no Django.

A unit's reports of a year are due on `Catalogue.due_on(year)` (products.yaml). A report not yet with the office
(none opened, a draft, or returned) gets one reminder per stage: 30 days before the deadline, 7 days before, and
once overdue. Only the latest stage reached is sent (a job that did not run for a while does not send stale
reminders), and each stage once: its key names unit, report, year and stage.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from carbonpeak.enterprise.vocabulary import ReportPart


class Stage(StrEnum):
    DAYS_30 = "30d"
    DAYS_7 = "7d"
    OVERDUE = "overdue"


# Days before the deadline from which each stage is due, latest first (checked in this order).
_FROM: tuple[tuple[Stage, int], ...] = ((Stage.OVERDUE, -1), (Stage.DAYS_7, 7), (Stage.DAYS_30, 30))


@dataclass(frozen=True)
class Pending:
    """A report of a unit and year that is not with the office yet."""

    unit: str
    unit_name: str
    part: ReportPart
    year: int
    due: dt.date


@dataclass(frozen=True)
class Due:
    pending: Pending
    stage: Stage
    days_left: int

    @property
    def key(self) -> str:
        p = self.pending
        return f"enterprise.due:{p.unit}:{p.part.value}:{p.year}:{self.stage.value}"

    def text(self, english: bool) -> str:
        p = self.pending
        what_zh = "能源利用状况报告" if p.part is ReportPart.ENERGY else "温室气体排放报告"
        what_en = "energy-use report" if p.part is ReportPart.ENERGY else "GHG report"
        if self.stage is Stage.OVERDUE:
            return (f"{p.unit_name} {p.year} {what_en} was due on {p.due.isoformat()} and is overdue." if english else
                    f"{p.unit_name} {p.year}年度{what_zh}已于 {p.due.isoformat()} 到期，尚未报送。")
        if english:
            return f"{p.unit_name} {p.year} {what_en} is due on {p.due.isoformat()} ({self.days_left} days left)."
        return f"{p.unit_name} {p.year}年度{what_zh}将于 {p.due.isoformat()} 到期（剩 {self.days_left} 天）。"


def stage_on(today: dt.date, due: dt.date) -> Stage | None:
    """The latest stage reached on `today`, or None before the first."""
    days = (due - today).days
    for stage, from_days in _FROM:
        if days <= from_days:
            return stage
    return None


def reminders_due(pending: list[Pending], today: dt.date, sent: set[str]) -> list[Due]:
    """The reminders to send today: the latest stage of each pending report, unless sent before."""
    out = []
    for p in pending:
        stage = stage_on(today, p.due)
        if stage is None:
            continue
        due = Due(p, stage, (p.due - today).days)
        if due.key not in sent:
            out.append(due)
    return out
