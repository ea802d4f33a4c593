"""Rollup rows written in bulk (rollup_rows.write_rows): a batch of ≥ COPY_FROM_ROWS rollup rows writes the
buckets that hold no row by plain INSERT (COPY on PostgreSQL) and adds to the stored ones; the sums must be
the same as row-by-row upserts, whichever buckets already exist."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pytest

from carbonpeak.monitoring.archive import duck, service
from carbonpeak.monitoring.models import Rollup
from carbonpeak.monitoring.readings.sql import COPY_FROM_ROWS
from carbonpeak.monitoring.vocabulary import Grain, Scope
from tests.monitoring.support import LOCAL, STEP, T0, assert_rollups_consistent, make_meter, make_unit, records, send

pytestmark = pytest.mark.django_db

DAY = 96


def _values(n: int, base: float) -> list[float]:
    return [base + (i % 7) * 0.25 for i in range(n)]


def test_a_backfill_then_an_overlapping_batch_then_a_unit_of_the_same_town() -> None:
    unit = make_unit("U1")
    make_meter(unit, "M1")
    make_meter(unit, "M2", kind="cumulative")
    gap = range(10 * DAY + 40, 13 * DAY)  # M1 silent from the middle of day 11 to the end of day 13
    first = send(records("M1", _values(30 * DAY, 10.0), skip=gap)
                 + records("M2", [1000.0 + i for i in range(30 * DAY)]))
    assert first.accepted == 60 * DAY - len(gap)
    assert Rollup.objects.filter(grain=Grain.HOUR.value).count() >= COPY_FROM_ROWS  # the bulk path was taken
    assert_rollups_consistent()

    # The gap's readings late, and 20 new days: buckets stored (day 11, the month) and new (the gap's hours,
    # the new days) in one batch.
    late = [r for i, r in enumerate(records("M1", _values(30 * DAY, 10.0))) if i in gap]
    report = send(late + records("M1", _values(20 * DAY, 12.0), start=T0 + 30 * DAY * STEP))
    assert report.accepted == len(gap) + 20 * DAY
    assert_rollups_consistent()

    # Another unit in the same town and industry: its town and industry buckets all exist already.
    other = make_unit("U2", uscc="91310116MA1J000012")
    make_meter(other, "N1")
    send(records("N1", _values(40 * DAY, 5.0)))
    assert_rollups_consistent()
    town = Rollup.objects.filter(scope=Scope.TOWN.value, grain=Grain.DAY.value).order_by("start").first()
    assert town is not None and town.readings == 3 * DAY  # M1, M2 and N1 on the first day


def test_a_batch_across_the_new_year_meets_stored_buckets_of_both_years() -> None:
    """A rollup key's rows of two years are two groups (factor sets go by year): stored buckets of either year
    are found, not inserted twice."""
    make_meter(make_unit("U1"), "M1")
    new_year = int(dt.datetime(2026, 1, 1, tzinfo=LOCAL).timestamp())
    start = new_year - 10 * 86400
    gap = [*range(5 * DAY, 5 * DAY + 30), *range(12 * DAY, 12 * DAY + 30)]  # in December and in January
    send(records("M1", _values(20 * DAY, 10.0), start=start, skip=gap))
    late = [r for i, r in enumerate(records("M1", _values(20 * DAY, 10.0), start=start)) if i in gap]
    report = send(late + records("M1", _values(10 * DAY, 11.0), start=start + 20 * DAY * STEP))
    assert report.accepted == len(gap) + 10 * DAY
    assert_rollups_consistent()


def test_engine_rollups_are_loaded_over_stored_ones() -> None:
    """`rollups compute --load`: an engine's rows (an Arrow table) replace the rows of their buckets, new ones
    are added, the others stay; every value as the engine gave it."""
    unit = make_unit("U1")
    make_meter(unit, "M1")
    send(records("M1", _values(10 * DAY, 10.0)))
    before = {k: v for k, v in _rows().items() if not (k[0] == "meter" and k[2] == "hour")}
    hour0 = T0 - T0 % 3600 - 7 * 3600  # ten days of meter hours from 7 hours before T0: most stored, some not
    n = 240 + 400
    rng = np.random.default_rng(5)
    columns: dict[str, list[object]] = {
        "scope": ["meter"] * n, "key": ["M1"] * 240 + ["M9"] * 400, "grain": ["hour"] * n,
        "start": [hour0 + 3600 * k for k in range(240)] + [hour0 + 3600 * k for k in range(400)],
        "energy_type": ["electricity"] * n, "unit_of_measure": ["kWh"] * n,
        "quantity": rng.uniform(0, 10, n).tolist(), "tce": rng.uniform(0, 1, n).tolist(),
        "tce_equal_value": rng.uniform(0, 1, n).tolist(), "co2_t": rng.uniform(0, 1, n).tolist(),
        "readings": [4] * n, "estimated": [0] * n, "invalid": [1] * n, "factor_set": ["engine"] * n}
    table = pa.table(columns, schema=duck.ROLLUP_SCHEMA)
    assert service.load_rollups(table) == n
    got = _rows()
    want = {("meter", "M1" if k < 240 else "M9", "hour", columns["start"][k], "electricity"):
            (columns["quantity"][k], columns["tce"][k], 4, 1, "engine") for k in range(n)}
    assert {k: v for k, v in got.items() if k in want} == want
    assert {k: v for k, v in got.items() if k not in want and not (k[0] == "meter" and k[2] == "hour")} == before


def _rows() -> dict[tuple[str, str, str, int, str], tuple[float, float, int, int, str]]:
    return {(r.scope, r.key, r.grain, int(r.start.timestamp()), r.energy_type):
            (r.quantity, r.tce, r.readings, r.invalid, r.factor_set) for r in Rollup.objects.all()}
