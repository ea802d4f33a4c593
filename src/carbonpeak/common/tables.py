"""Table files (CSV, xlsx) read within the declared limits of `common/limits.py` (表格文件读取).

Pure module (no Django). One reader for every importer: the rows come keyed by the lower-cased,
stripped header, wholly empty rows are skipped, and a file beyond the limits (rows, columns, a
cell's length, an xlsx's declared or real size, its size unzipped) is refused with `InputTooLarge`
naming the row and the column, before the rest is read. The xlsx reader streams the sheet in
openpyxl's read-only mode and never asks for more rows or columns than the limits, so a file with
one cell at XFD1048576 costs what its real content costs, not sixteen billion empty cells.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from carbonpeak.common.limits import (
    MAX_CELL_CHARS,
    MAX_FILE_BYTES,
    MAX_TABLE_COLUMNS,
    MAX_TABLE_ROWS,
    MAX_XLSX_UNPACKED_BYTES,
    InputTooLarge,
    check_size,
    decode_text,
)

# The csv module refuses a field past 128 KiB with a bare csv.Error that names neither row nor column:
# it may read up to this many characters, so that a long cell is measured and named by `_check_cells`
# (or, in a form's text, by the field's own checks); more than a request body may hold (2.5 MB).
CSV_FIELD_LIMIT = 4 * 1024 * 1024


@dataclass(frozen=True)
class Table:
    header: list[str]  # lower-cased, stripped
    records: list[dict[str, object]]  # one per non-empty data row, keyed by the header


def _check_cells(cells: Iterable[object], row: int, header: list[str] | None, max_cell: int) -> None:
    for i, cell in enumerate(cells):
        if isinstance(cell, str) and len(cell) > max_cell:
            column = header[i] if header is not None and i < len(header) and header[i] else f"#{i + 1}"
            raise InputTooLarge(column, f"单元格超过 {max_cell:,} 个字符（{len(cell):,}）",
                                f"a cell longer than {max_cell:,} characters ({len(cell):,})", row)


def _too_many_rows(max_rows: int) -> InputTooLarge:
    return InputTooLarge("file", f"超过 {max_rows:,} 行，请分批导入", f"more than {max_rows:,} rows: split the file",
                         max_rows + 2)


def csv_rows(lines: Iterable[str], *, max_rows: int | None = MAX_TABLE_ROWS, max_columns: int = MAX_TABLE_COLUMNS,
             max_cell: int = MAX_CELL_CHARS) -> Iterator[tuple[int, list[str]]]:
    """Each row of a CSV (header first) with its line number, every cell and the row count checked.

    `max_rows` (data rows) None streams a file of any length (a readings file, read in chunks)."""
    if csv.field_size_limit() < CSV_FIELD_LIMIT:
        csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.reader(lines)
    header: list[str] | None = None
    count = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # a field past CSV_FIELD_LIMIT, a NUL byte
            raise InputTooLarge("file", f"第{reader.line_num}行无法读取：{exc}", f"cannot read line "
                                f"{reader.line_num}: {exc}", reader.line_num) from exc
        if len(cells) > max_columns:
            raise InputTooLarge("file", f"超过 {max_columns} 列（{len(cells)}）",
                                f"more than {max_columns} columns ({len(cells)})", reader.line_num)
        _check_cells(cells, reader.line_num, header, max_cell)
        if header is None:
            header = [c.strip().lower() for c in cells]
        else:
            count += 1
            if max_rows is not None and count > max_rows:
                raise _too_many_rows(max_rows)
        yield reader.line_num, cells


def csv_dicts(text: str, *, max_rows: int | None = MAX_TABLE_ROWS, lower: bool = False
              ) -> Iterator[dict[Any, Any]]:
    """The data rows of a CSV text as csv.DictReader gives them (keyed by the stripped header, lower-cased
    if `lower`; a missing cell None, extra cells as a list under None; blank rows skipped), within the
    limits; nothing for an empty text."""
    rows = csv_rows(io.StringIO(text.lstrip("\ufeff"), newline=""), max_rows=max_rows)
    first = next(rows, None)
    if first is None:
        return
    header = [c.strip().lower() if lower else c.strip() for c in first[1]]
    for _, cells in rows:
        if not cells:
            continue
        record: dict[Any, Any] = {name: (cells[i] if i < len(cells) else None) for i, name in enumerate(header)}
        if len(cells) > len(header):
            record[None] = cells[len(header):]
        yield record


def csv_header(text: str) -> list[str]:
    """The stripped cells of a CSV text's first row (checked like every row)."""
    first = next(csv_rows(io.StringIO(text.lstrip("\ufeff"), newline=""), max_rows=None), None)
    return [c.strip() for c in first[1]] if first is not None else []


