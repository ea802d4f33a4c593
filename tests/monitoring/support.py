"""Shared set-up for the monitoring room's tests: units and meters, series of readings, and the
rollups as they must be (summed afresh from the stored readings)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import numpy as np

from carbonpeak.monitoring.figures.energy import current_factors
from carbonpeak.monitoring.models import KeyUnit, Meter, Reading, Rollup
from carbonpeak.monitoring.readings.ingest import IngestReport, ingest_records
from carbonpeak.monitoring.readings.rollup_math import sum_by_bucket
from carbonpeak.monitoring.vocabulary import Grain, MeterRole, Scope
from carbonpeak.people.models import Enterprise

LOCAL = dt.timezone(dt.timedelta(hours=8))
# 2026-03-02 00:00 +08:00: a Monday in a month without surprises.
T0 = int(dt.datetime(2026, 3, 2, tzinfo=LOCAL).timestamp())
NOW = T0 + 60 * 86400
STEP = 900

USCC_A = "91310116MA1JKD0G1K"  # the demo enterprise (people.demo)
USCC_B = "91310116MA1J000012"


def make_unit(code: str = "U1", *, uscc: str = USCC_A, industry: str = "2614", town: str = "金山卫镇",
              data_centre: bool = False, **extra: Any) -> KeyUnit:
    enterprise, _ = Enterprise.objects.get_or_create(uscc=uscc, defaults={"name": f"企业 {uscc}"})
    return KeyUnit.objects.create(
        code=code, name=f"单位 {code}", uscc=uscc, enterprise=enterprise, industry_code=industry, town=town,
        is_data_centre=data_centre, data_centre_stage="existing" if data_centre else "", **extra)


def make_meter(unit: KeyUnit, code: str = "M1", *, kind: str = "interval", role: str = MeterRole.TOTAL.value,
               energy_type: str = "electricity", unit_of_measure: str = "kWh", **extra: Any) -> Meter:
    return Meter.objects.create(code=code, unit=unit, kind=kind, role=role, energy_type=energy_type,
                                unit_of_measure=unit_of_measure, **extra)


def iso(ts: int) -> str:
    return dt.datetime.fromtimestamp(ts, LOCAL).isoformat()


def records(meter: str, values: Iterable[float], start: int = T0, step: int = STEP,
            skip: Iterable[int] = ()) -> list[dict[str, object]]:
    """Rows of one meter, one per step from `start` + step, leaving out the positions in `skip`."""
    gone = set(skip)
    return [{"meter": meter, "timestamp": iso(start + (i + 1) * step), "value": v}
            for i, v in enumerate(values) if i not in gone]


def send(rows: list[dict[str, object]], **kwargs: Any) -> IngestReport:
    return ingest_records(rows, channel="api", now=kwargs.pop("now", NOW), **kwargs)


def stored(meter: Meter) -> list[Reading]:
    return list(Reading.objects.filter(meter=meter).order_by("ts"))


def rollup_map(scope: Scope, grain: Grain) -> dict[tuple[str, dt.datetime, str], tuple[float, int, int, int]]:
    return {(r.key, r.start, r.energy_type): (r.quantity, r.readings, r.estimated, r.invalid)
            for r in Rollup.objects.filter(scope=scope.value, grain=grain.value)}


def expected_rollups(scope: Scope, grain: Grain) -> dict[tuple[str, dt.datetime, str], tuple[float, int, int, int]]:
    """The rollups summed afresh from the readings table (basis units), the invariant the store keeps.
    Industries and towns have days and months only: no hour of theirs is expected (nor may one be stored)."""
    if scope in (Scope.INDUSTRY, Scope.TOWN) and grain is Grain.HOUR:
        return {}
    factors = current_factors()
    sums: dict[tuple[str, dt.datetime, str], list[float]] = defaultdict(lambda: [0.0, 0, 0, 0])
    for meter in Meter.objects.select_related("unit"):
        rows = list(Reading.objects.filter(meter=meter).values_list("ts", "energy", "estimated"))
        if not rows:
            continue
        ts = np.array([int(r[0].timestamp()) for r in rows])
        energy = np.array([np.nan if r[1] is None else r[1] for r in rows])
        est = np.array([r[2] for r in rows])
        if scope is Scope.METER:
            key = meter.code
        elif meter.role != MeterRole.TOTAL.value:
            continue
        else:
            key = {Scope.UNIT: meter.unit.code, Scope.INDUSTRY: meter.unit.industry_division,
                   Scope.TOWN: meter.unit.town}[scope]
        b = sum_by_bucket(ts, energy, est, grain)
        for i, start in enumerate(b.starts.tolist()):
            year = dt.datetime.fromtimestamp(start, LOCAL).year
            to_basis = factors.of(meter.energy_type, meter.unit_of_measure, year).to_basis
            row = sums[(key, dt.datetime.fromtimestamp(start, dt.UTC), meter.energy_type)]
            row[0] += float(b.energy[i]) * to_basis
            row[1] += int(b.measured[i])
            row[2] += int(b.estimated[i])
            row[3] += int(b.invalid[i])
    return {k: (v[0], int(v[1]), int(v[2]), int(v[3])) for k, v in sums.items() if any(v)}


def assert_rollups_consistent() -> None:
    """Every stored rollup equals the sum of the stored readings, at every scope and grain."""
    for scope in Scope:
        for grain in Grain:
            got = {k: v for k, v in rollup_map(scope, grain).items() if any(abs(x) > 1e-9 for x in v)}
            want = expected_rollups(scope, grain)
            assert set(got) == set(want), (scope, grain, set(got) ^ set(want))
            for key, (q, n, e, bad) in want.items():
                gq, gn, ge, gbad = got[key]
                assert (gn, ge, gbad) == (n, e, bad), (scope, grain, key, got[key], want[key])
                assert abs(gq - q) <= 1e-6 * max(1.0, abs(q)), (scope, grain, key, gq, q)
