"""The IAMC workbook never turns text into a formula (issue 17, item 5): a region or scenario name
from a base-data file, or a factor set label in the meta sheet, that starts with "=", "+", "-" or "@"
is stored as inert text; the numbers stay numbers (a negative sink stays a negative number)."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from carbonpeak.roadmap.iamc import Row, write_iamc_xlsx


def test_text_cells_are_inert_and_numbers_stay_numbers() -> None:
    rows: list[Row] = [{"model": "CarbonPeak", "scenario": "+cmd", "region": '=HYPERLINK("http://evil","x")',
                        "variable": "Emissions|CO2|AFOLU", "unit": "@SUM(1)", 2020: -1.25, 2021: 3.0}]
    buffer = io.BytesIO()
    write_iamc_xlsx(rows, buffer, meta={"+cmd": {"factor_set": "-1+2", "peak_year": 2028}})
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    data = book["data"]
    model, scenario, region, variable, unit, y2020, y2021 = data[2]
    assert [c.value for c in (model, scenario, region, variable, unit)] == [
        "CarbonPeak", "'+cmd", "'=HYPERLINK(\"http://evil\",\"x\")", "Emissions|CO2|AFOLU", "'@SUM(1)"]
    assert all(c.data_type == "s" for c in (model, scenario, region, variable, unit))
    assert (y2020.value, y2020.data_type, y2021.value) == (-1.25, "n", 3.0)
    meta = book["meta"]
    header = [c.value for c in meta[1]]
    row = {h: c for h, c in zip(header, meta[2], strict=True)}
    assert (row["factor_set"].value, row["factor_set"].data_type) == ("'-1+2", "s")
    assert (row["peak_year"].value, row["peak_year"].data_type) == (2028, "n")
    assert not any(c.data_type == "f" for sheet in book for line in sheet.iter_rows() for c in line)
