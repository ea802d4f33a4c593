"""The demo fleet is deterministic, plausible, and its injected anomalies are what VEE finds."""

from __future__ import annotations

from collections import Counter
from functools import cache

import numpy as np
import pytest
import yaml

from carbonpeak.common.places import TOWNS_FILE
from carbonpeak.monitoring.demo.generator import (
    DemoMeter,
    DemoUnit,
    demo_anomalies,
    demo_readings,
    demo_registry,
    tce_per_unit_of_measure,
)
from carbonpeak.monitoring.demo.profiles import stable_rng
from carbonpeak.monitoring.readings.rollup_math import month_bounds, year_bounds
from carbonpeak.monitoring.readings.vee import settings_for_meter, validate
from carbonpeak.monitoring.registry.parsing import check_meter_rows, check_unit_rows
from carbonpeak.monitoring.vocabulary import Flag, MeterKind, MeterRole

YEAR = 2024


@cache
def fleet() -> tuple[list[DemoUnit], list[DemoMeter], dict[str, DemoUnit]]:
    units, meters = demo_registry()
    return units, meters, {u.code: u for u in units}


def readings(meter: DemoMeter, start: int, end: int) -> tuple[np.ndarray, np.ndarray]:
    return demo_readings(meter, fleet()[2][meter.unit_code], start, end)


def test_the_stable_hash_does_not_depend_on_the_python_process() -> None:
    # Python's hash() of a str changes with PYTHONHASHSEED; BLAKE2b does not.
    assert int(stable_rng(2023, "U001-E1").integers(0, 10**9)) == 468_751_838


def test_same_seed_same_fleet_and_readings_other_seed_other_readings() -> None:
    units, meters = demo_registry(seed=7)
    again_units, again_meters = demo_registry(seed=7)
    assert (units, meters) == (again_units, again_meters)
    start, end = month_bounds(YEAR, 3)
    a = demo_readings(meters[0], units[0], start, end, seed=7)
    b = demo_readings(meters[0], units[0], start, end, seed=7)
    c = demo_readings(meters[0], units[0], start, end, seed=8)
    assert np.array_equal(a[1], b[1]) and not np.array_equal(a[1], c[1])


def test_the_fleet_has_the_planned_mix() -> None:
    units, meters, _ = fleet()
    profiles = Counter(u.profile for u in units)
    assert len(units) == 50
    assert profiles["petrochemical"] == 1 and profiles["chemical"] == 8 and profiles["data_centre"] == 6
    assert profiles["factory"] == 18
    assert sum(profiles[p] for p in ("office", "school", "hospital", "mall", "hotel")) == 17
    for unit in units:
        own = [m for m in meters if m.unit_code == unit.code]
        assert any(m.role == MeterRole.TOTAL for m in own)
        assert unit.data_center == any(m.role == MeterRole.IT_LOAD for m in own)
    types = {m.energy_type for m in meters}
    assert types == {"electricity", "natural_gas", "steam"}
    assert len(demo_registry(n_units=12)[0]) == 12
    more = demo_registry(n_units=60)[0]
    assert len({u.code for u in more}) == 60 and len({u.name for u in more}) == 60


def test_the_registry_passes_its_own_import_checks() -> None:
    units, meters, _ = fleet()
    towns = yaml.safe_load(TOWNS_FILE.read_text(encoding="utf-8"))["towns"]
    unit_rows = [{"code": u.code, "name": u.name, "uscc": u.uscc, "industry_code": u.industry_code, "town": u.town,
                  "data_center": str(u.data_center), "level": u.level.value,
                  "stage": u.stage.value if u.stage else "", "design_pue": u.design_pue or "",
                  "annual_budget_tce": u.annual_budget_tce} for u in units]
    good, errors = check_unit_rows(unit_rows, towns)
    assert errors == [] and len(good) == 50
    meter_rows = [{"code": m.code, "unit_code": m.unit_code, "energy_type": m.energy_type, "unit": m.unit,
                   "kind": m.kind.value, "multiplier": m.multiplier, "role": m.role.value,
                   "interval_s": m.interval_s, "register_max": m.register_max, "minimum": m.minimum,
                   "maximum": m.maximum} for m in meters]
    good_meters, errors = check_meter_rows(meter_rows, [u.code for u in units],
                                           data_centre_units=[u.code for u in units if u.data_center])
    assert errors == [] and len(good_meters) == len(meters)


