"""Importing the register of key energy-using units: each bad cell is refused, naming its column."""

from __future__ import annotations

import io

import pytest

from carbonpeak.monitoring.registry.parsing import RegistryInputError, check_unit_rows, read_table
from carbonpeak.monitoring.vocabulary import DataCentreStage, KeyUnitLevel
from carbonpeak.people.uscc import check_character

TOWNS = ("朱泾镇", "漕泾镇", "石化街道")
USCC = "91310116MA1FL0000" + check_character("91310116MA1FL0000")
GOOD = {"code": "U1", "name": "某化工公司", "uscc": USCC, "industry_code": "2614", "town": "漕泾镇",
        "data_center": "否"}
DC = {**GOOD, "code": "DC1", "industry_code": "6550", "data_center": "是", "stage": "存量", "design_pue": "1.35"}


def check(*rows: dict[str, object]) -> tuple[list[str], list[tuple[int, str]]]:
    good, errors = check_unit_rows(rows, TOWNS)
    return [u.code for u in good], [(e.row, e.field) for e in errors]


def test_a_good_unit_and_a_data_centre() -> None:
    good, errors = check_unit_rows([GOOD, {**DC, "level": "国家级", "annual_budget_tce": "12,000"}], TOWNS)
    assert errors == []
    unit, dc = good
    assert (unit.row, unit.data_center, unit.level, unit.stage) == (2, False, KeyUnitLevel.DISTRICT, None)
    assert (dc.stage, dc.design_pue, dc.level, dc.annual_budget_tce) == (
        DataCentreStage.EXISTING, 1.35, KeyUnitLevel.NATIONAL, 12000.0)


@pytest.mark.parametrize(("cell", "value"), [("data_center", v) for v in ("true", "1", "yes", "是", True)])
def test_data_center_spellings(cell: str, value: object) -> None:
    good, errors = check_unit_rows([{**DC, cell: value}], TOWNS)
    assert errors == [] and good[0].data_center


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"uscc": USCC[:-1] + ("0" if USCC[-1] != "0" else "1")}, "uscc"),  # wrong check character
        ({"uscc": "91310116"}, "uscc"),
        ({"industry_code": "261"}, "industry_code"),
        ({"industry_code": "2618"}, "industry_code"),  # no such class in a fully listed division
        ({"town": "徐汇区"}, "town"),
        ({"data_center": "maybe"}, "data_center"),
        ({"name": ""}, "name"),
        ({"level": "province"}, "level"),
        ({"annual_budget_tce": "0"}, "annual_budget_tce"),
        ({"annual_budget_tce": "lots"}, "annual_budget_tce"),
        ({"stage": "new"}, "stage"),  # not a data centre
    ],
)
def test_each_bad_unit_cell_is_refused(change: dict[str, object], field: str) -> None:
    assert check({**GOOD, **change}) == ([], [(2, field)])


@pytest.mark.parametrize(
    ("change", "field"),
    [({"stage": ""}, "stage"), ({"stage": "old"}, "stage"), ({"design_pue": "0.9"}, "design_pue")],
)
def test_a_data_centre_needs_its_stage_and_a_pue_of_at_least_one(change: dict[str, object], field: str) -> None:
    assert check({**DC, **change}) == ([], [(2, field)])


def test_a_code_twice_is_an_error_on_the_later_row() -> None:
    assert check(GOOD, {**GOOD, "name": "另一家"}) == (["U1"], [(3, "code")])


def test_a_missing_column_is_reported_once() -> None:
    row = {k: v for k, v in GOOD.items() if k != "uscc"}
    assert check(row, row) == ([], [(1, "uscc")])


def test_csv_and_xlsx_tables() -> None:
    text = "\ufeffCode,Name,USCC,Industry_Code,Town,Data_Center\nU1,某公司," + USCC + ",2614,朱泾镇,0\n"
    rows = read_table("units.csv", text.encode("utf-8"))
    assert check_unit_rows(rows, TOWNS)[1] == []
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(GOOD))
    sheet.append([*list(GOOD.values())[:3], 2614.0, "漕泾镇", 0])  # Excel turns the code into a number
    buffer = io.BytesIO()
    book.save(buffer)
    good, errors = check_unit_rows(read_table("units.xlsx", buffer.getvalue()), TOWNS)
    assert errors == [] and good[0].industry_code == "2614"


def test_unreadable_files_are_refused_whole() -> None:
    with pytest.raises(RegistryInputError):
        read_table("units.csv", b"code,name\n\x00\x01\x02")  # not text
    with pytest.raises(RegistryInputError):
        read_table("units.csv", b"")
    with pytest.raises(RegistryInputError):
        read_table("units.xlsx", b"not a workbook")


def test_a_gbk_csv_as_excel_saves_it_is_read() -> None:
    assert read_table("units.csv", "code,name\nU1,名称\n".encode("gbk")) == [{"code": "U1", "name": "名称"}]
