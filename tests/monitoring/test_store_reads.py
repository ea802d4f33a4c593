"""ReadingStore's reads (store_reads.py): sums, latest periods and single readings, each on its
bounds (a bucket starting at `end` is out, other scopes, grains and keys are never counted)."""

from __future__ import annotations

import datetime as dt

import pytest

from carbonpeak.monitoring.models import Reading, Rollup
from carbonpeak.monitoring.readings.store import ReadingStore
from carbonpeak.monitoring.readings.store_reads import MonthRow, RollupSums
from carbonpeak.monitoring.vocabulary import Flag, Grain, Scope
from tests.monitoring.support import LOCAL, STEP, T0, make_meter, make_unit, records, send

pytestmark = pytest.mark.django_db

MAR, APR, MAY = (dt.datetime(2026, m, 1, tzinfo=LOCAL) for m in (3, 4, 5))


def _rollup(scope: Scope, key: str, start: dt.datetime, tce: float, *, grain: Grain = Grain.MONTH,
            energy_type: str = "electricity", unit: str = "kWh", readings: int = 10, estimated: int = 0) -> Rollup:
    return Rollup(scope=scope.value, key=key, grain=grain.value, start=start, energy_type=energy_type,
                  quantity=tce * 1000, unit_of_measure=unit, tce=tce, tce_equal_value=tce * 3, co2_t=tce * 2,
                  readings=readings, estimated=estimated, invalid=0, factor_set=f"set-{start.month}")


@pytest.fixture
def months() -> None:
    Rollup.objects.bulk_create([
        _rollup(Scope.UNIT, "U1", MAR, 1.0), _rollup(Scope.UNIT, "U1", APR, 2.0),
        _rollup(Scope.UNIT, "U1", APR, 0.5, energy_type="natural_gas", unit="m3"),
        _rollup(Scope.UNIT, "U1", MAY, 4.0),  # starts at the end of the spans below: never in them
        _rollup(Scope.UNIT, "U2", MAR, 8.0, readings=0, estimated=0),
        _rollup(Scope.UNIT, "U3", APR, 16.0, readings=0, estimated=3),
        _rollup(Scope.TOWN, "T1", MAR, 32.0),
        _rollup(Scope.TOWN, "T1", APR, 64.0, energy_type="natural_gas", unit="m3"),
        _rollup(Scope.UNIT, "U1", APR + dt.timedelta(days=2), 128.0, grain=Grain.DAY),
    ])


@pytest.mark.usefixtures("months")
def test_sums_count_the_buckets_starting_in_the_span_of_the_scope_and_grain_asked() -> None:
    store = ReadingStore()
    assert store.rollup_sums(Scope.UNIT, Grain.MONTH, MAR, MAY, ["U1"]) == RollupSums(3.5, 10.5, 7.0)
    assert store.rollup_sums(Scope.UNIT, Grain.MONTH, MAR, MAY).tce == 3.5 + 8.0 + 16.0
    assert store.rollup_sums(Scope.UNIT, Grain.DAY, MAR, MAY).tce == 128.0
    assert store.rollup_sums(Scope.UNIT, Grain.MONTH, MAY, MAY + dt.timedelta(days=31), ["U2"]) == (0.0, 0.0, 0.0)
    assert store.sums_by_key(Scope.UNIT, Grain.MONTH, MAR, MAY) == {
        "U1": (3.5, 10.5, 7.0), "U2": (8.0, 24.0, 16.0), "U3": (16.0, 48.0, 32.0)}


@pytest.mark.usefixtures("months")
def test_quantities_by_type_and_keys_reporting() -> None:
    store = ReadingStore()
    assert store.quantities_by_type(Scope.TOWN, Grain.MONTH, MAR, MAY) == [
        ("electricity", "kWh", 32000.0), ("natural_gas", "m3", 64000.0)]
    assert store.quantities_by_type(Scope.TOWN, Grain.MONTH, MAY, MAY + dt.timedelta(days=31)) == []
    # U2's month has neither a measured nor an estimated reading: it does not report.
    assert store.keys_reporting(Scope.UNIT, Grain.MONTH, MAR, MAY) == 2
    assert store.keys_reporting(Scope.UNIT, Grain.MONTH, MAR, APR) == 1


