"""A province to test on (合成省级数据): a synthetic fleet's readings written straight to the Parquet archive.

Pure module (no Django), numpy and pyarrow. `synthesize(channels, days, out)` copies the demo fleet
(`demo/generator.demo_registry`, its units' towns, industries, roles and meters) as many times as it
takes to reach `channels` meters, each copy scaled by its own factor, and gives every meter the demo
generator's load shapes (`demo/profiles`: shifts, weekends, the Spring Festival, cooling and heating,
data-centre IT load × a PUE that follows the weather) with its own noise. Everything is computed on a
(channels × intervals) matrix per chunk of channels, so 10⁷ readings take seconds.

It injects the demo's anomalies (`demo/anomalies`), vectorised: two spikes per meter (a surge on an
interval meter; a garbled register or a dropout to zero on a register), a short gap filled by estimates,
a long outage for half of the meters, a stuck interval meter for a quarter, and the poor link's daily
outages for the units whose template has one. Flags and validated energy are written as VEE gives them
for those anomalies (a spike or a first register reading has no energy; a register's delta bridges its
spikes and outages), not by running VEE, which would cost more than the rest: the archive is a load
and equality test bed, not a VEE test (tests/monitoring/test_demo.py is that).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from carbonpeak.common.localtime import UTC_OFFSET_S
from carbonpeak.monitoring.archive.layout import ROW_GROUP, SCHEMA, Manifest, Partition, month_key, partition_dir
from carbonpeak.monitoring.demo import profiles as shapes
from carbonpeak.monitoring.demo.generator import DemoMeter, DemoUnit, demo_registry
from carbonpeak.monitoring.readings.series import Floats, Ints
from carbonpeak.monitoring.vocabulary import Flag, MeterKind, MeterRole

NDBools = Any  # a 2-d boolean array
CHUNK = 1024  # meters per matrix: 1024 × 2,880 intervals (30 days) is 24 MB per float array
TEXT = ["meter", "energy_type", "unit_of_measure", "role", "unit", "industry", "town"]
SEED = 2023


@dataclass(frozen=True)
class SynthSummary:
    channels: int
    readings: int
    partitions: int
    seconds: float


def _calendars(start: int, end: int, interval_s: int) -> list[shapes.Calendar]:
    """The demo's yearly calendars cut to the intervals ending in (start, end]."""
    out = []
    first_year = int(np.datetime64(start + UTC_OFFSET_S, "s").astype("datetime64[Y]").astype(int)) + 1970
    last_year = int(np.datetime64(end + UTC_OFFSET_S - 1, "s").astype("datetime64[Y]").astype(int)) + 1970
    for year in range(first_year, last_year + 1):
        cal = shapes.calendar(year, interval_s, SEED)
        at = (cal.ts > start) & (cal.ts <= end)
        out.append(shapes.Calendar(year, cal.ts[at], cal.hour[at], cal.weekday[at], cal.day[at],
                                   cal.temperature[at]))
    return [c for c in out if c.size]


def _base_energy(meter: DemoMeter, unit: DemoUnit, template: dict[str, Any], cals: list[shapes.Calendar]) -> Floats:
    """Energy per interval (after the multiplier) of one demo meter over the span, from the demo's shapes."""
    spec = shapes.demo_spec()
    p = spec["profiles"][unit.profile]
    parts = []
    for cal in cals:
        rng = shapes.stable_rng(SEED, "synth", meter.code, cal.year)
        if unit.profile in ("petrochemical", "chemical"):
            shape = shapes.process_shape(cal, p, rng, meter.energy_type)
        elif unit.profile == "factory":
            shape = shapes.factory_shape(cal, p, rng, int(template["shifts"]), int(template["days"]))
        elif unit.profile == "data_centre":
            shape = shapes.it_shape(cal, p, shapes.stable_rng(SEED, "synth", f"{unit.code}-IT", cal.year))
        else:
            shape = shapes.building_shape(cal, p, rng, meter.energy_type)
        parts.append(shape)
    shape = np.concatenate(parts)
    per_interval = meter.annual * meter.interval_s / (8760 * 3600)
    if unit.data_center and meter.role is MeterRole.TOTAL:
        it = shape / shape.mean()
        at = np.cumsum([0, *(c.size for c in cals)])
        pue = np.concatenate([shapes.pue_series(c, it[a:b], float(template["pue_base"]),
                                                float(template["pue_season"]))
                              for c, a, b in zip(cals, at[:-1], at[1:], strict=True)])
        pue_mean = float(template["pue_base"]) + float(template["pue_season"]) / 2
        return np.asarray(it * pue / pue_mean * per_interval)
    return np.asarray(shape / shape.mean() * per_interval)


