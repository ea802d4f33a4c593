"""One bad row in a device's batch (a year-1 time, 10^400, inf, a code that is no text, a far future time)
is named with its row and field; the good rows are kept. A batch past the declared limits (rows, JSON
depth) is refused whole, before it is read."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from carbonpeak.common.limits import MAX_BATCH_ROWS, MAX_JSON_DEPTH, InputTooLarge, load_json
from carbonpeak.monitoring.readings.parsing import (
    MAX_ABS_VALUE,
    MeterRef,
    ReadingsInputError,
    check_rows,
    parse_timestamp,
    read_csv,
    read_json,
)
from carbonpeak.monitoring.vocabulary import MeterKind

METERS = {"M1": MeterRef("M1", "U1", MeterKind.INTERVAL, 900)}
NOW = int(datetime(2024, 6, 1, tzinfo=UTC).timestamp())
GOOD = {"meter": "M1", "timestamp": "2024-05-02T00:00:00+08:00", "value": 1.5}


def errors_of(bad: dict[str, object]) -> tuple[list[int], list[tuple[int, str, str]]]:
    batch = check_rows([GOOD, {**GOOD, "timestamp": "2024-05-02T00:15:00+08:00", **bad}], METERS, NOW)
    return [r.row for r in batch.rows], [(e.row, e.field, e.reason_en) for e in batch.errors]


@pytest.mark.parametrize(
    ("bad", "field", "reason"),
    [
        ({"timestamp": "0001-01-01T00:00:00"}, "timestamp", "year must be within 2000–2099"),
        ({"timestamp": "0001-01-01 00:00"}, "timestamp", "year must be within"),
        ({"timestamp": "9999-12-31T23:59:59-08:00"}, "timestamp", "year must be within"),
        ({"timestamp": "2090-01-01T00:00:00Z"}, "timestamp", "in the future"),
        ({"timestamp": 10**30}, "timestamp", "not epoch seconds"),
        ({"value": 10**400}, "value", "must be finite"),
        ({"value": "1" + "0" * 400}, "value", "must be finite"),
        ({"value": float("inf")}, "value", "must be finite"),
        ({"value": float("nan")}, "value", "must be finite"),
        ({"value": "nan"}, "value", "must be finite"),
        ({"value": "-inf"}, "value", "must be finite"),
        ({"value": MAX_ABS_VALUE * 10}, "value", "out of range"),
        ({"value": {"v": 1}}, "value", "must be a number"),
        ({"meter": {"code": "M1"}}, "meter", "must be text"),
        ({"meter": ["M1"]}, "meter", "must be text"),
        ({"meter": 1.5}, "meter", "must be text"),
        ({"meter": "M" * 5000}, "meter", "a code of 1 to 60 characters"),
        ({"timestamp": "2024-05-02T00:00:00" + "9" * 200_000}, "timestamp", "not an ISO 8601 time"),
    ],
)
def test_one_bad_row_is_named_and_the_good_row_kept(bad: dict[str, object], field: str, reason: str) -> None:
    rows, errors = errors_of(bad)
    assert rows == [1]
    assert [(row, name) for row, name, _ in errors] == [(2, field)]
    assert reason in errors[0][2]
    assert len(errors[0][2]) < 300  # a long value is not quoted back whole


def test_year_one_is_refused_not_overflowed() -> None:
    with pytest.raises(ValueError, match="2000–2099"):
        parse_timestamp("0001-01-01T00:00:00")


def test_json_of_huge_numbers_is_read_and_the_rows_checked() -> None:
    text = '[{"meter": "M1", "timestamp": "2024-05-02T00:00:00+08:00", "value": 1' + "0" * 400 + "}, " \
           '{"meter": "M1", "timestamp": "2024-05-02T00:15:00+08:00", "value": 1e400}, ' \
           '{"meter": ' + "9" * 5000 + ', "timestamp": "2024-05-02T00:30:00+08:00", "value": 1}, ' \
           '{"meter": "M1", "timestamp": "2024-05-02T00:45:00+08:00", "value": 2}]'
    batch = check_rows(read_json(load_json(text)), METERS, NOW)
    assert [r.row for r in batch.rows] == [4]
    assert [(e.row, e.field) for e in batch.errors] == [(1, "value"), (2, "value"), (3, "meter")]


def test_json_nested_5000_deep_is_refused_before_it_is_parsed() -> None:
    deep = '[{"meter": "M1", "timestamp": "2024-05-02T00:00:00+08:00", "value": ' + "[" * 5000 + "]" * 5000 + "}]"
    with pytest.raises(InputTooLarge) as caught:
        load_json(deep)
    assert caught.value.field == "body" and "too deep" in caught.value.reason_en
    assert "嵌套过深" in caught.value.reason_zh
    # brackets inside strings do not count; the depth allowed is declared
    assert load_json(json.dumps({"note": "[" * 5000})) == {"note": "[" * 5000}
    assert load_json("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH) is not None


def test_a_batch_past_the_row_limit_is_refused_whole() -> None:
    with pytest.raises(ReadingsInputError) as caught:
        read_json([GOOD] * (MAX_BATCH_ROWS + 1))
    assert caught.value.issues[0].field == "readings" and "at most" in caught.value.issues[0].reason_en
    text = "meter,timestamp,value\n" + "M1,2024-05-02 00:00,1\n" * (MAX_BATCH_ROWS + 1)
    with pytest.raises(ReadingsInputError) as caught:
        read_csv(text)
    assert "more than" in caught.value.issues[0].reason_en


def test_a_csv_cell_of_128_kib_is_a_bad_row_and_the_good_rows_kept() -> None:
    text = f"meter,timestamp,value\nM1,2024-05-02 00:00,1\nM1,2024-05-02 00:15,{'9' * 131_073}\nM1,2024-05-02 00:30,2\n"
    batch = check_rows(read_csv(text), METERS, NOW, first_row=2)
    assert [r.row for r in batch.rows] == [2, 4]
    assert [(e.row, e.field) for e in batch.errors] == [(3, "value")]


def test_a_csv_field_past_the_reader_limit_is_refused_naming_the_line() -> None:
    text = f'meter,timestamp,value\nM1,2024-05-02 00:00,1\nM1,2024-05-02 00:15,"{"9" * (5 << 20)}"\n'
    with pytest.raises(ReadingsInputError) as caught:
        read_csv(text)
    assert caught.value.issues[0].row == 3
