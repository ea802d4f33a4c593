"""Benchmark: the monitoring room's storage — backfill, HTTP ingest and the district overview.

Run: .venv/bin/python bench/bench_monitoring.py [--quick] [--channels N] [--days D] [--store-only] [--full]
     scripts/with-postgres.sh .venv/bin/python bench/bench_monitoring.py   # the same on PostgreSQL
     .venv/bin/python bench/bench_monitoring.py --archive-only [--full]     # 5. only (no database work)

Without DATABASE_URL a fresh SQLite (WAL) file in a temporary directory is used, set up like
`carbonpeak setup` (migrations, factor sets). Figures:

1. Raw bulk-load ceiling: plain `executemany` INSERT (on PostgreSQL also `COPY`, the ceiling there) of
   the slice's rows into a readings-shaped table (same columns and primary key) on the same database,
   one transaction per unit, through the DB-API cursor: what the database itself takes, nothing computed.
   Each unit's rows go through the ceiling just before the store takes them (2a), so that both meet the
   same load of a shared machine.
2. Backfill, a slice of "one year for 10,000 channels" (350,400,000 readings): N channels (5 per
   unit) × D days at 15 min, synthetic load shapes with spikes and gaps, extrapolated linearly to
   350 M (per-meter work is independent; the rollup table grows with meters × hours):
   a. the store path — parsed rows into `ReadingStore.upsert`, one transaction per unit
      (VEE, estimates and the rollups included: hour, day and month of meters and units, day and month of
      industries and towns);
   b. the file path — `carbonpeak readings import` (`ingest.import_file`) of a CSV of the same
      shape, parsing and checking every row as well.
3. HTTP ingest through Django's test client with a unit token: a day of 5 meters per request
   (480 readings), and a real-time request (one reading of each of 5 meters).
4. District overview (`overview.district_overview`) p50/p95 over repeated calls: on the slice, and
   on synthetic month rollups of a 10,000-channel district (2,000 units × 2 years: the rows the
   overview reads; hour rows lie elsewhere in the rollup key and are not read).
5. A province on Parquet (issue 21): `monitoring synth` of a synthetic fleet straight to the archive
   (1,000 channels × 30 days = 2.9 × 10^6 readings by default; `--full`: 10^4 channels × 32 days =
   3.07 × 10^7 on the grid, ≥ 2.9 × 10^7 stored after the injected outages),
   then its rollups (hour, day, month × meter, unit, industry, town, tce and CO2) by DuckDB
   (all cores) and by Spark local[2], each written to Parquet: readings per second of each, the Spark
   session's start apart. The machine's load average is printed before and after (it is shared).
The last lines sum up: the store path against the ceiling of the database it ran on (executemany on SQLite,
COPY on PostgreSQL; target ≤ 2×), the file path, and the province's size and rates.
Prints figures; never asserts on time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

TARGET_READINGS = 10_000 * 35_040  # one year of 10,000 channels at 15 min
PROVINCE_READINGS = 29_000_000  # issue 21: the synthetic fleet of the full run holds at least this many
FULL_DAYS = 32  # 10^4 channels × 32 days: 3.07 × 10^7 on the grid, ~2.98 × 10^7 stored after the outages
METERS_PER_UNIT = 5
STEP = 900
START = int(dt.datetime(2025, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=8))).timestamp())
TOWNS = ("金山卫镇", "亭林镇", "漕泾镇", "朱泾镇", "枫泾镇", "张堰镇", "吕巷镇", "廊下镇", "山阳镇", "石化街道")
INDUSTRIES = ("2614", "2511", "3484", "2710", "1713", "3130", "2929", "3311", "6550", "2211")


def setup_django() -> str:
    if not os.environ.get("DATABASE_URL"):
        path = Path(tempfile.mkdtemp(prefix="cp-bench-")) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carbonpeak.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from carbonpeak.accounting.services import sync_bundled_factor_sets

    sync_bundled_factor_sets(actor_label="bench")
    return os.environ["DATABASE_URL"]


def series(meter: int, n: int, cumulative: bool, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A meter's timestamps and sent values: a daily and weekly shape, noise, two spikes, a short gap."""
    i = np.arange(n)
    day = 1 + 0.4 * np.sin((i % 96) / 96 * 2 * np.pi - 1.8) + 0.1 * ((i // 96) % 7 < 5)
    energy = 50 * (1 + meter % 7) * day * rng.lognormal(0, 0.05, n)
    for k in rng.integers(n // 4, 3 * n // 4, 2) if n > 400 else ():
        energy[k] *= 8
    ts = START + STEP * (i + 1)
    values = np.round(np.cumsum(energy) + 1000, 2) if cumulative else np.round(energy, 3)
    keep = np.ones(n, dtype=np.bool_)
    if n > 1200:
        gap = int(rng.integers(500, n - 500))
        keep[gap:gap + 4] = False
    return ts[keep], values[keep]


def make_district(prefix: str, channels: int) -> list[tuple[Any, list[Any]]]:
    from carbonpeak.monitoring.models import KeyUnit, Meter
    from carbonpeak.people.models import Enterprise
    from carbonpeak.people.uscc import check_character

    units = []
    for u in range(channels // METERS_PER_UNIT):
        body = f"91310116MA1{prefix[:1]}{u:05d}"
        uscc = body + check_character(body)
        enterprise, _ = Enterprise.objects.get_or_create(uscc=uscc, defaults={"name": f"bench {prefix}{u}"})
        unit = KeyUnit.objects.create(code=f"{prefix}{u:05d}", name=f"基准单位 {prefix}{u}", uscc=uscc,
                                      enterprise=enterprise, industry_code=INDUSTRIES[u % len(INDUSTRIES)],
                                      town=TOWNS[u % len(TOWNS)])
        meters = [Meter.objects.create(
            code=f"{unit.code}-{m}", unit=unit, energy_type="electricity" if m < 3 else "natural_gas",
            unit_of_measure="kWh" if m < 3 else "m3", kind="cumulative" if m % 2 == 0 else "interval",
            role="sub_meter" if m == 4 else "total") for m in range(METERS_PER_UNIT)]
        units.append((unit, meters))
    return units


def unit_rows(meters: list[Any], n: int, seed: int) -> list[tuple[int, int, float]]:
    rng = np.random.default_rng(seed)
    rows: list[tuple[int, int, float]] = []
    for m in meters:
        ts, values = series(m.pk, n, m.kind == "cumulative", rng)
        rows += zip([m.pk] * ts.size, ts.tolist(), values.tolist(), strict=True)
    return rows


class Ceiling:
    """Plain executemany (or, on PostgreSQL, COPY) into a readings-shaped table (same columns and primary key, no
    foreign keys), one transaction per unit, through the DB-API cursor: what the database itself takes."""

    def __init__(self, table: str, copy: bool = False):
        from django.db import connection

        from carbonpeak.monitoring.readings.sql import dialect

        self.table, self.copy, self.rows, self.seconds = table, copy, 0, 0.0
        with connection.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {table}")
            cur.execute(f"CREATE TABLE {table} (meter_id bigint NOT NULL, ts timestamp NOT NULL, value double "
                        "precision NOT NULL, flags integer NOT NULL, energy double precision NULL, estimated boolean "
                        "NOT NULL, edited_value double precision NULL, batch_id bigint NULL, "
                        "PRIMARY KEY (meter_id, ts))")
        mark = "?" if connection.vendor == "sqlite" else "%s"
        ts_in = dialect().ts_in.replace("%s", mark)
        self.statement = f"INSERT INTO {table} VALUES ({mark}, {ts_in}, {mark}, 0, {mark}, FALSE, NULL, NULL)"
        if connection.vendor == "sqlite":
            self.statement = self.statement.replace("FALSE", "0")

    def insert(self, rows: list[tuple[int, int, float]]) -> None:
        from django.db import connection, transaction

        from carbonpeak.monitoring.readings.sql import moment

        raw = connection.connection  # the DB-API connection, no Django wrapper
        start = time.perf_counter()
        with transaction.atomic():  # one transaction per unit, as the store's
            if self.copy:
                with raw.cursor().copy(f"COPY {self.table} (meter_id, ts, value, flags, energy, estimated) "
                                       "FROM STDIN") as out:
                    for m, t, v in rows:
                        out.write_row((m, moment(t), v, 0, v, False))
            else:
                raw.cursor().executemany(self.statement, [(m, t, v, v) for m, t, v in rows])
        self.seconds += time.perf_counter() - start
        self.rows += len(rows)

    @property
    def rate(self) -> float:
        return self.rows / self.seconds

    def drop(self) -> None:
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute(f"DROP TABLE {self.table}")


def backfill_store(units: list[tuple[Any, list[Any]]], n: int, ceilings: list[Ceiling]) -> tuple[float, int]:
    """The store path unit by unit, each unit's rows loaded by the ceilings just before it: on a shared machine
    the ceiling and the store meet the same load."""
    from django.db import transaction

    from carbonpeak.monitoring.models import IngestBatch
    from carbonpeak.monitoring.readings.store import ReadingStore, StoreMeter

    store = ReadingStore()
    store.factors  # noqa: B018 - resolve the factor set before the clock starts
    total, seconds = 0, 0.0
    for k, (unit, meters) in enumerate(units):
        rows = unit_rows(meters, n, seed=k)
        for ceiling in ceilings:
            ceiling.insert(rows)
        known = {m.pk: StoreMeter.of(m) for m in meters}
        start = time.perf_counter()
        with transaction.atomic():
            batch = IngestBatch.objects.create(unit=unit, channel="bench")
            result = store.upsert(rows, batch_id=batch.pk, meters=known)
        seconds += time.perf_counter() - start
        total += result.inserted
    for ceiling in ceilings:
        ceiling.drop()
    return total / seconds, total


def backfill_file(units: list[tuple[Any, list[Any]]], n: int, workdir: Path) -> tuple[float, int]:
    from carbonpeak.monitoring.readings.ingest import import_file
    from carbonpeak.monitoring.readings.parsing import LOCAL

    path = workdir / "backfill.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("meter,timestamp,value\n")
        for k, (_, meters) in enumerate(units):
            codes = {m.pk: m.code for m in meters}
            for meter_id, ts, value in unit_rows(meters, n, seed=1000 + k):
                stamp = dt.datetime.fromtimestamp(ts, LOCAL).isoformat()
                out.write(f"{codes[meter_id]},{stamp},{value}\n")
    start = time.perf_counter()
    report = import_file(path, chunk=n * METERS_PER_UNIT, now=START + 10 * 366 * 86400)
    return report.accepted / (time.perf_counter() - start), report.accepted


def http_ingest(units: list[tuple[Any, list[Any]]], days: int) -> dict[str, float]:
    from django.test import Client

    from carbonpeak.monitoring.readings.parsing import LOCAL
    from carbonpeak.monitoring.registry import tokens

    client = Client()
    out: dict[str, float] = {}
    rng = np.random.default_rng(9)
    for label, per_request, requests in (("day of 5 meters", 96, days), ("real time, 5 meters", 1, 96 * 2)):
        total, seconds = 0, 0.0
        for unit, meters in units[:2] if label.startswith("day") else units[2:4]:
            _, clear = tokens.issue(unit, f"bench {label}", actor_label="bench")
            headers = {"HTTP_AUTHORIZATION": f"Bearer {clear}"}
            data = {m.code: series(m.pk, requests * per_request, m.kind == "cumulative", rng) for m in meters}
            for r in range(requests):
                body = []
                for m in meters:
                    ts, values = data[m.code]
                    part = slice(r * per_request, (r + 1) * per_request)
                    body += [{"meter": m.code, "timestamp": dt.datetime.fromtimestamp(t, LOCAL).isoformat(),
                              "value": v} for t, v in zip(ts[part].tolist(), values[part].tolist(), strict=True)]
                if not body:
                    continue
                payload = json.dumps({"readings": body})
                start = time.perf_counter()
                response = client.post("/api/v1/monitoring/readings", payload, content_type="application/json",
                                       **headers)
                seconds += time.perf_counter() - start
                total += response.json()["accepted"]
        out[label] = total / seconds
        out[f"{label}: requests/s"] = (requests * 2) / seconds
    return out


def synthetic_rollups(units: int, years: tuple[int, ...]) -> None:
    """Month rollups of a district of `units` units (5 meters each) for whole years, written directly."""
    from carbonpeak.monitoring.models import KeyUnit, Rollup
    from carbonpeak.monitoring.readings.rollup_math import month_bounds
    from carbonpeak.monitoring.readings.sql import moment

    towns_of = [f"合成镇{u % 10}" for u in range(10)]  # keys of their own: the slice's rows stay apart
    industries_of = [f"S{u % 10}" for u in range(10)]
    KeyUnit.objects.bulk_create(KeyUnit(code=f"S{u:05d}", name=f"合成单位 {u}", uscc="91310116MA1J00000Y",
                                        industry_code=industries_of[u % 10] + "00", town=towns_of[u % 10])
                                for u in range(units))
    rng = np.random.default_rng(3)
    rows: list[Rollup] = []

    def add(scope: str, key: str, start: dt.datetime, kwh: float) -> None:
        rows.append(Rollup(scope=scope, key=key, grain="month", start=start, energy_type="electricity",
                           quantity=kwh, unit_of_measure="kWh", tce=kwh * 1.229e-4, tce_equal_value=kwh * 4.04e-4,
                           co2_t=kwh * 4.2e-4, readings=2976, estimated=0, invalid=0, factor_set="bench"))

    for year in years:
        for month in range(1, 13):
            start = moment(month_bounds(year, month)[0])
            towns: dict[str, float] = {}
            industries: dict[str, float] = {}
            for u in range(units):
                kwh = float(rng.uniform(1e5, 1e7))
                for m in range(METERS_PER_UNIT):
                    add("meter", f"S{u:05d}-{m}", start, kwh / METERS_PER_UNIT)
                add("unit", f"S{u:05d}", start, kwh)
                towns[towns_of[u % 10]] = towns.get(towns_of[u % 10], 0.0) + kwh
                industries[industries_of[u % 10]] = industries.get(industries_of[u % 10], 0.0) + kwh
            for key, kwh in towns.items():
                add("town", key, start, kwh)
            for key, kwh in industries.items():
                add("industry", key, start, kwh)
    Rollup.objects.bulk_create(rows, batch_size=5000)


def latency(fn: Any, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[max(round(0.95 * len(times)) - 1, 0)]


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min)"


def archive_engines(channels: int, days: int, spark_master: str) -> dict[str, float]:
    """5. synth → Parquet, DuckDB and Spark rollups of it (figures printed as they come, and answered)."""
    from carbonpeak.accounting import factor_sets as fs
    from carbonpeak.monitoring.archive import duck
    from carbonpeak.monitoring.archive import spark as engine
    from carbonpeak.monitoring.archive.layout import read_manifest
    from carbonpeak.monitoring.archive.service import archive_coefficients
    from carbonpeak.monitoring.archive.synth import synthesize
    from carbonpeak.monitoring.figures.energy import EnergyFactors

    print(f"5. province on Parquet: {channels:,} channels × {days} days; {os.cpu_count()} cores; {load()}")
    with tempfile.TemporaryDirectory(prefix="cp-bench-archive-") as work:
        root = Path(work) / "archive"
        summary = synthesize(channels, days, root)
        size = sum(f.stat().st_size for f in root.rglob("*.parquet"))
        print(f"5a. synth → Parquet: {summary.readings:,} readings in {summary.seconds:.1f} s = "
              f"{summary.readings / summary.seconds:,.0f} readings/s ({size / 2**20:,.0f} MiB, "
              f"{summary.partitions} partitions)", flush=True)
        manifest = read_manifest(root)
        assert sum(p.rows for p in manifest.partitions.values()) == summary.readings
        coefficients = archive_coefficients(root, EnergyFactors(fs.resolve("shanghai", fs.bundled_factor_sets())))
        t0 = time.perf_counter()
        table = duck.compute(root, coefficients)
        duck.write(table, Path(work) / "duck")
        seconds = time.perf_counter() - t0
        duck_rate = summary.readings / seconds
        print(f"5b. DuckDB rollups ({os.cpu_count()} threads): {table.num_rows:,} rollup rows in {seconds:.1f} s = "
              f"{summary.readings / seconds:,.0f} readings/s; {load()}", flush=True)
        t0 = time.perf_counter()
        spark = engine.session(spark_master, shuffle_partitions=8, driver_memory="4g")
        started = time.perf_counter() - t0
        t0 = time.perf_counter()
        engine.write(engine.compute(spark, root, coefficients), Path(work) / "spark")
        seconds = time.perf_counter() - t0
        rows = spark.read.parquet(str(Path(work) / "spark")).count()
        spark.stop()
        print(f"5c. Spark {spark_master} rollups: {rows:,} rollup rows in {seconds:.1f} s = "
              f"{summary.readings / seconds:,.0f} readings/s (session start {started:.1f} s apart); {load()}",
              flush=True)
    return {"readings": summary.readings, "synth": summary.readings / summary.seconds, "duckdb": duck_rate,
            "spark": summary.readings / seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 channels × 30 days, fewer repeats")
    parser.add_argument("--channels", type=int, default=50, help="channels in the slice (5 per unit)")
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--archive-only", action="store_true", help="only 5. (synth, DuckDB, Spark)")
    parser.add_argument("--store-only", action="store_true",
                        help="only 1. and 2. (the ceiling, the store and file paths)")
    parser.add_argument("--full", action="store_true",
                        help="5. at 10^4 channels × 32 days (≥ 2.9 × 10^7 readings stored after the injected outages)")
    parser.add_argument("--archive-channels", type=int, default=1_000, help="5. channels (1000)")
    parser.add_argument("--archive-days", type=int, default=None,
                        help="5. days (30; 32 with --full: 30 days store 2.79 × 10^7, 31 days about 2.89 × 10^7)")
    parser.add_argument("--spark-master", default="local[2]")
    args = parser.parse_args()
    channels, days = (10, 30) if args.quick else (args.channels, args.days)
    archive_channels = 10_000 if args.full else (100 if args.quick else args.archive_channels)
    archive_days = args.archive_days or (FULL_DAYS if args.full else 30)
    if args.archive_only:
        setup_django()
        archive_engines(archive_channels, archive_days, args.spark_master)
        return
    url = setup_django()
    from django.db import connection

    from carbonpeak.monitoring.pages.overview import district_overview

    n = days * 96
    print(f"CarbonPeak monitoring bench — {dt.date.today()} — Python {platform.python_version()} on "
          f"{platform.machine()}, {os.cpu_count()} cores — {connection.vendor} "
          f"({'file ' + url.split('///')[-1] if connection.vendor == 'sqlite' else 'server'})")
    print(f"slice: {channels} channels ({channels // METERS_PER_UNIT} units × {METERS_PER_UNIT}) × {days} days "
          f"= {channels * n:,} readings; target {TARGET_READINGS:,}")

    store_units = make_district("A", channels)
    ceilings = [Ceiling("bench_raw_reading")]
    if connection.vendor == "postgresql":
        ceilings.append(Ceiling("bench_raw_copy", copy=True))
    rate, stored = backfill_store(store_units, n, ceilings)
    print(f"1. raw bulk-load ceiling (executemany, readings-shaped table): {ceilings[0].rate:,.0f} readings/s "
          f"→ {TARGET_READINGS / ceilings[0].rate / 3600:.2f} h for 350 M")
    ceiling, ceiling_name = ceilings[0].rate, "executemany"
    if connection.vendor == "postgresql":
        ceiling, ceiling_name = ceilings[1].rate, "COPY"  # PostgreSQL's bulk load: the target's ceiling
        print(f"1. raw bulk-load ceiling (COPY, readings-shaped table): {ceiling:,.0f} readings/s "
              f"→ {TARGET_READINGS / ceiling / 3600:.2f} h for 350 M")
    print(f"2a. backfill, store path (VEE + estimates + rollups): {rate:,.0f} readings/s ({stored:,} stored) — "
          f"{ceiling / rate:.2f}× the ceiling → {TARGET_READINGS / rate / 3600:.2f} h for 350 M (extrapolated); "
          f"{load()}", flush=True)
    with tempfile.TemporaryDirectory() as work:
        file_rate, imported = backfill_file(make_district("B", channels), n, Path(work))
    print(f"2b. backfill, file import (parse + check + store): {file_rate:,.0f} readings/s ({imported:,}) — "
          f"{ceiling / file_rate:.2f}× the ceiling → {TARGET_READINGS / file_rate / 3600:.2f} h for 350 M")
    if args.store_only:
        print(f"summary ({connection.vendor}; {load()}): store path {ceiling / rate:.2f}× the {ceiling_name} "
              f"ceiling (target ≤ 2×: {'met' if ceiling / rate <= 2 else 'missed'}); "
              f"file path {ceiling / file_rate:.2f}×")
        return

    http = http_ingest(make_district("C", 20), 7 if args.quick else 30)
    for label, value in http.items():
        print(f"3. HTTP ingest, {label}: {value:,.0f}" + ("" if "requests" in label else " readings/s"))

    repeat = 10 if args.quick else 50
    year = dt.datetime.fromtimestamp(START + 86400, dt.UTC).year  # the local year of the slice
    p50, p95 = latency(lambda: district_overview(year), repeat)
    print(f"4a. district_overview({year}) on the slice: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    synthetic_rollups(2_000 if not args.quick else 200, (year - 1, year))
    p50, p95 = latency(lambda: district_overview(year), repeat)
    m50, m95 = latency(lambda: district_overview(year, 6), repeat)
    size = "2,000 units (10,000 channels)" if not args.quick else "200 units"
    print(f"4b. district_overview on month rollups of {size}, 2 years: year p50 {p50:.1f} ms, p95 {p95:.1f} ms; "
          f"month p50 {m50:.1f} ms, p95 {m95:.1f} ms")
    sys.stdout.flush()
    engines = archive_engines(archive_channels, archive_days, args.spark_master)
    reached = "≥" if engines["readings"] >= PROVINCE_READINGS else "< (short of)"
    print(f"summary ({connection.vendor}; {load()}):\n"
          f"  store path {rate:,.0f} readings/s = {ceiling / rate:.2f}× the {ceiling_name} ceiling "
          f"({ceiling:,.0f}/s; target ≤ 2×: {'met' if ceiling / rate <= 2 else 'missed'}); "
          f"file path {ceiling / file_rate:.2f}×\n"
          f"  province: {engines['readings']:,} readings ({reached} {PROVINCE_READINGS:,}); synth "
          f"{engines['synth']:,.0f}/s, DuckDB {engines['duckdb']:,.0f}/s, Spark {engines['spark']:,.0f}/s")


if __name__ == "__main__":
    main()
