"""The 晴雨表 of places as an xlsx file: a row per place, a column per split indicator, each cell coloured by
its level and saying the latest value, the place's target and the level in words (every row through
`common.spreadsheet.append_row`, so text typed by people stays text)."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from carbonpeak.common.figures import format_measure
from carbonpeak.common.measures import UNITS
from carbonpeak.common.spreadsheet import append_row
from carbonpeak.indicators.place_evaluation import Grid, PlaceStatus
from carbonpeak.indicators.vocabulary import BarometerLevel

# The NDRC 晴雨表 colours (发改办环资〔2021〕629号 names them red, orange and green).
FILL = {
    BarometerLevel.RED: "F4B6B6", BarometerLevel.ORANGE: "FAD7A0", BarometerLevel.GREEN: "C8E6C9",
    BarometerLevel.NONE: "EEEEEE",
}
LEVEL_TEXT = {
    BarometerLevel.RED: "一级预警（红色）形势十分严峻 / level 1 (red): very severe",
    BarometerLevel.ORANGE: "二级预警（橙色）形势比较严峻 / level 2 (orange): fairly severe",
    BarometerLevel.GREEN: "三级（绿色）进展基本顺利 / level 3 (green): broadly on course",
    BarometerLevel.NONE: "无数据 / no reading",
}


def cell_text(ps: PlaceStatus) -> str:
    p, code = ps.progress, ps.indicator.unit
    unit = UNITS[code].zh
    latest = f"{format_measure(p.latest.value, code, unit)}（{p.latest.label}）" if p.latest else "无数据 / no data"
    target = f"目标 / target {format_measure(p.target.value, code, unit)} @{p.target.year}" if p.target else ""
    return f"{latest}\n{target}\n{LEVEL_TEXT[p.barometer]}"


def places_xlsx(grid: Grid, as_of: dt.date) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "分地区晴雨表"
    append_row(sheet, [f"分地区晴雨表 / Barometer of places · {as_of.isoformat()}"])
    sheet["A1"].font = Font(bold=True)
    append_row(sheet, ["地区 / Place", "综合 / Overall",
                       *(f"{i.name} / {i.name_en}（{UNITS[i.unit].zh}）" for i in grid.columns)])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for n, row in enumerate(grid.rows, start=3):
        cells = [row.cells.get(i.code) for i in grid.columns]
        append_row(sheet, [f"{row.place.name} / {row.place.name_en}", LEVEL_TEXT[row.level],
                           *(cell_text(c) if c is not None else "未分解 / no target" for c in cells)])
        levels = [row.level, *(c.progress.barometer if c is not None else None for c in cells)]
        for column, level in enumerate(levels, start=2):
            cell = sheet.cell(row=n, column=column)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if level is not None:
                cell.fill = PatternFill("solid", fgColor=FILL[level])
    append_row(sheet, [])
    for level in (BarometerLevel.RED, BarometerLevel.ORANGE, BarometerLevel.GREEN, BarometerLevel.NONE):
        append_row(sheet, ["", LEVEL_TEXT[level]])
        sheet.cell(row=sheet.max_row, column=2).fill = PatternFill("solid", fgColor=FILL[level])
    sheet.column_dimensions["A"].width = 28
    for column in range(2, len(grid.columns) + 3):
        sheet.column_dimensions[sheet.cell(row=2, column=column).column_letter].width = 30
    sheet.freeze_panes = "C3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
