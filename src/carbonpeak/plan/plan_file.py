"""Read and validate a plan file (YAML) into typed, immutable specs.

Pure module: imports no Django, so a district can check its own plan file anywhere.
Every problem is reported with where it is (task, indicator, department …), the
field and the reason, in Chinese and English; all problems are collected, not just
the first, so an author fixes the file in one pass. The format is documented in
docs/plan-data.md.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

from carbonpeak.common.issues import InputError, InputIssue
from carbonpeak.common.limits import InputTooLarge, decode_text, read_file
from carbonpeak.common.measures import UNITS
from carbonpeak.plan.place_targets import target_problems
from carbonpeak.plan.thresholds import thresholds_from_mapping
from carbonpeak.plan.vocabulary import (
    Cycle,
    DepartmentKind,
    Derivation,
    Direction,
    PathShape,
    TargetKind,
    TimeNode,
)

SCHEMA_VERSION = 1
E = TypeVar("E", Cycle, DepartmentKind, Derivation, Direction, PathShape, TargetKind, TimeNode)
THRESHOLD_KEYS = ("on_track_margin", "at_risk_margin", "rate_at_risk_margin", "stale_grace_days")
CODE_RE = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")


PlanFileIssue = InputIssue  # the plan file's problems have the shape of every other input's


class PlanFileError(InputError):
    """Every problem of a plan file at once; nothing is loaded when it is raised."""


@dataclass(frozen=True)
class DepartmentSpec:
    code: str
    name: str
    name_en: str
    kind: DepartmentKind
    aliases: tuple[str, ...] = ()
    covers: tuple[DepartmentKind, ...] = ()


@dataclass(frozen=True)
class MeasureSpec:
    number: int
    title: str
    title_en: str
    lead: tuple[str, ...]
    co: tuple[str, ...]


@dataclass(frozen=True)
class ActionSpec:
    number: int
    name: str
    name_en: str
    summary: str
    measures: tuple[MeasureSpec, ...]


@dataclass(frozen=True)
class SafeguardSpec:
    number: int
    section: str
    title: str
    title_en: str
    lead: tuple[str, ...]
    co: tuple[str, ...]


@dataclass(frozen=True)
class TaskSpec:
    number: int
    action: int
    measure: int | None
    content: str
    time_node: TimeNode
    lead: tuple[str, ...]
    co: tuple[str, ...]
    responsible_raw: str | None
    notes: str


@dataclass(frozen=True)
class TargetSpec:
    year: int
    kind: TargetKind
    value: float
    start_year: int | None = None
    reference: str = ""
    note: str = ""


@dataclass(frozen=True)
class PlaceTargetSpec:
    """A place's target of an indicator (分解目标): its own `value` or a `share` (%) of the district's."""

    place: str  # department code of a town, sub-district or park
    year: int
    value: float | None = None
    share: float | None = None
    note: str = ""


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: str
    name_en: str
    unit: str
    direction: Direction
    action: int | None
    base_year: int | None
    base_value: float | None
    targets: tuple[TargetSpec, ...]
    source_clause: str
    source_text: str
    tasks: tuple[int, ...]
    # How progress is judged (indicators.progress); all optional in the file.
    path: PathShape = PathShape.LINEAR
    cycle: Cycle = Cycle.YEAR
    thresholds: Mapping[str, float] = field(default_factory=dict)
    minimum: float | None = None
    maximum: float | None = None
    derived: Derivation | None = None
    # The target split to places; None when the file says nothing (the office's own splits are then kept).
    places: tuple[PlaceTargetSpec, ...] | None = None


@dataclass(frozen=True)
class GoalSpec:
    period: str
    text: str


@dataclass(frozen=True)
class PlanSpec:
    code: str
    title: str
    title_en: str
    document_number: str
    issuer: str
    issuer_en: str
    issued_on: dt.date
    base_year: int
    source: str
    factor_set: str
    goals: tuple[GoalSpec, ...]
    departments: tuple[DepartmentSpec, ...]
    actions: tuple[ActionSpec, ...]
    safeguards: tuple[SafeguardSpec, ...]
    tasks: tuple[TaskSpec, ...]
    indicators: tuple[IndicatorSpec, ...]

    def department_codes_by_name(self) -> dict[str, str]:
        """Every name and alias → department code."""
        out: dict[str, str] = {}
        for d in self.departments:
            out[d.name] = d.code
            for alias in d.aliases:
                out[alias] = d.code
        return out


@dataclass
class _Reader:
    """Collects issues while reading fields from raw mappings."""

    issues: list[PlanFileIssue] = field(default_factory=list)

    def fail(self, where: str, fld: str, reason: str) -> None:
        self.issues.append(PlanFileIssue(where, fld, reason))

    def mapping(self, raw: Any, where: str, fld: str) -> Mapping[str, Any]:
        if isinstance(raw, Mapping):
            return raw
        self.fail(where, fld, "应为映射（键: 值）/ must be a mapping")
        return {}

    def items(self, raw: Mapping[str, Any], where: str, fld: str) -> list[Any]:
        value = raw.get(fld)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(where, fld, "应为列表 / must be a list")
            return []
        return value

    def text(self, raw: Mapping[str, Any], where: str, fld: str, required: bool = True) -> str:
        value = raw.get(fld)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(where, fld, "必填，不能为空 / required, must not be empty")
            return ""
        if not isinstance(value, str):
            self.fail(where, fld, f"应为文本，实为 {type(value).__name__} / must be text")
            return ""
        return value.strip()

    def integer(self, raw: Mapping[str, Any], where: str, fld: str, required: bool = True) -> int | None:
        value = raw.get(fld)
        if value is None:
            if required:
                self.fail(where, fld, "必填 / required")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(where, fld, f"应为整数，实为「{value}」/ must be an integer")
            return None
        return int(value)

    def number(self, raw: Mapping[str, Any], where: str, fld: str, required: bool = True) -> float | None:
        value = raw.get(fld)
        if value is None:
            if required:
                self.fail(where, fld, "必填 / required")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(where, fld, f"应为数值，实为「{value}」/ must be a number")
            return None
        return float(value)

    def year(self, raw: Mapping[str, Any], where: str, fld: str, required: bool = True) -> int | None:
        value = self.integer(raw, where, fld, required)
        if value is not None and not 1990 <= value <= 2100:
            self.fail(where, fld, f"年份 {value} 不在 1990–2100 之间 / year out of range")
            return None
        return value

    def choice(self, raw: Mapping[str, Any], where: str, fld: str, enum: type[E]) -> E | None:
        value = raw.get(fld)
        allowed = ", ".join(e.value for e in enum)
        try:
            return enum(str(value))
        except ValueError:
            self.fail(where, fld, f"「{value}」不是可选值之一（{allowed}）/ must be one of {allowed}")
            return None


def load_plan_file(path: Path) -> PlanSpec:
    """Parse and validate a plan file; raise PlanFileError listing every problem."""
    try:  # its size checked before it is read, UTF-8 or GBK (common/limits)
        text = decode_text(read_file(path))
    except InputTooLarge as exc:
        raise PlanFileError([PlanFileIssue(str(path), "file", f"无法读取 / cannot read: {exc.reason}")]) from exc
    return parse_plan_text(text, source_name=str(path))


def parse_plan_text(text: str, source_name: str = "<plan>") -> PlanSpec:
    try:
        # libyaml's loader when PyYAML has it (about 10x faster), same safe semantics.
        raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except RecursionError as exc:  # the pure-Python loader, nested past the stack (libyaml stops at 1,000)
        raise PlanFileError([PlanFileIssue(source_name, "yaml", "YAML 嵌套过深 / YAML nested too deep")]) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"第 {mark.line + 1} 行 / line {mark.line + 1}" if mark else source_name
        raise PlanFileError([PlanFileIssue(line, "yaml", f"YAML 语法错误 / syntax error: {exc}")]) from exc
    return parse_plan(raw)


def parse_plan(raw: Any) -> PlanSpec:
    r = _Reader()
    top = r.mapping(raw, "文件 / file", "root")
    if top and top.get("schema_version") != SCHEMA_VERSION:
        r.fail("文件 / file", "schema_version", f"必须为 {SCHEMA_VERSION} / must be {SCHEMA_VERSION}")
    meta = r.mapping(top.get("plan"), "方案 / plan", "plan")
    departments = _departments(r, top)
    names = {n: d.code for d in departments for n in (d.name, *d.aliases)}
    actions = _actions(r, top, names)
    safeguards = _safeguards(r, top, names)
    tasks = _tasks(r, top, names, {a.number: a for a in actions})
    place_kinds = (DepartmentKind.TOWN, DepartmentKind.STREET, DepartmentKind.PARK)
    places = {n: d.code for d in departments if d.kind in place_kinds for n in (d.code, d.name, *d.aliases)}
    indicators = _indicators(r, top, {a.number for a in actions}, {t.number for t in tasks}, places)
    issued_on = meta.get("issued_on")
    if not isinstance(issued_on, dt.date):
        r.fail("方案 / plan", "issued_on", "应为日期 YYYY-MM-DD / must be a date")
        issued_on = dt.date(1970, 1, 1)
    code = r.text(meta, "方案 / plan", "code")
    if code and not CODE_RE.match(code):
        r.fail("方案 / plan", "code", "只能用小写字母、数字、- 和 _ / lowercase ascii slug")
    goals = tuple(
        GoalSpec(period=r.text(g, f"目标 {i + 1} / goal", "period"), text=r.text(g, f"目标 {i + 1}", "text"))
        for i, g in enumerate(r.mapping(x, "方案 / plan", "goals") for x in r.items(meta, "plan", "goals"))
    )
    spec = PlanSpec(
        code=code,
        title=r.text(meta, "方案 / plan", "title"),
        title_en=r.text(meta, "方案 / plan", "title_en"),
        document_number=r.text(meta, "方案 / plan", "document_number"),
        issuer=r.text(meta, "方案 / plan", "issuer"),
        issuer_en=r.text(meta, "方案 / plan", "issuer_en", required=False),
        issued_on=issued_on,
        base_year=r.year(meta, "方案 / plan", "base_year") or 0,
        source=r.text(meta, "方案 / plan", "source", required=False),
        factor_set=r.text(meta, "方案 / plan", "factor_set", required=False),
        goals=goals,
        departments=departments,
        actions=actions,
        safeguards=safeguards,
        tasks=tasks,
        indicators=indicators,
    )
    if r.issues:
        raise PlanFileError(r.issues)
    return spec


def _departments(r: _Reader, top: Mapping[str, Any]) -> tuple[DepartmentSpec, ...]:
    out: list[DepartmentSpec] = []
    seen_codes: set[str] = set()
    seen_names: dict[str, str] = {}
    for i, item in enumerate(r.items(top, "文件 / file", "departments")):
        raw = r.mapping(item, f"部门 #{i + 1} / department #{i + 1}", "departments")
        code = r.text(raw, f"部门 #{i + 1} / department #{i + 1}", "code")
        where = f"部门 {code or '#' + str(i + 1)} / department {code}"
        if code and not CODE_RE.match(code):
            r.fail(where, "code", "只能用小写字母、数字、- 和 _ / lowercase ascii slug")
        if code in seen_codes:
            r.fail(where, "code", "代码重复 / duplicate code")
        seen_codes.add(code)
        kind = r.choice(raw, where, "kind", DepartmentKind)
        aliases = tuple(str(a).strip() for a in r.items(raw, where, "aliases"))
        covers: list[DepartmentKind] = []
        for c in r.items(raw, where, "covers"):
            try:
                covers.append(DepartmentKind(c))
            except ValueError:
                r.fail(where, "covers", f"「{c}」不是部门类别 / not a department kind")
        if covers and kind is not DepartmentKind.COLLECTIVE:
            r.fail(where, "covers", "只有统称（collective）可以有 covers / only collectives cover kinds")
        name = r.text(raw, where, "name")
        for n in (name, *aliases):
            if n in seen_names and seen_names[n] != code:
                r.fail(where, "name/aliases", f"名称「{n}」已属于部门 {seen_names[n]} / name already used")
            seen_names[n] = code
        out.append(
            DepartmentSpec(
                code=code,
                name=name,
                name_en=r.text(raw, where, "name_en"),
                kind=kind or DepartmentKind.DISTRICT_BUREAU,
                aliases=aliases,
                covers=tuple(covers),
            )
        )
    if not out:
        r.fail("文件 / file", "departments", "至少需要一个部门 / at least one department")
    return tuple(out)


def _people(
    r: _Reader, raw: Mapping[str, Any], where: str, names: Mapping[str, str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Resolve the lead and co lists of a task, measure or safeguard to department codes."""
    resolved: dict[str, list[str]] = {}
    for fld in ("lead", "co"):
        codes: list[str] = []
        for name in r.items(raw, where, fld):
            code = names.get(str(name).strip())
            if code is None:
                r.fail(where, fld, f"未知部门「{name}」，请先在 departments 中登记 / unknown department")
            elif code in codes:
                r.fail(where, fld, f"部门「{name}」重复 / listed twice")
            else:
                codes.append(code)
        resolved[fld] = codes
    lead, co = resolved["lead"], resolved["co"]
    if not lead:
        r.fail(where, "lead", "至少需要一个牵头部门（☆）/ at least one lead department")
    for code in set(lead) & set(co):
        r.fail(where, "co", f"部门 {code} 已是牵头部门，不能同时为配合部门 / both lead and co")
    return tuple(lead), tuple(co)


