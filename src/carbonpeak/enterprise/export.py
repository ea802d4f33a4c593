"""Files of a filing: the report in the national form's layout (xlsx) and its cover letter (docx)."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from carbonpeak.common import word
from carbonpeak.common.figures import Kind, format_figure
from carbonpeak.common.spreadsheet import append_figures, append_row
from carbonpeak.enterprise.queries import Report
from carbonpeak.enterprise.vocabulary import STATUS_LABELS


def _part(ws: Any, title: str) -> None:
    append_row(ws, [])
    append_row(ws, [title])
    ws.cell(row=ws.max_row, column=1).font = Font(bold=True)


# The energy table's columns (common/figures.py): quantities, tce, the deviation as a signed share.
ENERGY_KINDS = [None, None, Kind.QUANTITY, Kind.QUANTITY, Kind.QUANTITY, Kind.ENERGY, Kind.ENERGY, Kind.CHANGE]


def _tce(value: float) -> str:
    """tce in the covering letter as the pages write it (plain separated, 4 significant digits)."""
    return format_figure(value, Kind.ENERGY, "zh", compact=False)


def filing_xlsx(report: Report) -> bytes:
    """One sheet, the form's five parts in order; numbers stay numbers (tce, kgce, 万元)."""
    f = report.filing
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = f"能源利用状况报告 {f.year}"
    append_row(ws, [f"{f.year}年度 能源利用状况报告 / Annual energy-use report {f.year}"])
    ws["A1"].font = Font(bold=True, size=14)
    zh, en = STATUS_LABELS[f.status_enum]
    append_row(ws, ["状态 / Status", f"{zh} / {en}", "因子集 / Factor set", report.factor_set])
    _part(ws, "一、基本情况 / Basic information")
    for key, label in (("name", "单位名称 / Unit"), ("uscc", "统一社会信用代码 / USCC"),
                       ("industry_code", "行业代码 / Industry (GB/T 4754)"), ("town", "所在镇 / Town"),
                       ("contact_person", "联系人 / Contact person"), ("contact_phone", "联系电话 / Phone"),
                       ("energy_manager", "能源管理负责人 / Energy manager"), ("employees", "从业人数 / Employees")):
        append_row(ws, [label, str(f.basic.get(key, ""))])
    # 能源消费及购进: the purchase beside the consumption (stock change is their difference); the deviation from
    # the meters sits with its explanation.
    _part(ws, "二、分品种能源消费及购进 / Energy consumption and purchase by energy type")
    append_row(ws, ["能源品种 / Energy type", "计量单位 / Unit", "消费量（填报）/ Consumption (filed)",
                    "购进量 / Purchase", "监测量 / Monitored", "当量值 tce", "等价值 tce", "偏差 / Deviation",
                    "偏差说明 / Explanation"])
    for e in report.energy:
        relative = e.deviation.relative if e.deviation.relative not in (None, float("inf")) else None
        append_figures(ws, [f"{e.name_zh} / {e.name_en}", e.unit_of_measure, e.quantity, e.purchase,
                            e.monitored_quantity, e.tce, e.tce_equal_value, relative, e.explanation], ENERGY_KINDS)
    append_figures(ws, ["合计 / Total", "", "", "", "", report.total_tce, report.total_tce_equal_value, "", ""],
                   ENERGY_KINDS)
    _part(ws, "三、单位产品综合能耗 / Unit consumption per product")
    append_row(ws, ["产品 / Product", "计量单位 / Unit", "产量 / Output", "分摊能耗 tce / Energy attributed",
                    "单位产品综合能耗 kgce / Unit consumption", "限额 kgce / Limit", "限额标准 / Standard"])
    for p in report.products:
        append_figures(ws, [f"{p.name_zh} / {p.name_en}", p.unit_of_measure, p.quantity, p.energy_tce,
                            p.unit_consumption.value_kgce, p.unit_consumption.limit_kgce, p.standard],
                       [None, None, Kind.QUANTITY, Kind.ENERGY, Kind.QUANTITY, Kind.QUANTITY])
    append_figures(ws, ["增加值（万元）/ Value added (10k CNY)", f.value_added_10k_cny], [None, Kind.MONEY])
    _part(ws, "四、节能目标及完成情况 / Energy-saving target and completion")
    append_figures(ws, ["用能预算 tce / Energy budget", report.budget.budget_tce, "已用 tce / Used",
                        report.budget.used_tce, "完成比例 / Share", report.budget.share],
                   [None, Kind.ENERGY, None, Kind.ENERGY, None, Kind.SHARE])
    append_row(ws, ["说明 / Note", f.target_note])
    _part(ws, "五、节能项目与措施 / Energy-saving projects and measures")
    append_row(ws, [f.measures])
    for column, width in zip("ABCDEFGHI", (34, 14, 16, 14, 14, 14, 14, 12, 40), strict=True):
        ws.column_dimensions[column].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def cover_letter_docx(report: Report) -> bytes:
    """The cover letter (报送函) the enterprise sends with its report: who, which year, the totals."""
    from docx import Document

    f = report.filing
    document: Any = Document()  # python-docx is only partly typed
    word.heading(document, f"关于报送{f.year}年度能源利用状况报告的函", level=1)
    word.paragraph(document, "区节能主管部门：")
    word.paragraph(document, (
        f"根据《中华人民共和国节约能源法》第五十三条，现报送{f.basic.get('name', f.unit.name)}"
        f"（统一社会信用代码 {f.basic.get('uscc', f.unit.uscc)}）{f.year}年度能源利用状况报告。"
        f"本年度综合能源消费量 {_tce(report.total_tce)} 吨标准煤（当量值），"
        f"{_tce(report.total_tce_equal_value)} 吨标准煤（等价值）。"))
    explained = [e for e in report.energy if e.deviation.flagged]
    if explained:
        word.paragraph(document, "填报量与在线监测量的偏差说明：")
        for e in explained:
            word.paragraph(document, f"{e.name_zh}：{e.explanation or '（未说明）'}", style="List Bullet")
    word.paragraph(document, f"联系人：{f.basic.get('contact_person', '')}    "
                             f"联系电话：{f.basic.get('contact_phone', '')}")
    word.paragraph(document, str(f.basic.get("name", f.unit.name)))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def grades_xlsx(year: int, rows: list[dict[str, Any]], source: str) -> bytes:
    """The year's 碳效码 for banks: one row per unit (USCC, colour, level, intensity, benchmark, reasons)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = f"碳效码 {year}"
    append_row(ws, [f"{year}年度 重点用能单位碳效码 / Carbon-efficiency code of key units {year}"])
    ws["A1"].font = Font(bold=True, size=14)
    append_row(ws, ["方法 / Method", source])
    append_row(ws, [])
    append_row(ws, ["单位代码 / Unit", "单位名称 / Name", "统一社会信用代码 / USCC", "所在镇 / Town",
                    "行业大类 / Division", "碳效码 / Grade", "碳效等级 / Level", "碳效值 K",
                    "吨CO2/万元 / t per 10k CNY",
                    "基准 / Benchmark", "依据 / Reasons"])
    for r in rows:
        append_figures(ws, [r["unit"], r["name"], r["uscc"], r["town"], r["division"], r["colour"] or "—", r["level"],
                            r["ratio"], r["intensity"], r["benchmark"], r["reasons"]],
                       [None] * 7 + [Kind.RATIO, Kind.INTENSITY, Kind.INTENSITY])
    for column, width in zip("ABCDEFGHIJK", (12, 28, 22, 12, 10, 10, 8, 8, 12, 10, 60), strict=True):
        ws.column_dimensions[column].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
