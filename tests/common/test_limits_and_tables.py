"""The declared input limits and the bounded readers every importer uses (common/limits.py, common/tables.py):
a file beyond them is refused before the work, naming the row and the column; never a hang or a traceback."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from carbonpeak.common.limits import (
    InputTooLarge,
    capped,
    check_readable,
    decode_text,
    json_depth,
    load_json,
    read_file,
    sniff_encoding,
)
from carbonpeak.common.tables import read_csv, read_table, read_xlsx


def xlsx(cells: dict[str, object], dimension: str | None = None) -> bytes:
    """An xlsx with these cells; `dimension` replaces the range the sheet declares."""
    book = Workbook()
    for ref, value in cells.items():
        book.active[ref] = value
    buffer = io.BytesIO()
    book.save(buffer)
    if dimension is None:
        return buffer.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="' + dimension.encode() + b'"', data)
            dst.writestr(info, data)
    return out.getvalue()


HEADER = {"A1": "Indicator", "B1": "Value"}


def test_an_xlsx_is_read_keyed_by_its_header_skipping_empty_rows() -> None:
    table = read_xlsx(xlsx({**HEADER, "A2": "x", "B2": 1.5, "A4": "y", "B4": 2}))
    assert table.header == ["indicator", "value"]
    assert table.records == [{"indicator": "x", "value": 1.5}, {"indicator": "y", "value": 2}]


def test_one_cell_at_xfd1048576_is_refused_at_once() -> None:
    start = time.perf_counter()
    with pytest.raises(InputTooLarge) as caught:
        read_xlsx(xlsx({**HEADER, "XFD1048576": "x"}))
    assert "1,048,576" in caught.value.reason_en and "16,384" in caught.value.reason_en
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize("far", ["XFD3", "A1048576"])
def test_a_far_cell_under_a_small_declared_range_is_refused_at_once(far: str) -> None:
    start = time.perf_counter()
    with pytest.raises(InputTooLarge) as caught:
        read_xlsx(xlsx({**HEADER, far: "x"}, dimension="A1:B2"))
    assert caught.value.field == "file" and caught.value.row in (3, 100_002)
    assert time.perf_counter() - start < 5


def test_rows_and_columns_past_the_limits_are_refused() -> None:
    with pytest.raises(InputTooLarge, match="more than 3 rows"):
        read_xlsx(xlsx({**HEADER, **{f"A{i}": i for i in range(2, 7)}}, dimension="A1:B2"), max_rows=3)
    with pytest.raises(InputTooLarge, match="more than 3 rows"):
        read_csv(b"a,b\n" + b"1,2\n" * 4, max_rows=3)
    with pytest.raises(InputTooLarge, match="columns"):
        read_csv(b",".join([b"c"] * 201) + b"\n")


def test_a_long_cell_is_refused_naming_its_row_and_column() -> None:
    with pytest.raises(InputTooLarge) as caught:
        read_csv(b"code,name\nU1,ok\nU2," + b"x" * 131_073 + b"\n")
    assert (caught.value.row, caught.value.field) == (3, "name")
    assert "131,073" in caught.value.reason_en and "字符" in caught.value.reason_zh
    with pytest.raises(InputTooLarge) as caught:
        read_xlsx(xlsx({**HEADER, "A2": "ok", "B3": "x" * 20_000}))
    assert (caught.value.row, caught.value.field) == (3, "value")


def test_an_xlsx_that_unzips_too_big_or_is_no_zip_is_refused() -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * (210 * 1024 * 1024))
    with pytest.raises(InputTooLarge, match="unzipped"):
        read_xlsx(bomb.getvalue())
    with pytest.raises(InputTooLarge, match="not an xlsx"):
        read_table("a.xlsx", b"PK\x03\x04 broken")


def test_text_is_utf8_or_gbk_and_binary_is_refused() -> None:
    assert decode_text("\ufeff名称".encode()) == "名称"
    assert decode_text("名称".encode("gbk")) == "名称"
    assert sniff_encoding("名称".encode("gbk")) == "gb18030"
    assert sniff_encoding("名称".encode()[:-1]) == "utf-8-sig"  # a character cut at the end of the head
    with pytest.raises(InputTooLarge, match="not a text file"):
        decode_text(b"PK\x03\x04\x00\x00")
    assert read_csv("code,名称\nU1,甲\n".encode("gbk")).records == [{"code": "U1", "名称": "甲"}]


def test_json_depth_is_checked_before_parsing_and_big_integers_become_floats() -> None:
    assert json_depth('{"a": [1, {"b": "[[[["}]}') == 3
    with pytest.raises(InputTooLarge, match="too deep"):
        load_json("[" * 5000 + "]" * 5000)
    with pytest.raises(InputTooLarge, match="invalid JSON"):
        load_json("[1,")
    assert load_json("[1" + "0" * 5000 + ", 12]") == [float("inf"), 12]


def test_files_a_command_is_given(tmp_path: Path) -> None:
    with pytest.raises(InputTooLarge, match="is a folder"):
        check_readable(tmp_path)
    with pytest.raises(InputTooLarge, match="no such file"):
        read_file(tmp_path / "nope.csv")
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(InputTooLarge, match="empty"):
        read_file(tmp_path / "empty.csv")
    (tmp_path / "big.csv").write_bytes(b"x" * 2000)
    with pytest.raises(InputTooLarge, match="larger than"):
        read_file(tmp_path / "big.csv", limit=1000)


def test_a_list_of_problems_is_capped_with_a_count_of_the_rest() -> None:
    assert capped(range(5), 2) == ([0, 1], 3)
    assert capped(range(2), 2) == ([0, 1], 0)