def _actions(r: _Reader, top: Mapping[str, Any], names: Mapping[str, str]) -> tuple[ActionSpec, ...]:
    out: list[ActionSpec] = []
    for i, item in enumerate(r.items(top, "文件 / file", "actions")):
        raw = r.mapping(item, f"行动 #{i + 1} / action #{i + 1}", "actions")
        number = r.integer(raw, f"行动 #{i + 1} / action #{i + 1}", "number") or 0
        where = f"行动 {number} / action {number}"
        if any(a.number == number for a in out):
            r.fail(where, "number", "编号重复 / duplicate number")
        measures: list[MeasureSpec] = []
        for j, m_item in enumerate(r.items(raw, where, "measures")):
            m = r.mapping(m_item, where, "measures")
            m_number = r.integer(m, f"{where} 措施 #{j + 1}", "number") or 0
            m_where = f"行动 {number} 措施 {m_number} / action {number} measure {m_number}"
            if any(x.number == m_number for x in measures):
                r.fail(m_where, "number", "编号重复 / duplicate number")
            lead, co = _people(r, m, m_where, names)
            measures.append(
                MeasureSpec(m_number, r.text(m, m_where, "title"), r.text(m, m_where, "title_en"), lead, co)
            )
        out.append(
            ActionSpec(
                number=number,
                name=r.text(raw, where, "name"),
                name_en=r.text(raw, where, "name_en"),
                summary=r.text(raw, where, "summary", required=False),
                measures=tuple(measures),
            )
        )
    if not out:
        r.fail("文件 / file", "actions", "至少需要一项行动 / at least one action")
    return tuple(out)