def test_one_meter_year_of_quarter_hours() -> None:
    _, meters, _ = fleet()
    start, end = year_bounds(2023)
    ts, _ = readings(meters[0], start, end)
    anomalies = demo_anomalies(meters[0], fleet()[2][meters[0].unit_code], start, end)
    assert ts[0] > start and ts[-1] <= end
    assert np.all(np.diff(ts) % 900 == 0)
    missing = int((np.diff(ts) // 900 - 1).sum()) + (ts[0] - start) // 900 - 1 + (end - ts[-1]) // 900
    assert ts.size + missing == 35_040
    assert sum(a.kind == Flag.GAP_BEFORE for a in anomalies) >= 1


def test_any_window_is_a_slice_of_the_same_series() -> None:
    _, meters, _ = fleet()
    for meter in meters[:8]:
        whole = readings(meter, month_bounds(2023, 12)[0], month_bounds(2024, 2)[1])
        parts = [readings(meter, *month_bounds(y, m)) for y, m in ((2023, 12), (2024, 1), (2024, 2))]
        assert np.array_equal(whole[0], np.concatenate([p[0] for p in parts]))
        assert np.array_equal(whole[1], np.concatenate([p[1] for p in parts]))


def test_registers_carry_on_across_new_year() -> None:
    _, meters, _ = fleet()
    boundary = year_bounds(2024)[0]
    for meter in meters:
        if meter.kind != MeterKind.CUMULATIVE or meter.register_max or meter.replaced:
            continue
        before = readings(meter, boundary - 4 * 3600, boundary)[1]
        after = readings(meter, boundary, boundary + 4 * 3600)[1]
        steps = np.diff(np.concatenate((before, after)))
        assert np.all(steps >= 0), meter.code
        # the step over midnight is like its neighbours (a Sunday-to-Monday start may follow it)
        at = before.size - 1
        assert steps[at] <= 1.5 * max(steps[:at].max(), steps[at + 1 :].max()) + 0.02, meter.code


@cache
def checked_year() -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Every meter's readings of the year (with a day before as context), validated."""
    _, meters, by_code = fleet()
    start, end = year_bounds(YEAR)
    out = {}
    for m in meters:
        ts, values = demo_readings(m, by_code[m.unit_code], start - 86400, end)
        settings = settings_for_meter(m.interval_s, m.register_max, m.minimum, m.maximum, m.multiplier)
        checked = validate(ts, values * m.multiplier, m.kind, settings)
        out[m.code] = (ts, checked.flags, checked.energy)
    return out


def test_vee_finds_every_injected_anomaly_and_flags_little_else() -> None:
    _, meters, by_code = fleet()
    start, end = year_bounds(YEAR)
    kinds: Counter[str] = Counter()
    extra = 0
    for m in meters:
        ts, flags, _ = checked_year()[m.code]
        expected: dict[int, int] = {}
        for a in demo_anomalies(m, by_code[m.unit_code], start, end):
            i = int(np.searchsorted(ts, a.ts))
            assert ts[i] == a.ts and flags[i] & a.kind, (m.code, a)
            kinds[a.kind.name] += 1
            expected[a.ts] = expected.get(a.ts, 0) | int(a.kind)
        judged = Flag.SPIKE | Flag.NEGATIVE_DELTA | Flag.OUT_OF_RANGE | Flag.GAP_BEFORE
        for i in np.flatnonzero((flags & judged) & (ts > start)):
            extra += bool(int(flags[i]) & judged & ~expected.get(int(ts[i]), 0) & ~Flag.NEGATIVE_DELTA)
    assert set(kinds) == {"SPIKE", "GAP_BEFORE", "FLAT_LINE", "OUT_OF_RANGE", "ROLLOVER", "METER_REPLACED"}
    assert extra <= 5


def _monthly(code: str, month: int) -> float:
    ts, _, energy = checked_year()[code]
    start, end = month_bounds(YEAR, month)
    inside = (ts > start) & (ts <= end)
    return float(np.nansum(energy[inside]))


def test_data_centres_break_their_pue_limit_in_summer_and_one_old_room_all_year() -> None:
    units, meters, _ = fleet()
    breaking = set()
    all_year = []
    for unit in (u for u in units if u.data_center):
        total = next(m for m in meters if m.unit_code == unit.code and m.role == MeterRole.TOTAL)
        it = next(m for m in meters if m.unit_code == unit.code and m.role == MeterRole.IT_LOAD)
        limit = 1.4 if unit.stage == "existing" else 1.3
        pue = np.array([_monthly(total.code, mo) / _monthly(it.code, mo) for mo in range(1, 13)])
        assert np.all((pue > 1.1) & (pue < 1.6))
        if (pue > limit).all():
            all_year.append(unit.name)
        elif (pue > limit + 0.01).any():
            breaking.add(unit.stage)
            assert not (pue[[0, 1, 11]] > limit).any()  # winter months are within the limit
    assert breaking == {"existing", "new"}
    assert all_year == ["石化城市数据中心（演示）"]


def test_budgets_fit_a_years_use_and_some_units_run_ahead() -> None:
    units, meters, _ = fleet()
    ratios = {}
    for unit in units:
        used = sum(
            float(np.nansum(checked_year()[m.code][2])) * tce_per_unit_of_measure(m.energy_type, m.unit, YEAR)
            for m in meters if m.unit_code == unit.code and m.role == MeterRole.TOTAL
        )
        ratios[unit.code] = used / unit.annual_budget_tce
    ahead = {code for code, r in ratios.items() if r > 1.05}
    assert 1 <= len(ahead) <= 6
    assert all(0.75 < r < 1.25 for r in ratios.values())


@pytest.mark.parametrize("poor", [True, False])
def test_completeness_is_low_only_where_the_link_is_poor(poor: bool) -> None:
    units, meters, _ = fleet()
    start, end = month_bounds(YEAR, 6)
    poor_units = {u.code for u in units if u.name == "吕巷纺织有限公司（演示）"}  # poor_link in demo_units.yaml
    shares = {}
    for m in meters:
        if (m.unit_code in poor_units) != poor:
            continue
        ts = checked_year()[m.code][0]
        received = int(((ts > start) & (ts <= end)).sum())
        shares[m.code] = received / ((end - start) // m.interval_s)
    assert shares
    assert all(s < 0.9 for s in shares.values()) if poor else all(s >= 0.9 for s in shares.values())