def _fleet(channels: int) -> list[tuple[DemoMeter, DemoUnit, dict[str, Any], int]]:
    """(demo meter, its unit, template, copy number) for each channel."""
    units, meters = demo_registry()
    by_code = {u.code: u for u in units}
    templates = shapes.demo_spec()["units"]
    base = [(m, by_code[m.unit_code], dict(templates[(int(m.unit_code[1:]) - 1) % len(templates)])) for m in meters]
    return [(*base[i % len(base)], i // len(base)) for i in range(channels)]


def _anomalies(energy: Floats, kind: MeterKind, poor: NDBools, rng: np.random.Generator,
               per_hour: int) -> tuple[Floats, Floats, Ints, NDBools, NDBools]:
    """(value, energy, flags, estimated, kept) of a chunk of meters of one kind, anomalies injected."""
    n, t = energy.shape
    rows = np.arange(n)[:, None]
    flags = np.zeros((n, t), np.int64)
    estimated = np.zeros((n, t), np.bool_)
    keep = np.ones((n, t), np.bool_)
    spike = np.zeros((n, t), np.bool_)
    spike[rows, rng.integers(1, t, size=(n, 2))] = True
    short_at = rng.integers(1, max(t - 9, 2), size=n)
    short_len = rng.integers(1, 8, size=n)
    pos = np.arange(t)[None, :]
    estimated[(pos >= short_at[:, None]) & (pos < (short_at + short_len)[:, None])] = True
    long_at = rng.integers(1, max(t - 2, 2), size=n)
    long_len = np.where(rng.random(n) < 0.5, rng.integers(6, 49, size=n) * per_hour, 0)
    keep &= ~((pos >= long_at[:, None]) & (pos < (long_at + long_len)[:, None]))
    if poor.any():  # the poor link: 4–8 hours lost at a random time of every day
        per_day = 24 * per_hour
        day, within = pos // per_day, pos % per_day
        days = int(day.max()) + 1
        lost_len = rng.integers(4, 8, size=(n, days)) * per_hour
        lost_at = rng.integers(0, per_day, size=(n, days))
        lost = (within >= lost_at[rows, day]) & (within < (lost_at + lost_len)[rows, day])
        keep &= ~(lost & poor[:, None])
    spike &= keep & ~estimated
    gap_before = np.zeros((n, t), np.bool_)
    gap_before[:, 1:] = ((~keep[:, :-1]) | estimated[:, :-1]) & keep[:, 1:] & ~estimated[:, 1:]
    if kind is MeterKind.INTERVAL:
        value = energy.copy()
        stuck: NDBools = rng.random(n) < 0.25
        stuck_at = rng.integers(0, max(t - 201, 1), size=n)
        stuck_len = rng.integers(110, 201, size=n)
        flat = stuck[:, None] & (pos >= stuck_at[:, None]) & (pos < (stuck_at + stuck_len)[:, None]) & ~estimated
        value = np.where(flat, value[rows[:, 0], np.minimum(stuck_at, t - 1)][:, None], value)
        out = value.copy()
        value = np.where(spike, value * rng.uniform(6, 10, size=(n, 1)), value)
        out[spike] = np.nan
        flags |= np.where(flat & keep, int(Flag.FLAT_LINE), 0)
    else:
        register = np.cumsum(energy, axis=1) + rng.uniform(0.05, 0.4, size=(n, 1)) * energy.sum(axis=1,
                                                                                               keepdims=True) * 12
        value = np.where(spike, np.where(rng.random((n, t)) < 0.5, 0.0, register * 10 + 1000), register)
        trusted = keep & ~spike
        idx = np.where(trusted, pos, -1)
        last = np.maximum.accumulate(idx, axis=1)
        prev = np.full((n, t), -1, np.int64)
        prev[:, 1:] = last[:, :-1]
        out = np.where(prev >= 0, register - register[rows, np.maximum(prev, 0)], np.nan)
        out[spike] = np.nan
    flags |= np.where(spike, int(Flag.SPIKE), 0) | np.where(gap_before, int(Flag.GAP_BEFORE), 0)
    flags = np.where(estimated, int(Flag.ESTIMATED), flags)
    return value, out, flags, estimated, keep


def synthesize(channels: int, days: int, out: Path, *, start: int | None = None,
               progress: Callable[[int], None] | None = None) -> SynthSummary:
    """Write `channels` meters × `days` days of readings from local midnight `start` (epoch; default
    2025-01-01) into the archive at `out`, replacing what is there."""
    import time

    t0 = time.perf_counter()
    if channels < 1 or days < 1:
        raise ValueError("channels, days: 须为正整数 / must be positive numbers")
    begin = start if start is not None else int(np.datetime64("2025-01-01T00:00:00", "s").astype(np.int64)) \
        - UTC_OFFSET_S
    end = begin + days * 86400
    fleet = _fleet(channels)
    writers: dict[str, Any] = {}
    manifest = Manifest(source=f"synth channels={channels} days={days} start={begin}")
    total = 0
    try:
        for interval in sorted({m.interval_s for m, _, _, _ in fleet}):
            cals = _calendars(begin, end, interval)
            ts = np.concatenate([c.ts for c in cals])
            local = (ts - 1 + UTC_OFFSET_S).astype("datetime64[s]").astype("datetime64[M]")
            months, first_at = np.unique(local, return_index=True)
            edges = [*first_at.tolist(), int(ts.size)]
            ids = [i for i, (m, _, _, _) in enumerate(fleet) if m.interval_s == interval]
            base: dict[str, Floats] = {}
            for kind in (MeterKind.INTERVAL, MeterKind.CUMULATIVE):
                kind_ids = [i for i in ids if fleet[i][0].kind is kind]
                for a in range(0, len(kind_ids), CHUNK):
                    part = kind_ids[a: a + CHUNK]
                    total += _chunk(fleet, part, kind, cals, ts, months, edges, base, out, writers, manifest)
                    if progress is not None:
                        progress(len(part))
    finally:
        for writer in writers.values():
            writer.close()
    for done in manifest.partitions.values():
        folder = partition_dir(out, done.year, done.month)
        (folder / ".part-0.parquet.tmp").replace(folder / "part-0.parquet")
        done.files = [str((folder / "part-0.parquet").relative_to(out))]
    manifest.write(out)
    return SynthSummary(channels, total, len(manifest.partitions), time.perf_counter() - t0)


def _chunk(fleet: list[tuple[DemoMeter, DemoUnit, dict[str, Any], int]], part: list[int], kind: MeterKind,
           cals: list[shapes.Calendar], ts: Ints, months: Any, edges: list[int], base: dict[str, Floats],
           out: Path, writers: dict[str, Any], manifest: Manifest) -> int:
    rng = shapes.stable_rng(SEED, "synth-chunk", part[0], kind.value)
    rows = []
    for i in part:
        meter, unit, template, _ = fleet[i]
        if meter.code not in base:
            base[meter.code] = _base_energy(meter, unit, template, cals)
        rows.append(base[meter.code])
    scale = rng.uniform(0.7, 1.3, size=(len(part), 1))
    energy = np.vstack(rows) * scale * np.clip(1 + 0.05 * rng.standard_normal((len(part), ts.size)), 0.05, None)
    poor = np.array([bool(fleet[i][2].get("poor_link")) for i in part])
    per_hour = max(3600 // fleet[part[0]][0].interval_s, 1)
    value, energy, flags, estimated, keep = _anomalies(energy, kind, poor, rng, per_hour)
    meters = [replace(fleet[i][0], code=f"P{fleet[i][3]:05d}-{fleet[i][0].code}") for i in part]
    units = [fleet[i][1] for i in part]
    # Text columns as dictionaries over the chunk's meters: no string is repeated in memory, and Parquet
    # stores them dictionary-encoded whatever the arrow type (readers see text: `layout.check_file`).
    per_meter = {
        "meter": [m.code for m in meters],
        "energy_type": [m.energy_type for m in meters],
        "unit_of_measure": [m.unit for m in meters],
        "role": [m.role.value for m in meters],
        "unit": [f"P{fleet[i][3]:05d}-{u.code}" for i, u in zip(part, units, strict=True)],
        "industry": [u.industry_code[:2] for u in units],
        "town": [u.town for u in units],
    }
    kept_ts = np.where(keep, ts[None, :], -1)
    manifest.add_meters((m.code, int(kept_ts[k][kept_ts[k] >= 0].min()), int(kept_ts[k].max()))
                        for k, m in enumerate(meters) if keep[k].any())
    manifest.energy_units |= {(m.energy_type, m.unit) for m in meters}
    written = 0
    for month, a, b in zip(months.tolist(), edges[:-1], edges[1:], strict=True):
        k = keep[:, a:b]
        owner = np.repeat(np.arange(len(part)), k.sum(axis=1))
        take = pa.array(owner.astype(np.int32))
        columns = {
            "ts": pa.array(np.broadcast_to(ts[a:b], k.shape)[k]),
            "value": pa.array(value[:, a:b][k]),
            "flags": pa.array(flags[:, a:b][k]),
            "energy": pa.array(energy[:, a:b][k], from_pandas=True),  # NaN → null: no trusted energy
            "estimated": pa.array(estimated[:, a:b][k]),
            "edited_value": pa.nulls(int(k.sum()), pa.float64()),
            **{name: pa.DictionaryArray.from_arrays(take, pa.array(values)) for name, values in per_meter.items()},
        }
        table = pa.table(columns).select(SCHEMA.names)
        year, mon = month.year, month.month
        key = month_key(year, mon)
        writer = writers.get(key)
        if writer is None:
            folder = partition_dir(out, year, mon)
            folder.mkdir(parents=True, exist_ok=True)
            writer = writers[key] = pq.ParquetWriter(folder / ".part-0.parquet.tmp", table.schema,
                                                     use_dictionary=TEXT, compression="snappy")
            manifest.partitions[key] = Partition(year, mon, 0, [])
        writer.write_table(table, row_group_size=ROW_GROUP)
        manifest.partitions[key].rows += table.num_rows
        written += table.num_rows
    return written