def _safeguards(r: _Reader, top: Mapping[str, Any], names: Mapping[str, str]) -> tuple[SafeguardSpec, ...]:
    out: list[SafeguardSpec] = []
    for i, item in enumerate(r.items(top, "文件 / file", "safeguards")):
        raw = r.mapping(item, f"保障措施 #{i + 1} / safeguard #{i + 1}", "safeguards")
        where = f"保障措施 #{i + 1} / safeguard #{i + 1}"
        lead, co = _people(r, raw, where, names)
        out.append(
            SafeguardSpec(
                number=r.integer(raw, where, "number") or 0,
                section=r.text(raw, where, "section"),
                title=r.text(raw, where, "title"),
                title_en=r.text(raw, where, "title_en"),
                lead=lead,
                co=co,
            )
        )
    return tuple(out)


def _tasks(
    r: _Reader, top: Mapping[str, Any], names: Mapping[str, str], actions: Mapping[int, ActionSpec]
) -> tuple[TaskSpec, ...]:
    out: list[TaskSpec] = []
    for i, item in enumerate(r.items(top, "文件 / file", "tasks")):
        raw = r.mapping(item, f"任务 #{i + 1} / task #{i + 1}", "tasks")
        number = r.integer(raw, f"任务 #{i + 1} / task #{i + 1}", "number") or 0
        where = f"任务 {number} / task {number}"
        if number <= 0:
            r.fail(where, "number", "应为正整数 / must be a positive integer")
        if any(t.number == number for t in out):
            r.fail(where, "number", "编号重复 / duplicate number")
        action = r.integer(raw, where, "action") or 0
        measure = r.integer(raw, where, "measure", required=False)
        if action and action not in actions:
            r.fail(where, "action", f"行动 {action} 不存在 / no such action")
        elif action in actions and measure is not None and measure not in {m.number for m in actions[action].measures}:
            r.fail(where, "measure", f"行动 {action} 没有措施 {measure} / no such measure")
        time_node = r.choice(raw, where, "time_node", TimeNode)
        lead, co = _people(r, raw, where, names)
        raw_cell = raw.get("responsible_raw")
        out.append(
            TaskSpec(
                number=number,
                action=action,
                measure=measure,
                content=r.text(raw, where, "content"),
                time_node=time_node or TimeNode.ONGOING,
                lead=lead,
                co=co,
                responsible_raw=str(raw_cell) if raw_cell is not None else None,
                notes=r.text(raw, where, "notes", required=False),
            )
        )
    if not out:
        r.fail("文件 / file", "tasks", "至少需要一项任务 / at least one task")
    return tuple(out)


