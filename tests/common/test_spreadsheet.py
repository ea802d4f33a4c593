"""safe_cell / append_row: text that could start a formula becomes inert text; other values pass.

The workbook tests write through openpyxl and read the file back, so they fail if the helper lets a
formula through (openpyxl stores any string beginning with "=" as a formula, data_type "f").
"""

from __future__ import annotations

import ast
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from carbonpeak.common.spreadsheet import FORMULA_START, append_row, safe_cell, safe_row

PLANTED = ['=HYPERLINK("http://evil","x")', "+cmd", "@SUM(1)", "\t=1", "\r=1", "-1+2", "=1+1", "-"]


@pytest.mark.parametrize("text", PLANTED)
def test_text_that_could_start_a_formula_gets_a_leading_quote(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["苗木资金未到位", "区经委", "a=b", " =1", "'=1", "1-2", "", "☆区经委、区发改委",
                                  "Emissions|CO2", "http://x?a=1"])
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert safe_cell(text) == text


@pytest.mark.parametrize("value", [-1, -1.5, 0, 2.25, None, True, False, dt.date(2025, 1, 1),
                                   dt.datetime(2025, 1, 1, 8, 0)])
def test_numbers_dates_and_booleans_pass_as_they_are(value: Any) -> None:
    assert safe_cell(value) is value


def test_the_list_of_formula_starts_is_owasps() -> None:
    assert set(FORMULA_START) == {"=", "+", "-", "@", "\t", "\r"}


def test_control_characters_xml_cannot_hold_are_replaced() -> None:
    assert safe_cell("a\x01b\x0bc\x1f") == "a\ufffdb\ufffdc\ufffd"
    assert safe_cell("行一\n行二\t列\r") == "行一\n行二\t列\r"  # tab, newline, CR are legal XML
    assert safe_cell("\x00=1") == "\ufffd=1"  # no longer starts a formula once the control is replaced


def test_safe_row_keeps_order_and_types() -> None:
    assert safe_row([1, "=x", None, -2.5, "ok"]) == [1, "'=x", None, -2.5, "ok"]


def _read_back(rows: list[list[Any]]) -> Any:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        append_row(ws, row)
    buffer = io.BytesIO()
    wb.save(buffer)
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert sheet is not None
    return sheet


def test_a_written_workbook_holds_no_formula_from_text() -> None:
    sheet = _read_back([PLANTED, [-1, 2.5, "-1+2", "备注"]])
    for cell in sheet[1]:
        assert cell.data_type == "s", cell.coordinate
        assert str(cell.value).startswith("'"), cell.coordinate
    negative, number, text, note = sheet[2][:4]
    assert (negative.value, negative.data_type) == (-1, "n")
    assert (number.value, number.data_type) == (2.5, "n")
    assert (text.value, text.data_type) == ("'-1+2", "s")
    assert note.value == "备注"


def test_a_control_character_does_not_stop_the_export() -> None:
    sheet = _read_back([["说明\x07结束"]])
    assert sheet["A1"].value == "说明\ufffd结束"


def test_openpyxl_alone_would_store_a_formula() -> None:
    """Guard the premise of this module: without it the planted text is live."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(['=HYPERLINK("http://evil","x")'])
    assert ws["A1"].data_type == "f"


# --- no writer goes around the helper ---------------------------------------------------------

SRC = Path(__file__).resolve().parents[2] / "src" / "carbonpeak"


def _sheet_names(tree: ast.AST) -> set[str]:
    """Names bound to a worksheet: `x = book.active` or `x = book.create_sheet(...)`."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            value = node.value
            if (isinstance(value, ast.Attribute) and value.attr == "active") or (
                    isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute)
                    and value.func.attr == "create_sheet"):
                names.add(node.targets[0].id)
    return names


def _writes_around_the_helper(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    sheets = _sheet_names(tree)
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "append"
                and isinstance(node.func.value, ast.Name) and node.func.value.id in sheets):
            found.append(f"{path.name}:{node.lineno} {node.func.value.id}.append")
        targets = node.targets if isinstance(node, ast.Assign) else []
        for target in targets:
            if isinstance(target, ast.Attribute) and target.attr == "value":
                found.append(f"{path.name}:{node.lineno} .value =")
            if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) and target.value.id in sheets:
                found.append(f"{path.name}:{node.lineno} {target.value.id}[…] =")
    return found


def _xlsx_writers() -> list[Path]:
    return [p for p in SRC.rglob("*.py") if "Workbook(" in p.read_text(encoding="utf-8")]


def test_every_xlsx_writer_appends_through_the_helper() -> None:
    writers = _xlsx_writers()
    assert {p.relative_to(SRC).as_posix() for p in writers} >= {
        "plan/export.py", "accounting/export.py", "review/register_export.py", "roadmap/iamc.py"}
    for path in writers:
        assert "append_row" in path.read_text(encoding="utf-8"), path
        assert _writes_around_the_helper(path) == [], path


def test_the_guard_sees_a_direct_write(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("book = Workbook()\nws = book.active\nws.append(['=1'])\nws['A1'] = '=2'\n"
                   "extra = book.create_sheet('x')\nextra.append(['=3'])\nrows = []\nrows.append(1)\n")
    assert sorted(_writes_around_the_helper(bad)) == ["bad.py:3 ws.append", "bad.py:4 ws[…] =", "bad.py:6 extra.append"]
