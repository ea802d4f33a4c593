"""ReadingStore.upsert: a resend changes nothing, a different value at a stored instant is refused."""

from __future__ import annotations

import datetime as dt

import pytest

from carbonpeak.monitoring.models import IngestBatch, Reading, Rollup
from carbonpeak.monitoring.readings.store import ReadingStore
from carbonpeak.monitoring.vocabulary import Grain, Scope
from tests.monitoring.support import STEP, T0, assert_rollups_consistent, make_meter, make_unit, records, send, stored

pytestmark = pytest.mark.django_db

VALUES = [10.0 + (i % 5) * 0.5 for i in range(96)]


def test_a_resend_is_acknowledged_as_duplicates_and_changes_nothing() -> None:
    meter = make_meter(make_unit())
    first = send(records("M1", VALUES))
    before = [(r.ts, r.value, r.flags, r.energy) for r in stored(meter)]
    rollups = sorted(Rollup.objects.values_list("scope", "key", "grain", "start", "quantity", "readings"))

    again = send(records("M1", VALUES))

    assert (first.accepted, first.duplicates) == (96, 0)
    assert (again.accepted, again.duplicates, again.rejected) == (0, 96, 0)
    assert [(r.ts, r.value, r.flags, r.energy) for r in stored(meter)] == before
    assert sorted(Rollup.objects.values_list("scope", "key", "grain", "start", "quantity", "readings")) == rollups
    assert IngestBatch.objects.get(pk=again.batches[0]).duplicates == 96  # the resend is acknowledged too


def test_a_partial_resend_stores_only_the_new_rows() -> None:
    make_meter(make_unit())
    send(records("M1", VALUES[:50]))
    report = send(records("M1", VALUES))
    assert (report.accepted, report.duplicates) == (46, 50)
    assert Reading.objects.count() == 96
    assert_rollups_consistent()


def test_a_different_value_at_a_stored_instant_is_refused_and_the_raw_value_stands() -> None:
    meter = make_meter(make_unit())
    send(records("M1", VALUES))
    changed = records("M1", VALUES)[:3]
    changed[1]["value"] = 99.0

    report = send(changed)

    assert (report.accepted, report.duplicates, report.rejected) == (0, 2, 1)
    (error,) = report.errors
    assert error["row"] == 2 and error["field"] == "value"
    assert "edit" in str(error["reason_en"]) and "修改" in str(error["reason"])
    assert stored(meter)[1].value == VALUES[1]


def test_the_multiplier_is_applied_before_storing() -> None:
    meter = make_meter(make_unit(), multiplier=40.0)
    send(records("M1", [2.5, 2.5]))
    assert [r.value for r in stored(meter)] == [100.0, 100.0]


def test_upsert_counts_the_same_instant_twice_in_one_call_once() -> None:
    meter = make_meter(make_unit())
    result = ReadingStore().upsert([(meter.pk, T0 + STEP, 5.0), (meter.pk, T0 + STEP, 5.0),
                                    (meter.pk, T0 + STEP, 6.0), (meter.pk, T0 + 2 * STEP, 5.0)])
    assert result.inserted == 2 and result.duplicates == [1]
    assert [(c.index, c.stored, c.sent) for c in result.conflicts] == [(2, 5.0, 6.0)]


def test_range_returns_the_rows_between_two_instants_with_estimates_marked() -> None:
    meter = make_meter(make_unit())
    send(records("M1", VALUES[:20], skip=[10, 11]))  # a 45-minute gap: two estimates
    series = ReadingStore().range(meter.pk, T0 + 9 * STEP, T0 + 13 * STEP)
    assert series.ts.tolist() == [T0 + k * STEP for k in range(9, 14)]
    assert series.estimated.tolist() == [False, False, True, True, False]
    assert len(ReadingStore().range(meter.pk, T0 + 100 * STEP, T0 + 200 * STEP)) == 0


def test_rollups_answers_a_scope_and_grain_between_two_times() -> None:
    make_meter(make_unit())
    send(records("M1", VALUES))

    start = dt.datetime.fromtimestamp(T0, dt.UTC)
    hours = list(ReadingStore().rollups(Scope.UNIT, Grain.HOUR, ["U1"], start, start + dt.timedelta(days=1)))
    assert len(hours) == 24 and [h.readings for h in hours] == [4] * 24
    assert sum(h.quantity for h in hours) == pytest.approx(sum(VALUES))  # an interval meter: each value is energy