def _targets(r: _Reader, raw: Mapping[str, Any], where: str, base_year: int | None) -> Iterator[TargetSpec]:
    years: set[int] = set()
    items = r.items(raw, where, "targets")
    if not items:
        r.fail(where, "targets", "至少需要一个目标值 / at least one target")
    for item in items:
        t = r.mapping(item, where, "targets")
        year = r.year(t, where, "year")
        t_where = f"{where} 目标 {year} / target {year}"
        if year is not None and year in years:
            r.fail(t_where, "year", "同一指标的目标年份重复 / target year repeated")
        if year is not None:
            years.add(year)
        kind = r.choice(t, t_where, "kind", TargetKind)
        value = r.number(t, t_where, "value")
        start_year = r.year(t, t_where, "start_year", required=False)
        reference = r.text(t, t_where, "reference", required=False)
        if kind is TargetKind.HOLD_EVERY_YEAR and start_year is not None and year is not None:
            if start_year > year:
                r.fail(t_where, "start_year", "起始年不能晚于目标年 / start after target year")
        elif start_year is not None:
            r.fail(t_where, "start_year", "仅“每年保持”类目标可设起始年 / only for hold_every_year")
        if kind is TargetKind.RELATIVE_TO_REFERENCE and not reference:
            r.fail(t_where, "reference", "相对目标必须写明参照对象 / relative target needs a reference")
        if kind in (TargetKind.CHANGE_VS_BASE, TargetKind.CUMULATIVE_ADDITION) and base_year is None:
            r.fail(t_where, "kind", "此类目标需要基准年 base_year / this kind needs a base year")
        if kind and year is not None and value is not None:
            yield TargetSpec(year, kind, value, start_year, reference, r.text(t, t_where, "note", required=False))


