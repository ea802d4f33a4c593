"""The "两高一低" register as rows: one per entry and year of actual energy, for
`carbonpeak review register export` (JSON, xlsx) and the API.

Shape (docs/methodology/review.md, "Register export"): a list of objects, one per entry-year, in
register order and by year; an entry without any actual figure appears once with `year`,
`actual_tce` and `actual_source` null. Every row repeats the entry's facts, so a row stands alone
in a spreadsheet.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from carbonpeak.common.figures import Kind
from carbonpeak.common.spreadsheet import append_row, number_formats
from carbonpeak.review.deviation import deviation
from carbonpeak.review.models import ActualEnergy, RegisterEntry

# (key, column heading) of the xlsx, in the order of the JSON objects.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("entry_id", "编号 Entry"),
    ("name", "名称 Name"),
    ("subject", "类别 Subject"),
    ("owner_uscc", "统一社会信用代码 USCC"),
    ("industry_code", "行业 Industry"),
    ("town", "镇街 Town"),
    ("status", "状态 Status"),
    ("disposal", "处置 Disposal"),
    ("approved_energy_tce", "核定能耗 Approved (tce)"),
    ("unit_code", "监测单位 Unit"),
    ("monitored_unit_legacy", "未匹配单位 Unmatched unit text"),
    ("year", "年份 Year"),
    ("actual_tce", "实际能耗 Actual (tce)"),
    ("actual_source", "来源 Source (monitoring/typed)"),
    ("partial", "不足一年 Partial"),
    ("months_covered", "覆盖月数 Months"),
    ("completeness_min", "最低完整率 Min completeness"),
    ("factor_sets", "因子集 Factor sets"),
    ("source_note", "来源说明 Source note"),
    ("deviation_pct", "偏差 Deviation (%)"),
    ("alert", "预警 Alert"),
)


def actual_fields(entry: RegisterEntry, a: ActualEnergy | None) -> dict[str, Any]:
    """One year's actual energy with its origin and provenance (all null without a figure)."""
    if a is None:
        return {"year": None, "actual_tce": None, "actual_source": None, "partial": None, "months_covered": None,
                "completeness_min": None, "factor_sets": None, "source_note": None, "deviation_pct": None,
                "alert": None}
    p = a.provenance or {}
    d = deviation(a.year, entry.approved_energy_tce, a.energy_tce, entry.deviation_margin_pct, a.partial)
    return {
        "year": a.year,
        "actual_tce": a.energy_tce,
        "actual_source": a.origin,
        "partial": a.partial,
        "months_covered": p.get("months_covered"),
        "completeness_min": p.get("completeness_min"),
        "factor_sets": p.get("factor_sets"),
        "source_note": a.source,
        "deviation_pct": None if d is None else d.deviation_pct,
        "alert": None if d is None else d.alert,
    }


def entry_fields(entry: RegisterEntry) -> dict[str, Any]:
    return {
        "entry_id": entry.pk,
        "name": entry.name,
        "subject": entry.subject,
        "owner_uscc": entry.owner_uscc,
        "industry_code": entry.industry_code,
        "town": entry.town,
        "status": entry.status,
        "disposal": entry.disposal,
        "approved_energy_tce": entry.approved_energy_tce,
        "unit_code": entry.unit_code,
        "monitored_unit_legacy": entry.monitored_unit_legacy,
    }


def export_rows(entries: Iterable[RegisterEntry]) -> list[dict[str, Any]]:
    """One object per entry and year (see the module docstring)."""
    out = []
    for entry in entries:
        facts = entry_fields(entry)
        actuals: list[ActualEnergy | None] = [*sorted(entry.actuals.all(), key=lambda a: a.year)]
        out += [{**facts, **actual_fields(entry, a)} for a in actuals or [None]]
    return out


# How the figure columns show (common/figures.py); the cells keep their numbers, so a re-import reads them whole.
COLUMN_KINDS = {"approved_energy_tce": Kind.ENERGY, "year": Kind.YEAR, "actual_tce": Kind.ENERGY,
                "months_covered": Kind.COUNT, "completeness_min": Kind.SHARE, "deviation_pct": Kind.PERCENT}


def export_xlsx(rows: list[dict[str, Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "两高一低清单"
    append_row(ws, [label for _key, label in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        append_row(ws, [", ".join(v) if isinstance(v := row.get(key), list) else v for key, _label in COLUMNS])
    keys = [key for key, _label in COLUMNS]
    number_formats(ws, {keys.index(k) + 1: kind for k, kind in COLUMN_KINDS.items()}, first_row=2)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
