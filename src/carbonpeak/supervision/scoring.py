"""The yearly assessment (考核) of a department: a score out of 100, a ranking and the 通报 list.

Pure module (no Django). The plan asks the office to count task progress and indicators in the
departments' performance assessment and to name (通报) those that fall behind. Four components,
each a share in [0, 1], are weighted (weights are configuration, `assessment.yaml`):

    timeliness  = (on_time + late_credit × late) / reports_due        报送及时性
    quality     = max(0, 1 − returned / (on_time + late))             报送质量
    completion  = tasks_done / tasks_led                              任务完成
    indicators  = indicators_on_track / indicators_linked             指标状态

and for a town, sub-district or park (a place), a fifth from the targets the office split to it:

    place_indicators = place_indicators_on_track / place_indicators_linked   分解指标

    total = 100 × Σ wᵢ·cᵢ / Σ wᵢ   over the components that apply, rounded half up to 0.1

A component whose denominator is zero does not apply (a co-department leads no task), and its
weight goes to the others in proportion, so nobody gains or loses for what they were never
asked to do. The method and worked examples are in docs/methodology/assessment.md.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import yaml

from carbonpeak.common.yaml_files import parse_yaml

DEFAULT_CONFIG = Path(__file__).parent / "assessment.yaml"

COMPONENTS = ("timeliness", "quality", "completion", "indicators")
# A place's components: the department's four and its split indicators (a district body has no split target).
PLACE_COMPONENTS = (*COMPONENTS, "place_indicators")
_LABELS = {
    "timeliness": "报送及时性 / timeliness",
    "quality": "报送质量 / quality",
    "completion": "任务完成 / completion",
    "indicators": "指标状态 / indicators",
    "place_indicators": "分解指标 / split indicators",
}
_NOT_APPLICABLE = {
    "timeliness": "不适用：本年无应报报告 / n/a: no reports were due",
    "quality": "不适用：未报送任何报告 / n/a: no report was submitted",
    "completion": "不适用：未牵头任何任务 / n/a: leads no task",
    "indicators": "不适用：无关联指标 / n/a: no linked indicator",
    "place_indicators": "不适用：未向本地区分解指标目标 / n/a: no indicator target split to it",
}


class AssessmentError(ValueError):
    """Bad assessment input; `field` names the key or field, `reason` says why (zh / en)."""

    def __init__(self, field: str, reason: str, where: str = "") -> None:
        self.field = field
        self.reason = reason
        self.where = where
        super().__init__(f"{where}: {field}: {reason}" if where else f"{field}: {reason}")


class ConfigError(AssessmentError):
    """The weights file is wrong: an operator's problem, reported before any score is computed."""


class RecordError(AssessmentError):
    """A department's counts contradict each other: a bug in whoever counted them."""


# --- configuration -------------------------------------------------------------------------


def _finite(value: float) -> bool:
    return not (math.isnan(value) or math.isinf(value))


@dataclass(frozen=True, kw_only=True)
class Weights:
    """The weight of each component and the two thresholds; all of it comes from `assessment.yaml`.

    The thresholds travel with the weights because a score is only meaningful together with the
    late credit it was computed with, and the notice list with the bar it was drawn at.
    """

    timeliness: float
    quality: float
    completion: float
    indicators: float
    late_credit: float  # credit for a late report, as a fraction of an on-time one
    notice_below: float  # a total below this puts the department on the 通报 list
    # A place's split indicators (0 in a file written before places had targets: the component then counts for
    # nothing, and a place is scored as a department).
    place_indicators: float = 0.0

    def __post_init__(self) -> None:
        for name in PLACE_COMPONENTS:
            value = getattr(self, name)
            if not _finite(value) or value < 0:
                raise ConfigError(
                    f"weights.{name}", f"权重须为非负数 / a weight must be a non-negative number: {value}"
                )
        if not any(getattr(self, name) > 0 for name in COMPONENTS):
            raise ConfigError("weights", "至少一项权重须大于零 / at least one weight must be greater than zero")
        if not _finite(self.late_credit) or not 0 <= self.late_credit <= 1:
            raise ConfigError(
                "thresholds.late_credit", f"须在 0 与 1 之间 / must be between 0 and 1: {self.late_credit}"
            )
        if not _finite(self.notice_below) or not 0 <= self.notice_below <= 100:
            raise ConfigError(
                "thresholds.notice_below", f"须在 0 与 100 之间 / must be between 0 and 100: {self.notice_below}"
            )

    def of(self, component: str) -> float:
        value: float = getattr(self, component)
        return value


