"""Properties of the rollups that must hold for any readings."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from carbonpeak.monitoring.readings.rollup_math import bucket_starts, sum_by_bucket
from carbonpeak.monitoring.vocabulary import Grain

stamps = st.lists(st.integers(1_577_836_800, 1_893_456_000), min_size=1, max_size=200)
energies = st.one_of(st.floats(-1e6, 1e6), st.just(float("nan")))


@settings(max_examples=60, deadline=None)
@given(stamps, st.data(), st.sampled_from(list(Grain)))
def test_bucket_sums_add_up_to_the_total(ts: list[int], data: st.DataObject, grain: Grain) -> None:
    energy = np.array(data.draw(st.lists(energies, min_size=len(ts), max_size=len(ts))))
    est = np.array(data.draw(st.lists(st.booleans(), min_size=len(ts), max_size=len(ts))))
    buckets = sum_by_bucket(np.array(ts), energy, est, grain)
    assert np.isclose(buckets.energy.sum(), np.nansum(energy), atol=1e-6)
    assert buckets.readings.sum() == len(ts)
    assert buckets.estimated.sum() == est.sum()
    assert buckets.invalid.sum() == np.isnan(energy).sum()
    assert np.all(np.diff(buckets.starts) > 0)


@settings(max_examples=100, deadline=None)
@given(stamps, st.sampled_from(list(Grain)))
def test_each_interval_ends_inside_its_bucket(ts: list[int], grain: Grain) -> None:
    times = np.array(ts, dtype=np.int64)
    starts = bucket_starts(times, grain)
    assert np.all(starts < times)  # the interval's last instant (ts - 1 s) is in the bucket
    hours, days = (times - starts) / 3600, (times - starts) / 86400
    limit = {Grain.HOUR: hours <= 1, Grain.DAY: days <= 1, Grain.MONTH: days <= 31}[grain]
    assert np.all(limit)
    assert np.all((starts + 8 * 3600) % 3600 == 0)  # whole local hours


@settings(max_examples=60, deadline=None)
@given(stamps)
def test_days_nest_in_months_and_hours_in_days(ts: list[int]) -> None:
    times = np.array(ts, dtype=np.int64)
    hour, day, month = (bucket_starts(times, g) for g in (Grain.HOUR, Grain.DAY, Grain.MONTH))
    assert np.array_equal(bucket_starts(hour + 3600, Grain.DAY), day)
    assert np.array_equal(bucket_starts(day + 86400, Grain.MONTH), month)
