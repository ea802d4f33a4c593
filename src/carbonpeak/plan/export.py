"""The plan as the office sends it on: JSON for machines, the breakdown table as xlsx."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from carbonpeak.common.spreadsheet import append_row
from carbonpeak.indicators.models import Indicator
from carbonpeak.plan.models import Department, Plan, ResponsibilityRole, Task, TimeNode

# The table prints time nodes in the plan's own words whatever the interface language.
TIME_NODE_TEXT = {TimeNode.ONGOING: "持续推进", TimeNode.BY_2025: "2025年"}
BREAKDOWN_COLUMNS = ("序号", "十大行动", "重点任务", "时间节点", "责任部门（☆为牵头部门）")
# The sheet of the targets split to places: the plan file's `places` keys, one row per place and year.
PLACES_SHEET = "分地区目标"
PLACES_COLUMNS = ("指标代码", "指标", "地区代码", "地区", "年份", "目标值", "份额（%）", "说明")


def _tasks(plan: Plan) -> list[Task]:
    return list(
        plan.tasks.select_related("action").prefetch_related("responsibilities__department").order_by("number")
    )


def _names(task: Task, role: ResponsibilityRole) -> list[str]:
    return [r.department.name for r in task.responsibilities.all() if r.role == role]


def responsible_cell(task: Task) -> str:
    """责任部门 as the table prints it: leads with ☆ first, then co-departments."""
    return "、".join(
        [f"☆{n}" for n in _names(task, ResponsibilityRole.LEAD)] + _names(task, ResponsibilityRole.CO)
    )


def places_of(indicator: Indicator) -> list[dict[str, Any]]:
    """An indicator's targets split to places, in the plan file's shape (docs/plan-data.md, `places`): the place's
    code, the year, its own `value` or its `share` (%), and a note where there is one; so the list can be pasted
    into a plan file's indicator and loaded back unchanged."""
    out: list[dict[str, Any]] = []
    for t in sorted(indicator.place_targets.all(), key=lambda t: (t.place.code, t.year)):
        item: dict[str, Any] = {"place": t.place.code, "year": t.year}
        if t.share is not None:
            item["share"] = t.share
        else:
            item["value"] = t.value
        if t.note:
            item["note"] = t.note
        out.append(item)
    return out


def plan_as_dict(plan: Plan) -> dict[str, Any]:
    tasks = _tasks(plan)
    used = {r.department_id for t in tasks for r in t.responsibilities.all()}
    return {
        "plan": {f: (str(getattr(plan, f)) if f == "issued_on" else getattr(plan, f)) for f in Plan.public_fields},
        "actions": [{"number": a.number, "name": a.name, "name_en": a.name_en} for a in plan.actions.all()],
        "tasks": [
            {
                "number": t.number,
                "action": t.action.number,
                "content": t.content,
                "time_node": t.time_node,
                "lead_departments": _names(t, ResponsibilityRole.LEAD),
                "co_departments": _names(t, ResponsibilityRole.CO),
            }
            for t in tasks
        ],
        "departments": [
            {f: getattr(d, f) for f in Department.public_fields}
            for d in Department.objects.filter(pk__in=used).order_by("code")
        ],
        "indicators": [
            {
                "code": i.code,
                "name": i.name,
                "name_en": i.name_en,
                "unit": i.unit,
                "direction": i.direction,
                "action": i.action.number if i.action else None,
                "base_year": i.base_year,
                "targets": [
                    {"year": t.year, "value": t.value, "kind": t.kind, "start_year": t.start_year,
                     "reference": t.reference}
                    for t in i.targets.all()
                ],
                "source": {"clause": i.source_clause, "text": i.source_text},
                "tasks": sorted(t.number for t in i.tasks.all()),
                "places": places_of(i),
            }
            for i in plan.indicators.select_related("action").prefetch_related("targets", "tasks",
                                                                               "place_targets__place")
        ],
    }


def breakdown_table_xlsx(
    plan: Plan,
    extra_columns: Sequence[str] = (),
    extra_values: Callable[[Task], Sequence[Any]] | None = None,
    title_suffix: str = "",
    with_places: bool = False,
) -> bytes:
    """The 任务分解表 in the plan's own columns, one row per task; a caller may append columns
    (a dispatch round adds its status columns). `with_places` adds the sheet 分地区目标 (the plan export)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "任务分解表"
    append_row(ws, [f"《{plan.title}》任务分解表{title_suffix}"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(BREAKDOWN_COLUMNS) + len(extra_columns))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    append_row(ws, [*BREAKDOWN_COLUMNS, *extra_columns])
    thin = Side(style="thin")
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for t in _tasks(plan):
        extra = list(extra_values(t)) if extra_values is not None else []
        time_node = TIME_NODE_TEXT[TimeNode(t.time_node)]
        append_row(ws, [t.number, t.action.name, t.content, time_node, responsible_cell(t), *extra])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            if cell.column in (3, 5) or cell.column > 5:
                cell.alignment = Alignment(wrap_text=True, vertical="center")
    for col, width in zip("ABCDE", (6, 22, 70, 10, 40), strict=True):
        ws.column_dimensions[col].width = width
    for index in range(len(extra_columns)):
        ws.column_dimensions[chr(ord("F") + index)].width = 30
    ws.freeze_panes = "A3"
    if with_places:
        _places_sheet(wb, plan)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _places_sheet(wb: Workbook, plan: Plan) -> None:
    """One row per indicator, place and year: the same keys as the plan file's `places` (a value or a share)."""
    ws = wb.create_sheet(PLACES_SHEET)
    append_row(ws, list(PLACES_COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    indicators = plan.indicators.select_related("action").prefetch_related("place_targets__place")
    for i in indicators.order_by("action__number", "id"):
        names = {t.place.code: t.place.name for t in i.place_targets.all()}
        for p in places_of(i):
            append_row(ws, [i.code, i.name, p["place"], names[p["place"]], p["year"], p.get("value"),
                            p.get("share"), p.get("note", "")])
    for col, width in zip("ABCDEFGH", (34, 30, 24, 24, 8, 12, 10, 30), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