_SECTIONS = {"weights": COMPONENTS, "thresholds": ("notice_below", "late_credit")}
# Keys a file may leave out, with the value they then take.
_OPTIONAL = {"weights": {"place_indicators": 0.0}}


def _number(value: Any, key: str) -> float:
    # YAML reads `yes` and `true` as booleans, which Python would take for 1.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(key, f"须为数字 / must be a number: {value!r}")
    return float(value)


def weights_from_mapping(data: Any) -> Weights:
    """Weights from the parsed configuration; every key required, no unknown key allowed."""
    if not isinstance(data, dict):
        raise ConfigError("file", "应为 YAML 映射 / must be a YAML mapping")
    for section in data:
        if section not in _SECTIONS:
            raise ConfigError(str(section), "未知配置项 / unknown key")
    values: dict[str, float] = {}
    for section, keys in _SECTIONS.items():
        block = data.get(section)
        if not isinstance(block, dict):
            raise ConfigError(section, "缺少或不是映射 / missing or not a mapping")
        optional = _OPTIONAL.get(section, {})
        for key in block:
            if key not in keys and key not in optional:
                raise ConfigError(f"{section}.{key}", "未知配置项 / unknown key")
        for key, default in optional.items():
            values[key] = _number(block[key], f"{section}.{key}") if key in block else default
        for key in keys:
            if key not in block:
                raise ConfigError(f"{section}.{key}", "缺少该项 / missing")
            values[key] = _number(block[key], f"{section}.{key}")
    return Weights(**values)


