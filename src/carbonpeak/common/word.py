"""Text written into the Word documents CarbonPeak makes (.docx, python-docx): the one way in.

Pure module (no Django). python-docx refuses a string with a character XML 1.0 cannot hold (a control
character other than tab, newline and carriage return) with a ValueError, so one stray character in a
project's name or a department's narrative would make the whole download fail. Every heading, paragraph,
run and table cell the rooms write goes through these functions, which pass the text through
`common.spreadsheet.xml_text` (the same replacement the xlsx exports make); `tests/common/test_word.py`
fails any module that writes docx text around them.

The writers are duck-typed (python-docx is only partly typed): a document, a paragraph, a run or a cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from carbonpeak.common.spreadsheet import xml_text


def heading(document: Any, text: str, level: int = 1) -> Any:
    return document.add_heading(xml_text(text), level=level)


def paragraph(container: Any, text: str = "", style: str | None = None) -> Any:
    """A paragraph at the end of a document (or a cell)."""
    return container.add_paragraph(xml_text(text), style=style)


def run(paragraph_: Any, text: str = "") -> Any:
    """A run at the end of a paragraph (empty: to hold a picture)."""
    return paragraph_.add_run(xml_text(text))


def set_text(target: Any, text: str) -> None:
    """Replace the text of a run or a table cell."""
    target.text = xml_text(text)


def table(document: Any, rows: Sequence[Sequence[str]], header: Sequence[str] | None = None,
          style: str = "Table Grid") -> Any:
    """A table of text, the header (if any) as its first row."""
    all_rows = [header, *rows] if header is not None else list(rows)
    grid = document.add_table(rows=0, cols=len(all_rows[0]))
    grid.style = style
    for values in all_rows:
        for cell, text in zip(grid.add_row().cells, values, strict=True):
            set_text(cell, text)
    return grid
