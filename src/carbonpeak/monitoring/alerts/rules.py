"""When the monitoring room raises an alert: silence, low completeness, PUE above its limit, budget pace.

Pure module (no Django). Each rule is a small function of plain numbers; each `*_finding` builder
returns an `AlertFinding` (kind, subject, value, limit, message in Chinese and English) or None,
which the Django side records as an alert (and closes when the finding goes away). Settings are
data (`alerts.yaml`), each with why; docs/methodology/monitoring.md ("Alerts") has the sources.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from carbonpeak.common.figures import Kind, format_figure
from carbonpeak.common.localtime import LOCAL as _LOCAL
from carbonpeak.common.yaml_files import parse_yaml
from carbonpeak.monitoring.figures.pue import pue_limit, pue_limits
from carbonpeak.monitoring.readings.rollup_math import year_bounds
from carbonpeak.monitoring.vocabulary import AlertKind, DataCentreStage

ALERTS_FILE = Path(__file__).with_name("alerts.yaml")


@dataclass(frozen=True)
class AlertSettings:
    max_silence_s: int
    completeness_threshold: float
    budget_tolerance: float
    budget_min_elapsed_share: float


@cache
def alert_settings() -> AlertSettings:
    raw: dict[str, Any] = parse_yaml(ALERTS_FILE.read_text(encoding="utf-8"))
    return AlertSettings(
        max_silence_s=int(raw["silence"]["max_silence_s"]),
        completeness_threshold=float(raw["completeness"]["threshold"]),
        budget_tolerance=float(raw["budget"]["tolerance"]),
        budget_min_elapsed_share=float(raw["budget"]["min_elapsed_share"]),
    )


@dataclass(frozen=True)
class AlertFinding:
    """Something the Django side turns into an Alert row: what, about whom, the figure and its limit."""

    kind: AlertKind
    subject: str  # a unit code (or "unit-code/2024-07" style, as the caller chooses)
    value: float | None
    limit: float | None
    message_zh: str
    message_en: str

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind.value, "subject": self.subject, "value": self.value, "limit": self.limit,
                "message": self.message_zh, "message_en": self.message_en}


def local_time(ts: int) -> str:
    """'2024-05-02 08:00' in Beijing time."""
    return datetime.fromtimestamp(ts, tz=UTC).astimezone(_LOCAL).strftime("%Y-%m-%d %H:%M")


# --- silence ---------------------------------------------------------------------------------


def silent(last_ts: int | None, now: int, max_silence_s: int) -> bool:
    """No reading for more than max_silence_s (a unit that never sent one is silent too)."""
    return last_ts is None or now - last_ts > max_silence_s


def silent_finding(
    subject: str, last_ts: int | None, now: int, max_silence_s: int | None = None
) -> AlertFinding | None:
    limit_s = alert_settings().max_silence_s if max_silence_s is None else max_silence_s
    if not silent(last_ts, now, limit_s):
        return None
    hours = limit_s / 3600
    if last_ts is None:
        return AlertFinding(AlertKind.SILENT, subject, None, hours, "从未收到数据", "no reading has ever been received")
    silent_h = (now - last_ts) / 3600
    return AlertFinding(
        AlertKind.SILENT, subject, round(silent_h, 2), hours,
        f"已 {silent_h:.1f} 小时未收到数据（最后一次：{local_time(last_ts)}，上限 {hours:g} 小时）",
        f"no reading for {silent_h:.1f} h (last at {local_time(last_ts)} Beijing time; limit {hours:g} h)",
    )


# --- completeness ------------------------------------------------------------------------------


def completeness(received: int, expected: int) -> float:
    """Share of the expected readings received, 0–1 (1 when none were expected; extras do not count)."""
    if expected <= 0:
        return 1.0
    return min(max(received, 0) / expected, 1.0)


def _floor_percent(share: float) -> str:
    """Rounded down, so a share just below the threshold is never shown as equal to it."""
    return f"{math.floor(share * 10000) / 100:.2f}%"


def completeness_finding(
    subject: str, received: int, expected: int, period: str, threshold: float | None = None
) -> AlertFinding | None:
    """Below the 技术规范's 90 % (read as ≥ 90 %, so an alert needs < 90 %)."""
    limit = alert_settings().completeness_threshold if threshold is None else threshold
    share = completeness(received, expected)
    if share >= limit:
        return None
    return AlertFinding(
        AlertKind.LOW_COMPLETENESS, subject, round(share, 4), limit,
        f"{period} 数据完整率 {_floor_percent(share)}，低于 {limit:.0%}（应收 {expected} 条，实收 {received} 条）",
        f"{period}: {_floor_percent(share)} of expected readings received, below {limit:.0%} "
        f"({received} of {expected})",
    )


# --- PUE -------------------------------------------------------------------------------------------


def pue_finding(subject: str, pue: float | None, stage: DataCentreStage | str, period: str) -> AlertFinding | None:
    """A data centre's PUE above the plan's limit for its stage (None when PUE is unknown)."""
    if pue is None or not np.isfinite(pue):
        return None
    stage = DataCentreStage(stage)
    limit = pue_limit(stage)
    if pue <= limit:
        return None
    zh_stage, en_stage = ("既有", "existing") if stage == DataCentreStage.EXISTING else ("新建", "new")
    return AlertFinding(
        AlertKind.PUE_ABOVE_LIMIT, subject, round(pue, 3), limit,
        f"{period} PUE 为 {pue:.2f}，高于{zh_stage}数据中心限值 {limit:g}（{pue_limits().source}）",
        f"{period}: PUE {pue:.2f} is above the {limit:g} limit for {en_stage} data centres "
        "(Jinshan carbon-peak plan, tasks 30-31)",
    )