def load_weights(path: Path = DEFAULT_CONFIG) -> Weights:
    """Read the assessment configuration (`assessment.yaml` beside this module by default)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError("file", f"无法读取 / cannot read: {exc}", path.name) from exc
    try:
        data = parse_yaml(text)
    except yaml.YAMLError as exc:
        raise ConfigError("yaml", f"YAML 语法错误 / syntax error: {exc}", path.name) from exc
    try:
        return weights_from_mapping(data)
    except ConfigError as exc:
        raise ConfigError(exc.field, exc.reason, path.name) from None


# --- one department's year ---------------------------------------------------------------


@dataclass(frozen=True)
class DepartmentRecord:
    """What a department did in the assessed year, counted by the caller.

    A report counts as submitted from its first submission, on time if that was by the round's
    due date; `returned` counts every return of any of its reports, so it can exceed the
    number of reports. Task and indicator status is the latest one of the year.
    """

    department: str  # department code
    reports_due: int = 0
    submitted_on_time: int = 0
    submitted_late: int = 0
    returned: int = 0
    tasks_led: int = 0
    tasks_done: int = 0  # completed, or ongoing and going as planned
    tasks_behind: int = 0
    indicators_linked: int = 0
    indicators_on_track: int = 0  # achieved or on track
    indicators_off_track: int = 0
    # A town, sub-district or park: its split indicators (targets the office split to it) count as well.
    place: bool = False
    place_indicators_linked: int = 0
    place_indicators_on_track: int = 0  # achieved or on track against the place's own target
    place_indicators_off_track: int = 0

    def __post_init__(self) -> None:
        where = self.department
        if not isinstance(self.department, str) or not self.department.strip():
            raise RecordError("department", "须填写部门代码 / the department code must be given")
        if not isinstance(self.place, bool):
            raise RecordError("place", f"须为是或否 / must be true or false: {self.place!r}", where)
        for f in fields(self):
            if f.name in ("department", "place"):
                continue
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise RecordError(f.name, f"须为非负整数 / must be a non-negative integer: {value!r}", where)
        self._within("reports_due", "submitted_on_time", "submitted_late",
                     "少于按时与逾期报送数之和 / fewer than on-time plus late submissions")
        if self.returned and not self.submitted:
            raise RecordError(
                "returned", f"未报送任何报告却有退回 / reports returned but none submitted: {self.returned}", where
            )
        self._within("tasks_led", "tasks_done", "tasks_behind",
                     "少于完成与滞后任务数之和 / fewer than done plus behind tasks")
        self._within("indicators_linked", "indicators_on_track", "indicators_off_track",
                     "少于正常与偏离指标数之和 / fewer than on-track plus off-track indicators")
        self._within("place_indicators_linked", "place_indicators_on_track", "place_indicators_off_track",
                     "少于正常与偏离指标数之和 / fewer than on-track plus off-track indicators")
        if self.place_indicators_linked and not self.place:
            raise RecordError("place_indicators_linked", "只有镇、街道、园区有分解指标 / only a place has split "
                                                         "indicators", where)

    @property
    def component_names(self) -> tuple[str, ...]:
        return PLACE_COMPONENTS if self.place else COMPONENTS

    def _within(self, total: str, part: str, other_part: str, reason: str) -> None:
        """A count is at least the sum of the two it splits into (done + behind ≤ led, …)."""
        whole, a, b = getattr(self, total), getattr(self, part), getattr(self, other_part)
        if a + b > whole:
            raise RecordError(total, f"{reason} ({a} + {b} > {whole})", self.department)

    @property
    def submitted(self) -> int:
        return self.submitted_on_time + self.submitted_late

    @property
    def missing(self) -> int:
        """Reports due but never submitted (缺报)."""
        return self.reports_due - self.submitted


@dataclass(frozen=True)
class DepartmentScore:
    department: str
    components: Mapping[str, float | None]  # each in [0, 1]; None = does not apply
    total: float | None  # 0–100 rounded to 0.1; None when no weighted component applies
    explanation: tuple[str, ...]


def round_score(value: float) -> float:
    """Half up to 0.1, as people round (80.25 → 80.3), not as floats and banker's rounding do.

    The value is first cut to 9 decimals so a float a hair under the half (80.24999999999999)
    rounds as the exact sum would.
    """
    exact = Decimal(repr(round(value, 9)))
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _g(value: float) -> str:
    return f"{value:g}"


def components(record: DepartmentRecord, weights: Weights) -> dict[str, tuple[float, str] | None]:
    """Each component's value and how it was computed, or None where it does not apply."""
    r = record
    out: dict[str, tuple[float, str] | None] = dict.fromkeys(r.component_names)
    if r.reports_due:
        value = (r.submitted_on_time + weights.late_credit * r.submitted_late) / r.reports_due
        how = f"({r.submitted_on_time} + {_g(weights.late_credit)} × {r.submitted_late}) / {r.reports_due}"
        out["timeliness"] = (value, how)
    if r.submitted:
        value = max(0.0, 1.0 - r.returned / r.submitted)
        out["quality"] = (value, f"max(0, 1 − {r.returned} / {r.submitted})")
    if r.tasks_led:
        out["completion"] = (r.tasks_done / r.tasks_led, f"{r.tasks_done} / {r.tasks_led}")
    if r.indicators_linked:
        out["indicators"] = (
            r.indicators_on_track / r.indicators_linked,
            f"{r.indicators_on_track} / {r.indicators_linked}",
        )
    if r.place_indicators_linked:
        out["place_indicators"] = (
            r.place_indicators_on_track / r.place_indicators_linked,
            f"{r.place_indicators_on_track} / {r.place_indicators_linked}",
        )
    return out


