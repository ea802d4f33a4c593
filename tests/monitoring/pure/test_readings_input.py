"""A unit sends readings as CSV or JSON: each bad row is refused, naming the field, the good rows are kept."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from carbonpeak.monitoring.readings.parsing import (
    MeterRef,
    ReadingsInputError,
    RowError,
    check_rows,
    parse_timestamp,
    read_csv,
    read_json,
)
from carbonpeak.monitoring.vocabulary import MeterKind

METERS = {
    "M1": MeterRef("M1", "U1", MeterKind.CUMULATIVE, 900),
    "M2": MeterRef("M2", "U2", MeterKind.INTERVAL, 900),
}
NOW = int(datetime(2024, 6, 1, tzinfo=UTC).timestamp())
T0 = int(datetime(2024, 5, 1, 16, 0, tzinfo=UTC).timestamp())  # 2024-05-02 00:00 in Shanghai


def check(*records: dict[str, object], **kwargs: object) -> tuple[list[int], list[tuple[int, str]]]:
    batch = check_rows(records, METERS, NOW, **kwargs)  # type: ignore[arg-type]
    return [r.row for r in batch.rows], [(e.row, e.field) for e in batch.errors]


def test_csv_with_bom_extra_columns_and_mixed_case_header() -> None:
    rows = read_csv("\ufeffMeter,Timestamp,Value,comment\nM1,2024-05-02 00:00,12.5,ok\n")
    assert rows == [{"meter": "M1", "timestamp": "2024-05-02 00:00", "value": "12.5"}]


@pytest.mark.parametrize(("text", "field"), [("", "file"), ("meter,value\nM1,3\n", "timestamp")])
def test_csv_without_header_or_column_is_refused_whole(text: str, field: str) -> None:
    with pytest.raises(ReadingsInputError) as caught:
        read_csv(text)
    assert caught.value.issues[0].field == field
    assert caught.value.issues[0].reason_zh and caught.value.issues[0].reason_en


def test_json_list_or_object_with_readings() -> None:
    item = {"meter": "M1", "timestamp": "2024-05-02T00:00:00+08:00", "value": 1}
    assert read_json([item]) == read_json({"readings": [item]}) == [item]


@pytest.mark.parametrize("payload", [{"rows": []}, "text", 5])
def test_json_of_another_shape_is_refused(payload: object) -> None:
    with pytest.raises(ReadingsInputError):
        read_json(payload)


def test_an_item_that_is_no_object_is_a_bad_row_and_the_others_are_kept() -> None:
    good = {"meter": "M1", "timestamp": "2024-05-02T00:00:00+08:00", "value": 1}
    assert check(*read_json([1, good, ["M1"]])) == ([2], [(1, "readings"), (3, "readings")])


@pytest.mark.parametrize(
    "text",
    ["2024-05-02 00:00", "2024-05-02 00:00:00", "2024-05-02T00:00:00", "2024-05-01T16:00:00Z",
     "2024-05-01T16:00:00+00:00", "2024-05-02T00:00+08:00", "2024-05-01T18:00:00+0200"],
)
def test_timestamps_naive_as_shanghai_or_with_offset(text: str) -> None:
    assert parse_timestamp(text) == T0


def test_timestamp_as_epoch_seconds_in_json() -> None:
    assert parse_timestamp(T0) == T0
    with pytest.raises(ValueError, match="epoch"):
        parse_timestamp(T0 * 1000)  # milliseconds


def test_good_rows_are_returned_in_order() -> None:
    batch = check_rows(
        [{"meter": "M1", "timestamp": "2024-05-02 00:00", "value": "1,234.5"},
         {"meter": "M2", "timestamp": "2024-05-02 00:15", "value": 3}],
        METERS, NOW, first_row=2,
    )
    assert batch.errors == []
    assert [(r.row, r.meter, r.ts, r.value) for r in batch.rows] == [(2, "M1", T0, 1234.5), (3, "M2", T0 + 900, 3.0)]


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ({"timestamp": "2024-05-02 00:00", "value": 1}, "meter"),
        ({"meter": "M1", "value": 1}, "timestamp"),
        ({"meter": "M1", "timestamp": "2024-05-02 00:00", "value": "  "}, "value"),
        ({"meter": "NOPE", "timestamp": "2024-05-02 00:00", "value": 1}, "meter"),
        ({"meter": "M1", "timestamp": "02/05/2024 00:00", "value": 1}, "timestamp"),
        ({"meter": "M1", "timestamp": "2024-02-30 00:00", "value": 1}, "timestamp"),
        ({"meter": "M1", "timestamp": "2024-05-02", "value": 1}, "timestamp"),
        ({"meter": "M1", "timestamp": "2024-06-01 08:10", "value": 1}, "timestamp"),  # 10 min after NOW
        ({"meter": "M1", "timestamp": "2024-05-02 00:00", "value": "abc"}, "value"),
        ({"meter": "M1", "timestamp": "2024-05-02 00:00", "value": "nan"}, "value"),
        ({"meter": "M1", "timestamp": "2024-05-02 00:00", "value": float("inf")}, "value"),
        ({"meter": "M1", "timestamp": "2024-05-02 00:00", "value": True}, "value"),
        ({"meter": "M1", "timestamp": "2024-05-02 00:00", "value": "1,5"}, "value"),
    ],
)
def test_each_bad_row_is_refused_naming_its_field(record: dict[str, object], field: str) -> None:
    good = {"meter": "M2", "timestamp": "2024-05-02 00:00", "value": 1}
    rows, errors = check(record, good)
    assert rows == [2]
    assert errors == [(1, field)]


def test_a_reading_within_the_clock_skew_is_accepted() -> None:
    rows, errors = check({"meter": "M1", "timestamp": "2024-06-01 08:04", "value": 1})
    assert (rows, errors) == ([1], [])


def test_every_problem_of_a_row_is_reported() -> None:
    _, errors = check({"meter": "NOPE", "timestamp": "later", "value": "x"})
    assert errors == [(1, "meter"), (1, "timestamp"), (1, "value")]


def test_token_of_a_unit_cannot_send_another_units_meter() -> None:
    rows, errors = check({"meter": "M2", "timestamp": "2024-05-02 00:00", "value": 1}, allowed_unit="U1")
    assert (rows, errors) == ([], [(1, "meter")])
    rows, errors = check({"meter": "M1", "timestamp": "2024-05-02 00:00", "value": 1}, allowed_unit="U1")
    assert (rows, errors) == ([1], [])


def test_exact_repeat_is_counted_not_an_error_and_a_conflict_is() -> None:
    same = {"meter": "M1", "timestamp": "2024-05-02 00:00", "value": 5}
    batch = check_rows(
        [same, dict(same), {"meter": "M1", "timestamp": "2024-05-01T16:00:00Z", "value": 6}], METERS, NOW
    )
    assert [r.row for r in batch.rows] == [1]
    assert batch.duplicates == 1
    assert [(e.row, e.field) for e in batch.errors] == [(3, "value")]
    assert "row 1" in batch.errors[0].reason_en
    assert batch.conflicts == [(3, 1)]


def test_row_error_as_dict_has_both_languages() -> None:
    error = RowError(4, "value", "须为数字", "must be a number")
    assert error.as_dict() == {"row": 4, "field": "value", "reason": "须为数字", "reason_en": "must be a number"}
