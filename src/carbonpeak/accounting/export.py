"""The district inventory as an .xlsx workbook: the lines, the trend, and how it was made.

The workbook is bilingual, each label "中文 English" as the office and its English-reading partners share one
file. What a reader is shown names things (the factor set by its name, the compiler as the history shows them,
the method by its title), never a code, a file path or a stored label alone."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from carbonpeak.accounting.inventory import Category
from carbonpeak.accounting.models import FactorSet, Inventory
from carbonpeak.audit.actors import shown
from carbonpeak.common.figures import Kind
from carbonpeak.common.spreadsheet import append_row, number_formats

LINE_COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("code", "代码 Code", 30),
    ("name", "清单行", 30),
    ("name_en", "Line", 44),
    ("gpc", "GPC", 8),
    ("scope", "范围 Scope", 10),
    ("co2_t", "CO2 (t)", 14),
    ("ch4_t", "CH4 (t)", 12),
    ("n2o_t", "N2O (t)", 12),
    ("co2e_t", "CO2e (t)", 16),
    ("energy_tce", "能耗 Energy (tce)", 16),
    ("notation", "注释键 Key", 10),
    ("quality", "数据质量 DQ", 10),
    ("note", "说明 Note", 40),
)
# How each figure column shows (common/figures.py): tonnes and tce separated, the small gases to 2 decimals.
LINE_KINDS = {"co2_t": Kind.CO2, "ch4_t": Kind.QUANTITY, "n2o_t": Kind.QUANTITY, "co2e_t": Kind.CO2,
              "energy_tce": Kind.ENERGY}
CATEGORY_NAMES = {
    Category.ENERGY: "能源活动 Energy",
    Category.IPPU: "工业生产过程 IPPU",
    Category.AGRICULTURE: "农业 Agriculture",
    Category.WASTE: "废弃物 Waste",
    Category.LULUCF: "土地利用变化和林业 LULUCF",
}

# The method as its documents are titled (docs/methodology/inventory.md and accounting.md, first lines; a test
# holds the English titles to the files), with the Chinese titles a Chinese reader looks for.
METHOD_ZH = "《区域温室气体清单：编制方法》《核算方法：能耗、标准煤与二氧化碳》（CarbonPeak 方法说明）"
METHOD_EN = ("District GHG inventory: method; Accounting methodology: energy, standard coal and CO2 "
             "(CarbonPeak methodology)")


def factor_set_named(label: str) -> str:
    """A factor-set label (`shanghai@2026-11#5305f3c37846`, what the inventory cites) with the set's names
    before it: 上海市现行因子（…）/ Shanghai current factors (…) · label. A set no longer stored keeps the label."""
    code = label.split("@", 1)[0]
    found = FactorSet.objects.filter(code=code).first()
    if found is None:
        return label
    return f"{found.name} / {found.name_en} · {label}"


def _both(zh: str, en: str) -> str:
    return zh if zh == en else f"{zh} / {en}"


def _cell(line: dict[str, Any], key: str) -> Any:
    # A confidential line is counted in the total but its figures are not shown.
    if line.get("notation") == "C" and key in ("co2_t", "ch4_t", "n2o_t", "co2e_t", "energy_tce"):
        return "C"
    if line.get("notation") and key in ("co2_t", "ch4_t", "n2o_t", "co2e_t", "energy_tce") and not line.get(key):
        return line["notation"]
    return line.get(key)


def inventory_xlsx(inventory: Inventory, trend: list[Inventory]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = f"清单 {inventory.year}"
    append_row(ws, [f"{inventory.year}年 温室气体排放清单 / GHG inventory {inventory.year}"])
    ws["A1"].font = Font(bold=True, size=14)
    append_row(
        ws,
        [
            f"因子集 Factor set: {factor_set_named(inventory.factor_set)}    "
            f"GWP: CH4 {inventory.gwp.get('ch4')}, N2O {inventory.gwp.get('n2o')}"
        ],
    )
    append_row(ws, [label for _key, label, _w in LINE_COLUMNS])
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for line in inventory.lines:
        append_row(ws, [_cell(line, key) for key, _label, _w in LINE_COLUMNS])
    append_row(
        ws,
        [
            "total",
            "合计（含碳汇）",
            "Total (net of removals)",
            "",
            "",
            "",
            "",
            "",
            inventory.total_co2e_t,
            inventory.energy_tce,
        ],
    )
    append_row(ws, ["gross", "合计（不含碳汇）", "Total (before removals)", "", "", "", "", "", inventory.gross_co2e_t])
    for row in ws.iter_rows(min_row=ws.max_row - 1):
        for cell in row:
            cell.font = Font(bold=True)
    number_formats(ws, {i: LINE_KINDS[key] for i, (key, _l, _w) in enumerate(LINE_COLUMNS, start=1)
                        if key in LINE_KINDS}, first_row=4)
    for index, (_key, _label, width) in enumerate(LINE_COLUMNS, start=1):
        ws.column_dimensions[ws.cell(row=3, column=index).column_letter].width = width

    ts = wb.create_sheet("趋势 Trend")
    append_row(
        ts, ["年份 Year", *CATEGORY_NAMES.values(), "合计 Total (t CO2e)", "能耗 Energy (tce)", "因子集 Factor set"]
    )
    for cell in ts[1]:
        cell.font = Font(bold=True)
    for inv in trend:
        by_cat = {c: 0.0 for c in CATEGORY_NAMES}
        for line in inv.lines:
            by_cat[Category(line["category"])] += line["co2e_t"]
        append_row(ts, [inv.year, *by_cat.values(), inv.total_co2e_t, inv.energy_tce, inv.factor_set])
    number_formats(ts, {1: Kind.YEAR, **{c: Kind.CO2 for c in range(2, len(CATEGORY_NAMES) + 3)},
                        len(CATEGORY_NAMES) + 3: Kind.ENERGY}, first_row=2)
    for col in "BCDEFGH":
        ts.column_dimensions[col].width = 20

    about = wb.create_sheet("说明 About")
    for row in (
        ("编制时间 Compiled at", inventory.compiled_at.isoformat(timespec="seconds")),
        ("编制人 Compiled by", _both(shown(inventory.compiled_by_label),
                                     shown(inventory.compiled_by_label, english=True))),
        ("活动数据条数 Activity records", inventory.activity_records),
        ("方法 Method", f"{METHOD_ZH} / {METHOD_EN}"),
        (
            "注释键 Notation keys",
            "NO 未发生 not occurring; IE 已计入他处 included elsewhere; "
            "NE 未估算 not estimated; C 保密 confidential (counted, not shown)",
        ),
        ("数据质量 Data quality", "H 高 high; M 中 medium; L 低 low (GPC)"),
    ):
        append_row(about, list(row))
    about.column_dimensions["A"].width = 28
    about.column_dimensions["B"].width = 90
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