def _indicators(
    r: _Reader, top: Mapping[str, Any], action_numbers: set[int], task_numbers: set[int], places: Mapping[str, str]
) -> tuple[IndicatorSpec, ...]:
    out: list[IndicatorSpec] = []
    for i, item in enumerate(r.items(top, "文件 / file", "indicators")):
        raw = r.mapping(item, f"指标 #{i + 1} / indicator #{i + 1}", "indicators")
        code = r.text(raw, f"指标 #{i + 1} / indicator #{i + 1}", "code")
        where = f"指标 {code or '#' + str(i + 1)} / indicator {code}"
        if code and not CODE_RE.match(code):
            r.fail(where, "code", "只能用小写字母、数字、- 和 _ / lowercase ascii slug")
        if any(x.code == code for x in out):
            r.fail(where, "code", "代码重复 / duplicate code")
        unit = r.text(raw, where, "unit")
        if unit and unit not in UNITS:
            r.fail(where, "unit", f"未知单位「{unit}」，可选：{', '.join(UNITS)} / unknown unit")
        action = r.integer(raw, where, "action")
        if action not in action_numbers and action != 0:
            r.fail(where, "action", f"行动 {action} 不存在（主要目标用 0）/ no such action")
        base_year = r.year(raw, where, "base_year", required=False)
        tasks = tuple(r.items(raw, where, "tasks"))
        for t in tasks:
            if t not in task_numbers:
                r.fail(where, "tasks", f"任务 {t} 不存在 / no such task")
        source = r.mapping(raw.get("source"), where, "source")
        direction = r.choice(raw, where, "direction", Direction)
        targets = tuple(sorted(_targets(r, raw, where, base_year), key=lambda t: t.year))
        out.append(
            IndicatorSpec(
                code=code,
                name=r.text(raw, where, "name"),
                name_en=r.text(raw, where, "name_en"),
                unit=unit,
                direction=direction or Direction.INCREASE,
                action=action or None,
                base_year=base_year,
                base_value=r.number(raw, where, "base_value", required=False),
                targets=targets,
                source_clause=r.text(source, where + " source", "clause"),
                source_text=r.text(source, where + " source", "text"),
                tasks=tuple(int(t) for t in tasks if isinstance(t, int)),
                path=(r.choice(raw, where, "path", PathShape) if "path" in raw else None) or PathShape.LINEAR,
                cycle=(r.choice(raw, where, "cycle", Cycle) if "cycle" in raw else None) or Cycle.YEAR,
                thresholds=_thresholds(r, raw, where),
                minimum=r.number(raw, where, "minimum", required=False),
                maximum=r.number(raw, where, "maximum", required=False),
                derived=r.choice(raw, where, "derived", Derivation) if raw.get("derived") else None,
                places=_places(r, raw, where, unit, targets, places) if "places" in raw else None,
            )
        )
    return tuple(out)