@pytest.mark.usefixtures("months")
def test_latest_and_first_bucket_starts() -> None:
    store = ReadingStore()
    assert store.last_start(Scope.UNIT, Grain.MONTH) == MAY
    assert store.last_start(Scope.UNIT, Grain.MONTH, key="U3") == APR
    assert store.last_start(Scope.UNIT, Grain.MONTH, start=MAR, end=MAY) == APR
    assert store.last_start(Scope.UNIT, Grain.MONTH, key="U2", start=APR) is None
    assert store.last_start(Scope.UNIT, Grain.DAY, key="U1") == APR + dt.timedelta(days=2)
    assert store.first_start(Scope.TOWN, Grain.MONTH) == MAR
    assert store.first_start(Scope.INDUSTRY, Grain.MONTH) is None


@pytest.mark.usefixtures("months")
def test_rollup_values_pick_fields_keys_types_order_and_the_closed_end() -> None:
    store = ReadingStore()
    rows = store.rollup_values(Scope.UNIT, Grain.MONTH, MAR, MAY, ("key", "start", "tce"), keys=["U1", "U3"],
                               order=("key", "start", "energy_type"))
    assert rows == [("U1", MAR, 1.0), ("U1", APR, 2.0), ("U1", APR, 0.5), ("U3", APR, 16.0)]
    gas = store.rollup_values(Scope.UNIT, Grain.MONTH, MAR, MAY, ("tce",), energy_types=["natural_gas"])
    assert gas == [(0.5,)]
    closed = store.rollup_values(Scope.UNIT, Grain.MONTH, APR, MAY, ("tce",), keys=["U1"], energy_types=["electricity"],
                                 through_end=True, order=("start",))
    assert closed == [(2.0,), (4.0,)]


@pytest.mark.usefixtures("months")
def test_month_rows_are_tuples_with_epoch_starts() -> None:
    rows = ReadingStore().month_rows(Scope.UNIT, int(MAR.timestamp()), int(APR.timestamp()))
    assert sorted(rows, key=lambda r: r.key) == [
        MonthRow("U1", int(MAR.timestamp()), "electricity", 1000.0, 1.0, 10, "set-3"),
        MonthRow("U2", int(MAR.timestamp()), "electricity", 8000.0, 8.0, 0, "set-3")]
    assert ReadingStore().month_rows(Scope.UNIT, int(MAR.timestamp()), int(MAY.timestamp()), ["U3"])[0].tce == 16.0


def _at(i: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(T0 + i * STEP, dt.UTC)


def test_reading_ends_first_and_latest_and_a_span() -> None:
    unit = make_unit()
    m1, m2 = make_meter(unit), make_meter(unit, "M2")
    idle = make_meter(unit, "M3", active=False)
    send(records("M1", [1.0, 2.0, 3.0, 4.0]) + records("M2", [5.0, 6.0], start=T0 + 2 * STEP))
    store = ReadingStore()
    assert store.first_readings([m1.pk, m2.pk, idle.pk]) == {m1.pk: _at(1), m2.pk: _at(3)}
    assert store.first_readings([]) == {}
    ends = store.active_meter_ends(_at(3))
    assert ends == {m1.pk: (_at(1), _at(3)), m2.pk: (_at(3), _at(3))}  # not the inactive meter
    assert store.active_meter_ends(_at(0))[m1.pk] == (None, None)
    latest = store.latest_reading(m1.pk)
    assert latest is not None and (latest.ts, latest.value) == (_at(4), 4.0)
    assert store.latest_reading(idle.pk) is None
    assert store.last_reading_time(m2.pk) == _at(4)
    assert [r.value for r in store.readings_between(m1.pk, _at(1), _at(3))] == [2.0, 3.0]  # (after, until]


def test_find_get_and_mark_an_edit() -> None:
    meter = make_meter(make_unit())
    send(records("M1", [1.0, 2.0, 3.0]))
    store = ReadingStore()
    found = store.find_reading(meter.pk, _at(2))
    assert found is not None and (found.value, found.edited_value) == (2.0, None)
    assert store.find_reading(meter.pk, _at(2) + dt.timedelta(seconds=1)) is None
    with pytest.raises(Reading.DoesNotExist):
        store.get_reading(meter.pk, _at(9))
    store.mark_edit(meter.pk, _at(2), 2.5, found.flags | Flag.EDITED)
    edited = store.get_reading(meter.pk, _at(2))
    assert (edited.value, edited.edited_value, edited.flags) == (2.0, 2.5, found.flags | Flag.EDITED)
    assert store.get_reading(meter.pk, _at(3)).edited_value is None  # only that instant