def annual_pue_finding(subject: str, pue: float | None, stage: DataCentreStage | str, year: int,
                       months: int) -> AlertFinding | None:
    """A data centre's PUE over a year (or the months of it that have ended) above the plan's limit:
    the figure the indicators of tasks 30 and 31 are judged on, where one bad month may be forgiven."""
    found = pue_finding(subject, pue, stage, "")
    if found is None or pue is None:
        return None
    limit = pue_limit(stage)
    zh_span = f"{year}年" if months == 12 else f"{year}年1–{months}月"
    en_span = f"{year}" if months == 12 else f"{year} (January–month {months})"
    zh_stage, en_stage = ("既有", "existing") if DataCentreStage(stage) == DataCentreStage.EXISTING else ("新建", "new")
    return AlertFinding(
        AlertKind.PUE_ANNUAL_ABOVE_LIMIT, subject, round(pue, 3), limit,
        f"{zh_span}全年 PUE 为 {pue:.2f}，高于{zh_stage}数据中心限值 {limit:g}（{pue_limits().source}）",
        f"{en_span}: PUE over the year {pue:.2f} is above the {limit:g} limit for {en_stage} data centres",
    )


# --- budget pace -------------------------------------------------------------------------------------


class PaceBasis(StrEnum):
    PRO_RATA = "pro_rata"  # the budget spread evenly over the year
    LAST_YEAR_PROFILE = "last_year_profile"  # spread like last year's monthly use


@dataclass(frozen=True)
class BudgetPace:
    ytd_tce: float
    budget_tce: float
    elapsed_share: float  # of the year, 0–1
    expected_share: float  # of the budget that may be used by now, 0–1
    expected_tce: float
    pace: float | None  # ytd ÷ expected (1.0 on track); None before anything is expected
    projected_tce: float | None  # ytd ÷ expected_share: the year's use at this pace
    ahead: bool  # ytd above expected × (1 + tolerance)
    tolerance: float
    basis: PaceBasis


def year_elapsed_share(now: int, year: int) -> float:
    """Share of the local calendar year passed at `now`, 0–1."""
    start, end = year_bounds(year)
    return min(max((now - start) / (end - start), 0.0), 1.0)


def expected_share(elapsed_share: float, monthly_profile: Sequence[float] | None = None) -> float:
    """Share of the year's use expected by `elapsed_share` of the year.

    Pro rata without a profile. With last year's twelve monthly uses, the cumulative profile is
    interpolated linearly within each month (months taken as twelfths of the year: at most half a
    day off, far below the tolerance).
    """
    share = min(max(elapsed_share, 0.0), 1.0)
    if monthly_profile is None:
        return share
    profile = np.asarray(monthly_profile, dtype=np.float64)
    if profile.shape != (12,) or not np.all(np.isfinite(profile)) or np.any(profile < 0) or profile.sum() <= 0:
        raise ValueError("monthly_profile: 应为 12 个非负月用量 / must be 12 non-negative monthly uses")
    cumulative = np.concatenate(([0.0], np.cumsum(profile) / profile.sum()))
    return float(np.interp(share * 12, np.arange(13), cumulative))


def budget_pace(
    ytd_tce: float, budget_tce: float, elapsed_share: float, tolerance: float,
    monthly_profile: Sequence[float] | None = None,
) -> BudgetPace:
    """Year-to-date use against what the annual budget allows by now."""
    if not budget_tce > 0:
        raise ValueError(f"budget_tce: 必须大于零 / must be greater than zero ({budget_tce!r})")
    share = expected_share(elapsed_share, monthly_profile)
    expected = budget_tce * share
    return BudgetPace(
        ytd_tce=ytd_tce, budget_tce=budget_tce, elapsed_share=min(max(elapsed_share, 0.0), 1.0),
        expected_share=share, expected_tce=expected,
        pace=ytd_tce / expected if expected > 0 else None,
        projected_tce=ytd_tce / share if share > 0 else None,
        ahead=expected > 0 and ytd_tce > expected * (1 + tolerance),
        tolerance=tolerance,
        basis=PaceBasis.PRO_RATA if monthly_profile is None else PaceBasis.LAST_YEAR_PROFILE,
    )


def budget_finding(subject: str, pace: BudgetPace, min_elapsed_share: float | None = None) -> AlertFinding | None:
    """Ahead of budget, once enough of the year has passed for the ratio to mean something."""
    floor = alert_settings().budget_min_elapsed_share if min_elapsed_share is None else min_elapsed_share
    if not pace.ahead or pace.elapsed_share < floor:
        return None
    over = (pace.pace or 0.0) - 1
    projected = pace.projected_tce or 0.0

    def tce(value: float, lang: str) -> str:  # as the pages write tce (common/figures.py), kept in the message
        return format_figure(value, Kind.ENERGY, lang, unit="tce", compact=False)

    def share(lang: str) -> str:
        return format_figure(over, Kind.SHARE, lang)

    return AlertFinding(
        AlertKind.AHEAD_OF_BUDGET, subject, round(pace.ytd_tce, 3), round(pace.expected_tce, 3),
        f"年内累计 {tce(pace.ytd_tce, 'zh')}，超出进度预算 {tce(pace.expected_tce, 'zh')} 的 {share('zh')}；"
        f"按此进度全年约 {tce(projected, 'zh')}（年度预算 {tce(pace.budget_tce, 'zh')}）",
        f"{tce(pace.ytd_tce, 'en')} so far this year, {share('en')} above the {tce(pace.expected_tce, 'en')} "
        f"the budget allows to date; at this pace about {tce(projected, 'en')} for the year "
        f"(budget {tce(pace.budget_tce, 'en')})",
    )
