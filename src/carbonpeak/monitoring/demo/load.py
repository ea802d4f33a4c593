"""The demo fleet in the database (演示数据): units, meters, budgets and readings, through the store.

`load_demo` registers the generator's units and meters (`demo_generator.demo_registry`), gives each
unit its annual budget for every year shown, and sends each unit's readings of the last `days`
days (ending at the last quarter hour before `end`, now by default) through the same ingest path
as any delivery (`ReadingStore.upsert`, one acknowledged batch per unit), so VEE flags the injected
anomalies and the rollups are built as in production. Running it again adds only what is new.
The demo enterprise (people.demo) owns one unit, so the enterprise user has a unit to see.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from carbonpeak.audit.models import ChangeAction, ChangeRecord
from carbonpeak.monitoring.demo.generator import DemoMeter, DemoUnit, demo_readings, demo_registry
from carbonpeak.monitoring.models import IngestBatch, KeyUnit, Meter, UnitBudget
from carbonpeak.monitoring.readings.ingest import Channel
from carbonpeak.monitoring.readings.rollup_math import year_bounds
from carbonpeak.monitoring.readings.sql import Dialect, epoch
from carbonpeak.monitoring.readings.store import ReadingStore, StoreMeter
from carbonpeak.people.demo import DEMO_ENTERPRISES
from carbonpeak.people.models import Enterprise

SEED = 2023
DEMO_ENTERPRISE_UNIT = "U004"  # a chemical plant (demo_units.yaml): the demo enterprise user's own unit
SETUP_DAYS = 35  # what `carbonpeak setup` loads: two months of pages, a few seconds


@dataclass(frozen=True)
class DemoSummary:
    units: int
    meters: int
    readings: int
    seconds: float


def _unit(u: DemoUnit) -> KeyUnit:
    uscc, name = u.uscc, u.name
    if u.code == DEMO_ENTERPRISE_UNIT:
        name, uscc = DEMO_ENTERPRISES[0][0].replace("（演示）", "") + "（演示）", DEMO_ENTERPRISES[0][1]
    enterprise, _ = Enterprise.objects.get_or_create(uscc=uscc, defaults={"name": name})
    unit, _ = KeyUnit.objects.update_or_create(code=u.code, defaults={
        "name": name, "uscc": uscc, "enterprise": enterprise, "industry_code": u.industry_code, "town": u.town,
        "level": u.level.value, "is_data_centre": u.data_center,
        "data_centre_stage": u.stage.value if u.stage is not None else "", "design_pue": u.design_pue})
    return unit


def _meter(m: DemoMeter, unit: KeyUnit) -> Meter:
    meter, _ = Meter.objects.update_or_create(code=m.code, defaults={
        "unit": unit, "energy_type": m.energy_type, "unit_of_measure": m.unit, "kind": m.kind.value,
        "multiplier": m.multiplier, "role": m.role.value, "interval_s": m.interval_s,
        "register_max": m.register_max, "minimum": m.minimum, "maximum": m.maximum})
    return meter


def register_demo(units: int = 50, years: range | None = None) -> dict[str, tuple[DemoUnit, KeyUnit, list[
        tuple[DemoMeter, Meter]]]]:
    """Create or update the demo units, meters and budgets; by unit code."""
    demo_units, demo_meters = demo_registry(units, SEED)
    out = {}
    with transaction.atomic():
        for u in demo_units:
            unit = _unit(u)
            for year in years or ():
                UnitBudget.objects.update_or_create(unit=unit, year=year, defaults={
                    "budget_tce": u.annual_budget_tce, "source": "演示数据 / demo data"})
            own = [(m, _meter(m, unit)) for m in demo_meters if m.unit_code == u.code]
            out[u.code] = (u, unit, own)
    return out


def load_demo(days: int = 45, units: int = 50, *, end: datetime | None = None, progress: bool = False,
              store: ReadingStore | None = None, actor_label: str = "carbonpeak monitoring demo") -> DemoSummary:
    """Register the demo fleet and load `days` days of readings (see the module docstring)."""
    started = time.perf_counter()
    last = epoch(end or timezone.now())
    last -= last % 900
    first = last - days * 86400
    years = range(datetime.fromtimestamp(first, Dialect.local).year, datetime.fromtimestamp(last, Dialect.local).year
                  + 1)
    fleet = register_demo(units, years)
    store = store or ReadingStore()
    total = 0
    for u, unit, meters in tqdm(fleet.values(), desc="monitoring demo", unit=" units", disable=not progress):
        rows: list[tuple[int, int, float]] = []
        for demo_meter, meter in meters:
            ts, values = demo_readings(demo_meter, u, max(first, year_bounds(2016)[0]), last, SEED)
            rows += zip([meter.pk] * ts.size, ts.tolist(), (values * meter.multiplier).tolist(), strict=True)
        with transaction.atomic():
            batch = IngestBatch.objects.create(unit=unit, channel=Channel.DEMO, source=actor_label[:200])
            result = store.upsert(rows, batch_id=batch.pk, meters={m.pk: StoreMeter.of(m) for _, m in meters})
            batch.accepted, batch.duplicates = result.inserted, len(result.duplicates)
            batch.report = {"flags": dict(result.flags), "estimated": result.estimated}
            batch.save(update_fields=["accepted", "duplicates", "report"])
        total += result.inserted
    ChangeRecord.objects.create(actor=None, actor_label=actor_label, entity="monitoring.demo",
                                entity_key=str(SEED), action=ChangeAction.UPDATED, before={},
                                after={"units": len(fleet), "days": days, "readings": total},
                                reason="demo data loaded")
    return DemoSummary(len(fleet), sum(len(m) for _, _, m in fleet.values()), total, time.perf_counter() - started)
