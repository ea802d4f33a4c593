"""An importer's xlsx template, written from its declared columns (导入模板).

Sheet 1 holds the header row in the reader's language (the importers read either language's header), a
drop-down list on each column whose allowed values are few, and nothing else: a row typed below it is data.
Sheet 2 (可填值 / Allowed values) lists every column: required or not, its allowed values, an example and a note.
Every row goes through `common.spreadsheet.append_row`."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from carbonpeak.common.spreadsheet import append_row
from carbonpeak.http.import_checks import joined
from carbonpeak.http.imports import Importer

# Excel keeps an inline list (`"a,b,c"`) to 255 characters; a longer list is only on the second sheet.
INLINE_LIST_CHARS = 255
DATA_ROWS = 1000  # the rows the drop-down lists cover


def _inline_list(allowed: Sequence[str]) -> str | None:
    if not allowed or any("," in v or '"' in v for v in allowed):
        return None
    text = ",".join(allowed)
    return f'"{text}"' if len(text) + 2 <= INLINE_LIST_CHARS else None


def template_xlsx(importer: Importer, english: bool) -> bytes:
    book = Workbook()
    data = book.active
    assert data is not None
    data.title = "Data" if english else "数据"
    append_row(data, [c.header_in(english) for c in importer.columns])
    for i, column in enumerate(importer.columns, start=1):
        cell = data.cell(row=1, column=i)
        cell.font = Font(bold=True)
        data.column_dimensions[get_column_letter(i)].width = max(12, len(column.header_in(english)) * 2 + 2)
        formula = _inline_list([str(v) for v in column.allowed])
        if formula is not None:
            rule = DataValidation(type="list", formula1=formula, allow_blank=not column.required)
            rule.add(f"{get_column_letter(i)}2:{get_column_letter(i)}{DATA_ROWS + 1}")
            data.add_data_validation(rule)
    data.freeze_panes = "A2"

    values = book.create_sheet("Allowed values" if english else "可填值")
    append_row(values, ["Column", "Required", "Allowed values", "Example", "Note"] if english
               else ["列", "必填", "可填值", "示例", "说明"])
    for cell in values[1]:
        cell.font = Font(bold=True)
    yes, no = ("yes", "no") if english else ("是", "否")
    for column in importer.columns:
        append_row(values, [column.header_in(english), yes if column.required else no,
                            joined(column.allowed, english), str(column.example),
                            str(column.note)])
    for letter, width in zip("ABCDE", (18, 8, 60, 20, 40), strict=True):
        values.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