def read_csv(data: bytes, *, max_rows: int = MAX_TABLE_ROWS, max_bytes: int = MAX_FILE_BYTES) -> Table:
    """A CSV file (UTF-8 or GBK) as records; blank rows skipped, a missing cell is None (as csv.DictReader)."""
    check_size(len(data), max_bytes)
    text = decode_text(data)
    rows = csv_rows(io.StringIO(text, newline=""), max_rows=max_rows)
    first = next(rows, None)
    if first is None:
        raise InputTooLarge("file", "文件为空或没有表头", "empty file or no header row")
    header = [c.strip().lower() for c in first[1]]
    records: list[dict[str, object]] = []
    for _, cells in rows:
        if not cells:
            continue
        records.append({name: (cells[i] if i < len(cells) else None) for i, name in enumerate(header)})
    return Table(header, records)


def _unpacked_size(content: bytes) -> int:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise InputTooLarge("file", "不是 xlsx 文件", f"not an xlsx file: {exc}") from exc


def read_xlsx(content: bytes, *, max_rows: int = MAX_TABLE_ROWS, max_columns: int = MAX_TABLE_COLUMNS,
              max_cell: int = MAX_CELL_CHARS, max_bytes: int = MAX_FILE_BYTES) -> Table:
    """The first sheet of an xlsx as records; empty rows skipped."""
    check_size(len(content), max_bytes)
    if (unpacked := _unpacked_size(content)) > MAX_XLSX_UNPACKED_BYTES:
        raise InputTooLarge("file", f"解压后超过 {MAX_XLSX_UNPACKED_BYTES // (1024 * 1024)} MB（{unpacked:,} 字节）",
                            f"larger than {MAX_XLSX_UNPACKED_BYTES // (1024 * 1024)} MB unzipped ({unpacked:,} bytes)")
    from openpyxl import load_workbook  # only xlsx files need it

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise InputTooLarge("file", "无法读取该 xlsx 文件", f"cannot read the xlsx file: {exc}") from exc
    try:
        sheet = book.worksheets[0]
        declared_rows, declared_columns = sheet.max_row or 0, sheet.max_column or 0
        if declared_rows > max_rows + 1 or declared_columns > max_columns:
            raise InputTooLarge("file", f"工作表声明的范围过大（{declared_rows:,} 行 × {declared_columns:,} 列，上限 "
                                f"{max_rows + 1:,} × {max_columns}）", f"the sheet declares {declared_rows:,} rows × "
                                f"{declared_columns:,} columns (at most {max_rows + 1:,} × {max_columns})")
        return _xlsx_table(sheet, max_rows, max_columns, max_cell)
    finally:
        book.close()


def _xlsx_table(sheet: Any, max_rows: int, max_columns: int, max_cell: int) -> Table:
    # The sheet's XML is parsed row by row as openpyxl's read-only mode does, but without its filling in of
    # missing rows and cells (what makes one cell at XFD1048576 cost sixteen billion): only the cells the
    # file holds are looked at, and the first one beyond the limits refuses the file.
    from openpyxl.worksheet._reader import WorkSheetParser

    book = sheet.parent
    header: list[str] | None = None
    records: list[dict[str, object]] = []
    with sheet._get_source() as source:
        parser = WorkSheetParser(source, sheet._shared_strings, data_only=book.data_only, epoch=book.epoch,
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        for n, cells in parser.parse():
            found: dict[int, object] = {}
            for cell in cells:
                value, column = cell["value"], cell["column"]
                if value is None or value == "":
                    continue
                if n > max_rows + 1:
                    raise _too_many_rows(max_rows)
                if column > max_columns:
                    raise InputTooLarge("file", f"第{column}列有内容，超过 {max_columns} 列",
                                        f"a cell in column {column}, beyond the first {max_columns}", n)
                found[column - 1] = value
            row: list[object] = [None] * (max(found) + 1 if found else 0)
            for i, value in found.items():
                row[i] = value
            _check_cells(row, n, header, max_cell)
            if header is None:
                header = [str(c or "").strip().lower() for c in row]
                while header and not header[-1]:
                    header.pop()
                if not header:
                    header = None  # blank rows above the header
            elif any(c is not None for c in row):
                records.append(dict(zip(header, row, strict=False)))
    if header is None:
        raise InputTooLarge("file", "文件为空或没有表头", "empty file or no header row")
    return Table(header, records)


def read_table(name: str, content: bytes, *, max_rows: int = MAX_TABLE_ROWS) -> Table:
    """A CSV or xlsx file (by its name) as records."""
    if name.lower().endswith(".xlsx"):
        return read_xlsx(content, max_rows=max_rows)
    return read_csv(content, max_rows=max_rows)
