"""Exports keep numbers numeric and show them as the figures layer writes their kind."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from carbonpeak.common.figures import Kind, excel_format
from carbonpeak.common.spreadsheet import table_xlsx


def test_a_table_s_numbers_stay_numbers_in_their_kind_s_format() -> None:
    data = table_xlsx("t", ["year", "tce", "share", "note"], [[2025, 12345.678, 0.875, "—"], [2026, None, 0.5, "x"]],
                      kinds={1: Kind.YEAR, 2: Kind.ENERGY, 3: Kind.SHARE, 4: Kind.ENERGY})
    ws = load_workbook(io.BytesIO(data)).active
    assert ws is not None
    assert (ws["A3"].value, ws["A3"].number_format) == (2025, "0")  # never 2,025
    assert (ws["B3"].value, ws["B3"].number_format) == (12345.678, excel_format(Kind.ENERGY))
    assert (ws["C3"].value, ws["C3"].number_format) == (0.875, "0.0%")
    assert (ws["D3"].value, ws["D3"].number_format) == ("—", "General")  # text is left alone
    assert ws["B4"].value is None


def test_without_kinds_a_table_is_as_before() -> None:
    ws = load_workbook(io.BytesIO(table_xlsx("t", ["n"], [[1.5]]))).active
    assert ws is not None and ws["A3"].number_format == "General"
