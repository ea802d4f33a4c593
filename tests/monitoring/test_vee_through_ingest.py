"""Every VEE rule seen end to end through ingest: flags stored beside the raw value, which is never
changed; estimates are rows of their own, marked; the report counts the flags."""

from __future__ import annotations

import datetime as dt

import pytest

from carbonpeak.monitoring.models import Meter, Reading
from carbonpeak.monitoring.vocabulary import Flag
from tests.monitoring.support import STEP, T0, assert_rollups_consistent, make_meter, make_unit, records, send

pytestmark = pytest.mark.django_db

LOAD = [10.0 + (i % 5) * 0.5 for i in range(200)]  # a steady, moving load (kWh per 15 min)


def register(deltas: list[float], start: float = 1000.0) -> list[float]:
    out, total = [], start
    for d in deltas:
        total += d
        out.append(round(total, 6))
    return out


def measured(meter: Meter) -> list[Reading]:
    return list(Reading.objects.filter(meter=meter, estimated=False).order_by("ts"))


def at(meter: Meter, position: int) -> Reading:
    """The reading of `records` position i (stamped T0 + (i + 1) × STEP)."""
    return Reading.objects.get(meter=meter, ts=dt.datetime.fromtimestamp(T0 + (position + 1) * STEP, dt.UTC))


def test_a_spike_is_flagged_its_energy_untrusted_and_its_raw_value_kept() -> None:
    meter = make_meter(make_unit())
    values = list(LOAD)
    values[100] = 250.0
    report = send(records("M1", values))
    spike = at(meter, 100)
    assert spike.flags & Flag.SPIKE and spike.value == 250.0 and spike.energy is None
    assert report.flags["spike"] == 1
    assert not any(r.flags & Flag.SPIKE for r in measured(meter) if r.value != 250.0)
    assert_rollups_consistent()


def test_a_register_going_down_is_read_as_a_replaced_meter_by_default() -> None:
    meter = make_meter(make_unit(), kind="cumulative")
    values = register(LOAD[:100])
    values[60:] = register(LOAD[60:100], start=0.0)  # a new meter counting from zero
    report = send(records("M1", values))
    fall = at(meter, 60)
    assert fall.flags & Flag.NEGATIVE_DELTA and fall.flags & Flag.METER_REPLACED
    assert fall.energy == pytest.approx(values[60]) and fall.value == values[60]
    assert report.flags["negative_delta"] == 1 and report.flags["meter_replaced"] == 1


def test_a_register_passing_its_maximum_is_read_as_a_rollover() -> None:
    meter = make_meter(make_unit(), kind="cumulative", register_max=1100.0)
    values = [v % 1100.0 for v in register(LOAD[:50], start=1000.0)]
    send(records("M1", values))
    wrap = next(i for i in range(1, 50) if values[i] < values[i - 1])
    reading = at(meter, wrap)
    assert reading.flags & Flag.NEGATIVE_DELTA and reading.flags & Flag.ROLLOVER
    assert reading.energy == pytest.approx(1100.0 - values[wrap - 1] + values[wrap])
    assert reading.value == values[wrap]


def test_the_register_maximum_is_in_register_units_before_the_multiplier() -> None:
    meter = make_meter(make_unit(), kind="cumulative", register_max=1100.0, multiplier=10.0)
    values = [v % 1100.0 for v in register(LOAD[:50], start=1000.0)]
    send(records("M1", values))
    wrap = next(i for i in range(1, 50) if values[i] < values[i - 1])
    assert at(meter, wrap).energy == pytest.approx(10 * (1100.0 - values[wrap - 1] + values[wrap]))


def test_a_short_gap_is_flagged_and_filled_by_marked_estimates() -> None:
    meter = make_meter(make_unit())
    report = send(records("M1", LOAD[:40], skip=[20, 21, 22]))
    after = at(meter, 23)
    assert after.flags & Flag.GAP_BEFORE
    estimates = list(Reading.objects.filter(meter=meter, estimated=True).order_by("ts"))
    assert [int(e.ts.timestamp()) for e in estimates] == [T0 + k * STEP for k in (21, 22, 23)]
    assert all(e.flags == Flag.ESTIMATED and e.energy is not None for e in estimates)
    assert report.estimated == 3 and report.flags["gap_before"] == 1
    assert_rollups_consistent()


def test_a_gap_longer_than_the_estimation_limit_stays_missing() -> None:
    meter = make_meter(make_unit())
    send(records("M1", LOAD[:60], skip=range(20, 32)))  # 3 h missing, above the 2 h limit
    assert at(meter, 32).flags & Flag.GAP_BEFORE
    assert not Reading.objects.filter(meter=meter, estimated=True).exists()


def test_a_cumulative_gap_estimate_keeps_the_total_energy() -> None:
    meter = make_meter(make_unit(), kind="cumulative")
    values = register(LOAD[:40])
    send(records("M1", values, skip=[20, 21]))
    energy = sum(r.energy or 0.0 for r in Reading.objects.filter(meter=meter))
    assert energy == pytest.approx(values[-1] - values[0])


def test_a_flat_line_of_a_day_is_flagged() -> None:
    meter = make_meter(make_unit())
    values = LOAD[:21] + [12.0] * 100 + LOAD[:20]  # LOAD[20] is 10.0: the run is exactly 100
    report = send(records("M1", values))
    flat = [r for r in measured(meter) if r.flags & Flag.FLAT_LINE]
    assert len(flat) == 100 and {r.value for r in flat} == {12.0}
    assert report.flags["flat_line"] == 100


def test_a_value_outside_the_meters_range_is_flagged_out_of_range() -> None:
    meter = make_meter(make_unit(), minimum=0.0, maximum=50.0)
    values = list(LOAD[:40])
    values[10], values[30] = 60.0, -3.0
    send(records("M1", values))
    for position in (10, 30):
        reading = at(meter, position)
        assert reading.flags & Flag.OUT_OF_RANGE and reading.energy is None
    assert at(meter, 30).value == -3.0


def test_a_duplicate_in_one_batch_is_counted_once_and_a_conflicting_one_refused() -> None:
    make_meter(make_unit())
    rows = records("M1", LOAD[:10])
    report = send([*rows, dict(rows[3]), {**rows[4], "value": 99.0}])
    assert (report.accepted, report.duplicates, report.rejected) == (10, 1, 1)
    assert report.errors[0]["row"] == 12 and report.errors[0]["field"] == "value"
    assert Reading.objects.count() == 10


def test_report_flags_count_only_the_accepted_rows() -> None:
    make_meter(make_unit())
    values = list(LOAD[:60])
    values[30] = 300.0
    first = send(records("M1", values))
    again = send(records("M1", values))
    assert first.flags == {"spike": 1} and again.flags == {}