def score(record: DepartmentRecord, weights: Weights) -> DepartmentScore:
    """The department's score with each component and a line of explanation per step."""
    parts = components(record, weights)
    values = {name: part[0] for name, part in parts.items() if part is not None}
    names = record.component_names
    lines: list[str] = []
    for name in names:
        part = parts[name]
        if part is None:
            lines.append(f"{_LABELS[name]}: {_NOT_APPLICABLE[name]}")
        else:
            lines.append(f"{_LABELS[name]}: {part[1]} = {part[0]:.4f}")
    applicable = [name for name in names if name in values and weights.of(name) > 0]
    weight_sum = sum(weights.of(name) for name in applicable)
    total: float | None = None
    if weight_sum > 0:
        weighted = sum(weights.of(name) * values[name] for name in applicable)
        total = round_score(100.0 * weighted / weight_sum)
        terms = " + ".join(f"{_g(weights.of(name))} × {values[name]:.4f}" for name in applicable)
        lines.append(f"总分 / total: 100 × ({terms}) / {_g(round(weight_sum, 9))} = {total:.1f}")
        if len(values) < len(names):
            lines.append(
                "不适用项的权重按比例分给其余各项 / weights of the components that do not apply "
                "are shared among the others in proportion"
            )
    else:
        lines.append("总分 / total: 无可评分项，不计分 / nothing to score, no total")
    return DepartmentScore(
        department=record.department,
        components={name: values.get(name) for name in names},
        total=total,
        explanation=tuple(lines),
    )


# --- ranking and the notice list ---------------------------------------------------------


@dataclass(frozen=True)
class Ranked:
    rank: int | None  # None: no score, not ranked
    score: DepartmentScore


def rank(scores: Iterable[DepartmentScore]) -> list[Ranked]:
    """Best first; equal totals share a rank and the next rank skips (1, 2, 2, 4).

    Ties are judged on the rounded totals people see, so two departments shown with the same
    score never get different ranks. Within a tie, and among the unscored (listed last, with no
    rank), departments are in code order so the list does not depend on input order.
    """
    scored = sorted((s for s in scores if s.total is not None), key=lambda s: (-(s.total or 0.0), s.department))
    out: list[Ranked] = []
    for position, item in enumerate(scored, start=1):
        if out and out[-1].score.total == item.total:
            out.append(Ranked(out[-1].rank, item))
        else:
            out.append(Ranked(position, item))
    unscored = sorted((s for s in scores if s.total is None), key=lambda s: s.department)
    out.extend(Ranked(None, s) for s in unscored)
    return out


@dataclass(frozen=True)
class NoticeEntry:
    """A department on the 通报 list and every reason it is there (zh / en)."""

    department: str
    reasons: tuple[str, ...]


def notice_reasons(record: DepartmentRecord, total: float | None, weights: Weights) -> tuple[str, ...]:
    reasons: list[str] = []
    if record.missing > 0:
        reasons.append(f"缺报进展报告 {record.missing} 份 / {record.missing} progress report(s) not submitted")
    if record.tasks_behind > 0:
        reasons.append(f"牵头任务滞后 {record.tasks_behind} 项 / {record.tasks_behind} led task(s) behind schedule")
    if record.indicators_off_track > 0:
        reasons.append(
            f"关联指标偏离目标 {record.indicators_off_track} 项 / "
            f"{record.indicators_off_track} linked indicator(s) off track"
        )
    if record.place_indicators_off_track > 0:
        reasons.append(
            f"分解到本地区的指标偏离目标 {record.place_indicators_off_track} 项 / "
            f"{record.place_indicators_off_track} indicator(s) split to the place off track"
        )
    if total is not None and total < weights.notice_below:
        reasons.append(
            f"考核得分 {total:.1f} 低于 {_g(weights.notice_below)} / "
            f"assessment score {total:.1f} below {_g(weights.notice_below)}"
        )
    return tuple(reasons)


def notice_list(
    records: Iterable[DepartmentRecord], scores: Iterable[DepartmentScore], weights: Weights
) -> list[NoticeEntry]:
    """Departments to name in the 通报, in the order of `records`, each with its reasons.

    A department is listed for any missing report, any led task behind schedule, any linked
    indicator off track, or a total below `notice_below`. Scores are matched by department
    code; a record without a score is scored here.
    """
    by_department = {s.department: s for s in scores}
    seen: set[str] = set()
    out: list[NoticeEntry] = []
    for record in records:
        if record.department in seen:
            raise RecordError("department", "部门重复 / department listed twice", record.department)
        seen.add(record.department)
        given = by_department.get(record.department)
        total = (given if given is not None else score(record, weights)).total
        reasons = notice_reasons(record, total, weights)
        if reasons:
            out.append(NoticeEntry(record.department, reasons))
    return out
