"""Bad activity input is refused with every problem at once, each naming row, field and reason (zh / en)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from carbonpeak.accounting.activity import MAX_REPORTED_ISSUES, activity_from_records, read_activity_csv
from carbonpeak.accounting.issues import AccountingInputError
from carbonpeak.common.issues import InputIssue
from carbonpeak.common.periods import Period, parse_period

HEADER = "entity,period,energy_type,quantity,unit,use,green_power,renewable\n"
GOOD = "plant,2023,diesel,1,t,,,\n"
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def issues_of(text: str) -> list[InputIssue]:
    with pytest.raises(AccountingInputError) as caught:
        read_activity_csv(text)
    issues = caught.value.issues
    assert issues, "an AccountingInputError must carry its issues"
    for issue in issues:
        assert_bilingual(issue.reason)
    return issues


def assert_bilingual(reason: str) -> None:
    assert CJK.search(reason), f"no Chinese in {reason!r}"
    assert LATIN_WORD.search(reason), f"no English in {reason!r}"
    assert "/ " in reason, f"zh / en not separated in {reason!r}"


def only_issue(text: str) -> InputIssue:
    issues = issues_of(text)
    assert len(issues) == 1, issues
    return issues[0]


# --- one bad row, one issue -------------------------------------------------------------

@pytest.mark.parametrize(
    ("row", "field", "words"),
    [
        ("plant,2023,diesel,100,kWh,,,", "unit", ["柴油", "Diesel", "kWh", "mass"]),
        ("plant,2023,natural_gas,100,t,,,", "unit", ["天然气", "Natural gas", "volume"]),
        ("plant,2023,electricity,100,m3,,,", "unit", ["电力", "electricity"]),
        ("plant,2023,steam,100,m3,,,", "unit", ["蒸汽", "heat", "mass"]),
        ("plant,2023,coal,100,t,,,", "energy_type", ["未知能源品种", "unknown energy type", "'coal'"]),
        ("plant,2023,diesel,100,bbl,,,", "unit", ["无法识别的单位", "unknown unit", "'bbl'"]),
        ("plant,2023,diesel,,t,,,", "quantity", ["须为数字", "must be a number"]),
        ("plant,2023,diesel,-5,t,,,", "quantity", ["不能为负", "must not be negative", "-5"]),
        ("plant,2023,diesel,abc,t,,,", "quantity", ["须为数字", "must be a number", "'abc'"]),
        ("plant,2023,diesel,1.2.3,t,,,", "quantity", ["must be a number"]),
        ("plant,2023,diesel,inf,t,,,", "quantity", ["须为有限数", "must be finite", "'inf'"]),
        ("plant,2023,diesel,-inf,t,,,", "quantity", ["must be finite"]),
        ("plant,2023,diesel,nan,t,,,", "quantity", ["must be finite", "'nan'"]),
        ("plant,2023,diesel,1e999,t,,,", "quantity", ["must be finite"]),
        ("plant,2023-13,diesel,1,t,,,", "period", ["无法识别的期间", "not a period", "2023-13"]),
        ("plant,,diesel,1,t,,,", "period", ["not a period"]),
        ("plant,2023,diesel,1,t,burn,,", "use", ["可填：燃料、原料", "accepted: Fuel, Feedstock", "'burn'"]),
        ("plant,2023,electricity,1,kWh,feedstock,,", "use", ["电力不能作原料用能", "Electricity cannot be feedstock"]),
        ("plant,2023,heat,1,GJ,feedstock,,", "use", ["Heat cannot be feedstock"]),
        ("plant,2023,diesel,1,t,,true,", "green_power", ["只适用于电力", "applies to electricity only", "Diesel"]),
        ("plant,2023,heat,1,GJ,,,yes", "renewable", ["applies to electricity only", "Heat"]),
        ("plant,2023,electricity,1,kWh,,maybe,", "green_power", ["应为 true 或 false", "must be true or false"]),
        (",2023,diesel,1,t,,,", "entity", ["不能为空", "must not be empty"]),
        ("plant,2023,diesel,1,t,,,,surplus", "row", ["列数多于表头", "more cells than columns"]),
    ],
)
def test_bad_cell_is_named(row: str, field: str, words: list[str]) -> None:
    issue = only_issue(HEADER + row + "\n")
    assert issue.where == "第2行 / row 2"
    assert issue.field == field
    for word in words:
        assert word in issue.reason


def test_kwh_of_diesel_names_row_2_and_the_unit() -> None:
    """The brief's example: a CSV's first data row is row 2 (row 1 is the header)."""
    issue = only_issue("entity,period,energy_type,quantity,unit\n金山石化,2023,diesel,100,kWh\n")
    assert (issue.where, issue.field) == ("第2行 / row 2", "unit")
    assert str(issue) == f"第2行 / row 2 · unit: {issue.reason}"


def test_a_row_with_several_problems_reports_each() -> None:
    issues = issues_of(HEADER + ",2023-13,coal,-1,bbl,burn,maybe,\n")
    assert [(i.where, i.field) for i in issues] == [
        ("第2行 / row 2", "entity"),
        ("第2行 / row 2", "period"),
        ("第2行 / row 2", "energy_type"),
        ("第2行 / row 2", "unit"),
        ("第2行 / row 2", "quantity"),
        ("第2行 / row 2", "use"),
        ("第2行 / row 2", "green_power"),
    ]


def test_all_bad_rows_are_reported_at_once_with_their_row_numbers() -> None:
    text = (HEADER
            + GOOD                                   # row 2
            + "plant,2023,diesel,1,kWh,,,\n"         # row 3: unit
            + GOOD                                   # row 4
            + "plant,2023-02-30,diesel,-1,t,,,\n"    # row 5: period and quantity
            + GOOD                                   # row 6
            + "plant,2023,electricity,1,kWh,feedstock,,\n")  # row 7: use
    issues = issues_of(text)
    assert [(i.where, i.field) for i in issues] == [
        ("第3行 / row 3", "unit"),
        ("第5行 / row 5", "period"),
        ("第5行 / row 5", "quantity"),
        ("第7行 / row 7", "use"),
    ]


def test_records_number_from_first_row() -> None:
    """activity_from_records counts from 1 by default (JSON records), or from `first_row`."""
    bad = {"entity": "a", "period": "2023", "energy_type": "diesel", "quantity": -1, "unit": "t"}
    good = {**bad, "quantity": 1}
    with pytest.raises(AccountingInputError) as caught:
        activity_from_records([good, bad])
    assert [i.where for i in caught.value.issues] == ["第2行 / row 2"]
    with pytest.raises(AccountingInputError) as caught:
        activity_from_records([good, good, bad], first_row=10)
    assert [i.where for i in caught.value.issues] == ["第12行 / row 12"]


def test_a_record_that_is_not_a_mapping() -> None:
    good = {"entity": "a", "period": "2023", "energy_type": "diesel", "quantity": 1, "unit": "t"}
    with pytest.raises(AccountingInputError) as caught:
        activity_from_records([good, ["a", "2023", "diesel", 1, "t"]])  # type: ignore[list-item]
    (issue,) = caught.value.issues
    assert (issue.where, issue.field) == ("第2行 / row 2", "row")
    assert_bilingual(issue.reason)


def test_reported_issues_are_capped_with_a_count_of_the_rest() -> None:
    text = HEADER + "plant,2023,diesel,-1,t,,,\n" * (MAX_REPORTED_ISSUES + 50)
    issues = issues_of(text)
    assert len(issues) == MAX_REPORTED_ISSUES + 1
    assert issues[0].where == "第2行 / row 2"
    assert issues[MAX_REPORTED_ISSUES - 1].where == f"第{MAX_REPORTED_ISSUES + 1}行 / row {MAX_REPORTED_ISSUES + 1}"
    assert issues[-1].field == "rows"
    assert "50" in issues[-1].reason


# --- file shape ---------------------------------------------------------------------------

def test_missing_required_column() -> None:
    issues = issues_of("entity,period,energy_type,quantity\nplant,2023,diesel,1\n")
    assert [(i.where, i.field) for i in issues] == [("第1行 / row 1 (header)", "unit")]
    assert "缺少该列" in issues[0].reason and "column missing" in issues[0].reason


def test_every_missing_column_is_named() -> None:
    issues = issues_of("name,amount\nplant,1\n")
    assert [i.field for i in issues] == ["entity", "period", "energy_type", "quantity", "unit"]


def test_empty_file() -> None:
    issues = issues_of("")
    assert [i.field for i in issues] == ["entity", "period", "energy_type", "quantity", "unit"]


def test_header_without_records() -> None:
    (issue,) = issues_of("entity,period,energy_type,quantity,unit\n")
    assert issue.field == "rows"
    assert "没有活动数据" in issue.reason and "no activity records" in issue.reason


def test_header_cells_are_trimmed_and_a_bom_is_ignored() -> None:
    table = read_activity_csv("\ufeff entity , period ,energy_type, quantity ,unit\nplant,2023,diesel,\"1,000\",吨\n")
    assert len(table) == 1
    assert table.quantity[0] == 1000.0  # thousands separator removed
    assert table.units == ["t"]
    assert table.rows.tolist() == [2]


@pytest.mark.parametrize(("text", "expected"), [("是", True), ("否", False), ("TRUE", True), ("0", False),
                                                ("y", True), ("", False)])
def test_flag_spellings(text: str, expected: bool) -> None:
    table = read_activity_csv(HEADER + f"plant,2023,electricity,1,kWh,,{text},\n")
    assert bool(table.green_power[0]) is expected


# --- periods ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "start", "label"),
    [
        ("2023", date(2023, 1, 1), "2023"),
        ("2023年", date(2023, 1, 1), "2023"),
        (" 2023 ", date(2023, 1, 1), "2023"),
        ("2023-05", date(2023, 5, 1), "2023-05"),
        ("2023-5", date(2023, 5, 1), "2023-05"),
        ("2023-Q2", date(2023, 4, 1), "2023-Q2"),
        ("2023Q2", date(2023, 4, 1), "2023-Q2"),
        ("2023q4", date(2023, 10, 1), "2023-Q4"),
        ("2023-Q1", date(2023, 1, 1), "2023-Q1"),
        ("2023-05-01", date(2023, 5, 1), "2023-05-01"),
        ("2024-02-29", date(2024, 2, 29), "2024-02-29"),
    ],
)
def test_period_spellings(text: str, start: date, label: str) -> None:
    period = parse_period(text)
    assert period == Period(start, label)
    assert period.year == start.year


@pytest.mark.parametrize("text", ["2023-13", "2023-00", "2023-02-30", "2023-02-29", "2023-Q5", "2023-Q0", "abc", "",
                                  "23", "2023/05", "2023-05-01T00:00"])
def test_bad_periods(text: str) -> None:
    with pytest.raises(ValueError, match="无法识别的期间 / not a period") as caught:
        parse_period(text)
    assert f"'{text}'" in str(caught.value)


def test_year_zero_is_refused_in_both_languages() -> None:
    issue = only_issue(HEADER + "plant,0000,diesel,1,t,,,\n")  # only_issue checks the reason is bilingual
    assert issue.field == "period"


def test_the_same_period_written_two_ways_is_one_period() -> None:
    table = read_activity_csv(HEADER + "plant,2023,diesel,1,t,,,\nplant,2023年,diesel,1,t,,,\n")
    assert table.periods == [Period(date(2023, 1, 1), "2023")]
    assert table.period.tolist() == [0, 0]


@pytest.mark.parametrize("written", ["1,5", "12,34", "1,2345"])
def test_a_comma_that_is_not_a_thousands_separator_is_refused(written: str) -> None:
    issue = only_issue(HEADER + f'plant,2023,diesel,"{written}",t,,,\n')
    assert issue.field == "quantity"


def test_thousands_separators_are_read() -> None:
    table = read_activity_csv(HEADER + 'plant,2023,diesel,"1,234.5",t,,,\n')
    assert table.quantity.tolist() == [1234.5]
