"""File downloads the pages offer (xlsx, docx): one way to answer with an attachment, and a list
page's table as an xlsx download (written by `common.spreadsheet.table_xlsx`, every row through
`append_row`, so formulas typed by people stay text)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse

from carbonpeak.common.figures import Kind
from carbonpeak.common.spreadsheet import table_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def content_disposition(filename: str) -> str:
    """`attachment` with the file name; a Chinese name as RFC 6266's filename* beside an ASCII fallback."""
    if filename.isascii():
        return f'attachment; filename="{filename}"'
    fallback = filename.encode("ascii", "replace").decode().replace("?", "_")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def attachment(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def xlsx_response(title: str, header: Sequence[str], rows: Iterable[Sequence[Any]], filename: str,
                  note: str = "", kinds: Mapping[int, Kind] | None = None) -> HttpResponse:
    """A list page's table (`table_xlsx`, numbers formatted by their column's kind) as a download."""
    return attachment(table_xlsx(title, header, rows, note, kinds), filename, XLSX)
