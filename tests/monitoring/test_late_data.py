"""Late data: readings for the past are accepted and every rollup they touch is corrected."""

from __future__ import annotations

import datetime as dt

import pytest

from carbonpeak.monitoring.models import Reading, Rollup
from carbonpeak.monitoring.vocabulary import Grain, Scope
from tests.monitoring.support import (
    LOCAL,
    STEP,
    T0,
    assert_rollups_consistent,
    make_meter,
    make_unit,
    records,
    rollup_map,
    send,
)

pytestmark = pytest.mark.django_db

DAY = 96
LOAD = [10.0 + (i % 5) * 0.5 for i in range(3 * DAY)]


def quantity(scope: Scope, key: str, grain: Grain, start: dt.datetime) -> float:
    row = Rollup.objects.filter(scope=scope.value, key=key, grain=grain.value, start=start,
                                energy_type="electricity").first()
    return 0.0 if row is None else row.quantity


def test_late_readings_for_a_missing_afternoon_correct_every_scope_and_grain() -> None:
    unit = make_unit("U1", industry="2614", town="金山卫镇")
    make_unit("U2", industry="2619", town="金山卫镇")  # same town, same division 26
    make_meter(unit, "M1")
    make_meter(unit, "M2", energy_type="natural_gas", unit_of_measure="m3")
    other = make_meter(make_unit("U3", uscc="91310116MA1J000012", industry="2614", town="亭林镇"), "M3")
    hole = list(range(150, 170))  # 5 hours on the second day: too long to estimate
    send(records("M1", LOAD, skip=hole))
    send(records("M2", LOAD))
    send(records("M3", LOAD))
    day2 = dt.datetime(2026, 3, 3, tzinfo=LOCAL)
    month = dt.datetime(2026, 3, 1, tzinfo=LOCAL)
    hour = dt.datetime.fromtimestamp(T0 + 160 * STEP, LOCAL).replace(minute=0)
    before = {(s, k, g): quantity(s, k, g, t) for s, k, g, t in (
        (Scope.METER, "M1", Grain.HOUR, hour), (Scope.METER, "M1", Grain.DAY, day2),
        (Scope.UNIT, "U1", Grain.MONTH, month), (Scope.INDUSTRY, "26", Grain.DAY, day2),
        (Scope.TOWN, "金山卫镇", Grain.MONTH, month))}

    late = send([r for i, r in enumerate(records("M1", LOAD)) if i in hole])

    added = sum(LOAD[i] for i in hole)
    assert late.accepted == len(hole) and late.rejected == 0
    assert quantity(Scope.METER, "M1", Grain.HOUR, hour) > before[(Scope.METER, "M1", Grain.HOUR)]
    for (scope, key, grain), old in before.items():
        if grain is not Grain.HOUR:
            start = day2 if grain is Grain.DAY else month
            assert quantity(scope, key, grain, start) == pytest.approx(old + added), (scope, key, grain)
    # the other town and the gas rows are untouched
    assert quantity(Scope.TOWN, "亭林镇", Grain.MONTH, month) == pytest.approx(sum(LOAD))
    assert Rollup.objects.get(scope="unit", key="U1", grain="month", start=month,
                              energy_type="natural_gas").quantity == pytest.approx(sum(LOAD))
    assert other.code == "M3"
    assert_rollups_consistent()


def test_late_readings_replace_the_estimates_of_a_short_gap() -> None:
    meter = make_meter(make_unit())
    send(records("M1", LOAD[:DAY], skip=[40, 41]))
    assert Reading.objects.filter(meter=meter, estimated=True).count() == 2
    estimated_before = rollup_map(Scope.METER, Grain.DAY)

    send([r for i, r in enumerate(records("M1", LOAD[:DAY])) if i in (40, 41)])

    assert not Reading.objects.filter(meter=meter, estimated=True).exists()
    ((_, (quantity_now, readings, estimated, _)),) = rollup_map(Scope.METER, Grain.DAY).items()
    ((_, (_, readings_before, estimated_before_count, _)),) = estimated_before.items()
    assert (readings_before, estimated_before_count) == (94, 2)
    assert (readings, estimated) == (96, 0)
    assert quantity_now == pytest.approx(sum(LOAD[:DAY]))
    assert_rollups_consistent()


def test_a_late_reading_in_a_past_month_is_summed_into_that_month() -> None:
    make_meter(make_unit(), kind="cumulative")
    registers = [1000.0 + 10 * k for k in range(1, 4 * DAY)]
    rows = records("M1", registers, start=T0 - 2 * DAY * STEP)  # from 28 February
    send(rows[:100] + rows[130:])  # a 7.5-hour hole on 1 March
    send(rows[100:130])
    feb = dt.datetime(2026, 2, 1, tzinfo=LOCAL)
    march = dt.datetime(2026, 3, 1, tzinfo=LOCAL)
    months = {r.start: r.quantity for r in Rollup.objects.filter(scope="meter", grain="month")}
    assert set(months) == {feb, march}
    assert sum(months.values()) == pytest.approx(registers[-1] - registers[0])
    assert_rollups_consistent()


def test_sub_meters_and_it_load_roll_up_for_themselves_only() -> None:
    unit = make_unit(data_centre=True)
    make_meter(unit, "TOTAL")
    make_meter(unit, "SUB", role="sub_meter")
    make_meter(unit, "IT", role="it_load")
    for code in ("TOTAL", "SUB", "IT"):
        send(records(code, LOAD[:DAY]))
    month = dt.datetime(2026, 3, 1, tzinfo=LOCAL)
    assert Rollup.objects.get(scope="unit", key="U1", grain="month", start=month).quantity == pytest.approx(
        sum(LOAD[:DAY]))
    assert {r.key for r in Rollup.objects.filter(scope="meter", grain="month")} == {"TOTAL", "SUB", "IT"}
    assert_rollups_consistent()
