"""The readings every engine is given: two units, meters of each role and kind, a unit of measure that is
not the basis (MWh, steam in GJ), a year boundary and the anomalies VEE acts on (a surge, a garbled register,
a short gap it estimates, a long outage, a replaced register)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from carbonpeak.monitoring.models import Meter, Rollup
from carbonpeak.monitoring.readings.store import ReadingStore
from tests.monitoring.support import make_meter, make_unit

LOCAL = dt.timezone(dt.timedelta(hours=8))
START = int(dt.datetime(2025, 12, 30, tzinfo=LOCAL).timestamp())  # across a month and a year
STEP = 900
N = 4 * 24 * 4  # four days


def fleet() -> dict[str, Meter]:
    u1 = make_unit("U1", industry="2614", town="金山卫镇")
    u2 = make_unit("U2", industry="3011", town="朱泾镇", data_centre=True)
    return {
        "E1": make_meter(u1, "E1"),
        "G1": make_meter(u1, "G1", kind="cumulative", energy_type="natural_gas", unit_of_measure="m3"),
        "S1": make_meter(u1, "S1", role="sub_meter"),
        "H1": make_meter(u1, "H1", energy_type="steam", unit_of_measure="GJ"),
        "E2": make_meter(u2, "E2", kind="cumulative", unit_of_measure="MWh"),
        "IT2": make_meter(u2, "IT2", role="it_load"),
    }


def series(code: str, rng: np.random.Generator) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    ts = START + STEP * np.arange(1, N + 1)
    hours = (ts % 86400) / 3600
    load = 10 + 5 * np.sin(2 * np.pi * hours / 24) + rng.normal(0, 0.3, N)
    keep = np.ones(N, bool)
    if code == "E1":
        load[50] *= 8  # a surge: a spike
        keep[100:103] = False  # a short gap: estimated
    if code == "G1":
        keep[200:232] = False  # eight hours without readings
    values = load
    if code in ("G1", "E2"):
        values = 1000 + np.cumsum(load / (1000 if code == "E2" else 1))
        if code == "G1":
            values[150] = 0.0  # a garbled register
        if code == "E2":
            values[300:] -= values[299]  # a new register from zero
    return ts[keep], values[keep]


def feed() -> dict[str, Meter]:
    """The fleet and its readings, stored through ReadingStore (judged, estimated, rolled up)."""
    meters = fleet()
    rng = np.random.default_rng(21)
    rows = []
    for code, meter in meters.items():
        ts, values = series(code, rng)
        rows += [(meter.pk, int(t), float(v)) for t, v in zip(ts, values, strict=True)]
    ReadingStore().upsert(rows)
    return meters


def store_rollups() -> dict[tuple[str, str, str, int, str], dict[str, Any]]:
    out = {}
    for r in Rollup.objects.all():
        out[(r.scope, r.grain, r.key, int(r.start.timestamp()), r.energy_type)] = {
            "unit_of_measure": r.unit_of_measure, "quantity": r.quantity, "tce": r.tce,
            "tce_equal_value": r.tce_equal_value, "co2_t": r.co2_t, "readings": r.readings,
            "estimated": r.estimated, "invalid": r.invalid, "factor_set": r.factor_set}
    return out


def table_rollups(table: Any) -> dict[tuple[str, str, str, int, str], dict[str, Any]]:
    out = {}
    for row in table.to_pylist():
        key = (row.pop("scope"), row.pop("grain"), row.pop("key"), row.pop("start"), row.pop("energy_type"))
        assert key not in out, key
        out[key] = row
    return out


def differences(a: dict[Any, dict[str, Any]], b: dict[Any, dict[str, Any]], rel: float = 1e-9) -> list[str]:
    """What differs between two sets of rollups: missing buckets, and values beyond `rel` relative."""
    found = [f"only in the first: {k}" for k in sorted(a.keys() - b.keys())]
    found += [f"only in the second: {k}" for k in sorted(b.keys() - a.keys())]
    for key in sorted(a.keys() & b.keys()):
        for name, x in a[key].items():
            y = b[key][name]
            if isinstance(x, float):
                if abs(x - y) > rel * max(abs(x), abs(y)):
                    found.append(f"{key} {name}: {x!r} ≠ {y!r}")
            elif x != y:
                found.append(f"{key} {name}: {x!r} ≠ {y!r}")
    return found