def _places(r: _Reader, raw: Mapping[str, Any], where: str, unit: str, targets: tuple[TargetSpec, ...],
            places: Mapping[str, str]) -> tuple[PlaceTargetSpec, ...]:
    """The indicator's targets split to places: each names a town, sub-district or park of `departments` (by
    code, name or alias), one of the indicator's target years, and a value or a share (docs/plan-data.md)."""
    out: list[PlaceTargetSpec] = []
    seen: set[tuple[str, int]] = set()
    district = [(t.year, t.kind) for t in targets]
    for n, item in enumerate(r.items(raw, where, "places"), start=1):
        p = r.mapping(item, where, "places")
        name = r.text(p, where, "place")
        p_where = f"{where} 分解 {name or '#' + str(n)} / place {name or '#' + str(n)}"
        code = places.get(name)
        if name and code is None:
            r.fail(p_where, "place", "不是方案 departments 中的镇、街道或园区（kind: town、street 或 park）/ not a "
                                     "town, sub-district or park among the plan's departments")
        year = r.year(p, p_where, "year")
        value = r.number(p, p_where, "value", required=False)
        share = r.number(p, p_where, "share", required=False)
        if code is not None and year is not None:
            if (code, year) in seen:
                r.fail(p_where, "year", "同一地区同一年的目标重复 / the place's target of that year is repeated")
            seen.add((code, year))
        for fld, reason in target_problems(unit, district, year, value, share) if year is not None else ():
            r.fail(p_where, fld, reason)
        if code is not None and year is not None:
            out.append(PlaceTargetSpec(code, year, value, share, r.text(p, p_where, "note", required=False)))
    return tuple(out)


def _thresholds(r: _Reader, raw: Mapping[str, Any], where: str) -> dict[str, float]:
    """An indicator's own progress bands; the product defaults apply where it names none."""
    given = r.mapping(raw.get("thresholds") or {}, where, "thresholds")
    out: dict[str, float] = {}
    for key in given:
        if key not in THRESHOLD_KEYS:
            r.fail(where, f"thresholds.{key}", f"未知的阈值，可选：{', '.join(THRESHOLD_KEYS)} / unknown threshold")
            continue
        value = r.number(given, where, key)
        if value is not None and value < 0:
            r.fail(where, f"thresholds.{key}", "不能为负 / must not be negative")
        elif value is not None:
            out[str(key)] = value
    try:
        thresholds_from_mapping(out)  # the bands must also fit together (on track ≤ at risk)
    except ValueError as exc:
        r.fail(where, "thresholds", str(exc))
    return out
