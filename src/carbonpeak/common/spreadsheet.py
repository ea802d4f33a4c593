"""Cells of the spreadsheets CarbonPeak writes, made harmless to the person who opens them.

Pure module (no Django). A spreadsheet program evaluates text that starts with `=` as a formula,
and Excel, LibreOffice and many importers also read `+`, `-`, `@`, a tab or a carriage return at
the start as the beginning of one (OWASP "CSV injection", which applies to xlsx as much: openpyxl
stores any string beginning with `=` as a live formula). Text in our exports often comes from
people outside the office (a department's report narrative, a register entry's name), so such a
string is prefixed with a single quote: the cell is then plain text that shows what was typed.
Only strings are touched; numbers, dates and booleans pass as they are (a negative number stays a
number, a text "-1+2" is neutralised).

Characters that XML 1.0 cannot hold (control characters other than tab, newline and carriage
return) are replaced by U+FFFD, so a stray control character in user text never makes an export
fail; `xml_text` does only that, for the Word documents (python-docx writes plain runs, never field
codes, so text there needs no quote).

Every xlsx writer appends its rows through `append_row`, so no writer can forget the rule.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol, TypeVar, overload

from openpyxl import Workbook
from openpyxl.styles import Font

from carbonpeak.common.figures import Kind, excel_format

# Leading characters a spreadsheet may read as the start of a formula (OWASP).
FORMULA_START: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
# What openpyxl refuses to write (its ILLEGAL_CHARACTERS_RE): C0 controls except \t \n \r.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
REPLACEMENT = "\ufffd"

V = TypeVar("V")


@overload
def safe_cell(value: str) -> str: ...


@overload
def safe_cell(value: V) -> V: ...


def safe_cell(value: Any) -> Any:
    """The value to store in a cell: text that could start a formula gets a leading `'`."""
    if not isinstance(value, str):
        return value
    text = xml_text(value)
    return QUOTE + text if text.startswith(FORMULA_START) else text


def xml_text(text: str) -> str:
    """`text` with the characters XML cannot hold replaced (openpyxl and python-docx refuse them)."""
    return _NOT_XML.sub(REPLACEMENT, text)


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]


class Sheet(Protocol):
    """What `append_row` needs of a worksheet (openpyxl's Worksheet has it)."""

    def append(self, iterable: Iterable[Any], /) -> Any: ...


def append_row(sheet: Sheet, values: Iterable[Any]) -> None:
    """Append one row to `sheet`, every cell through `safe_cell`."""
    sheet.append(safe_row(values))


def number_formats(sheet: Any, kinds: Mapping[int, Kind], first_row: int = 1) -> None:
    """Show the numbers of the given columns (1-based), from `first_row` down, as the figures layer writes
    their kind (`common.figures.excel_format`: separators, percentages to one decimal, a PUE to two); the
    cells keep their numbers, so the reader can compute with them. Text cells ("C", "—") are left alone."""
    for column, kind in kinds.items():
        fmt = excel_format(kind)
        for (cell,) in sheet.iter_rows(min_row=first_row, min_col=column, max_col=column):
            if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                cell.number_format = fmt


def append_figures(sheet: Any, values: Sequence[Any], kinds: Sequence[Kind | None]) -> None:
    """`append_row`, then each number of the new row in the format of its kind (None: left as it is); for
    sheets whose parts have columns of different kinds (a report's sections)."""
    append_row(sheet, values)
    number_formats(sheet, {i: k for i, k in enumerate(kinds, start=1) if k is not None}, first_row=sheet.max_row)


_SHEET_NAME_FORBIDDEN = re.compile(r"[\\[\]:*?/]")


def table_xlsx(title: str, header: Sequence[str], rows: Iterable[Sequence[Any]], note: str = "",
               kinds: Mapping[int, Kind] | None = None) -> bytes:
    """A list page's table as one xlsx sheet: the title (and what was filtered) in row 1, the header in
    row 2, then the rows as the page shows them; numbers stay numbers so the reader can sum them, shown in
    the number format of their column's kind (`kinds`: 1-based column → Kind)."""
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = _SHEET_NAME_FORBIDDEN.sub("_", title)[:31] or "Sheet"  # Excel's rules for a sheet name
    append_row(ws, [f"{title} · {note}" if note else title])
    ws["A1"].font = Font(bold=True)
    append_row(ws, list(header))
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in rows:
        append_row(ws, list(row))
    number_formats(ws, kinds or {}, first_row=3)
    ws.freeze_panes = "A3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
