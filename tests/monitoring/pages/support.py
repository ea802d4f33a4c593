"""A small monitored district for the page tests, built through the ORM in each test's transaction.

Two units, both feeding the rollups of 2025 and January–October 2026 (local months):

- FACTORY `MU-TEST-F`: the demo enterprise's plant (user `enterprise`), 2614 in 漕泾镇, one total
  electricity meter. 100 000 kWh a month in 2025, 98 000 in 2026 (exactly the 1 % target).
  Completeness 98 % every month but September 2026 (80 %). Budget 2026: 150 tce.
- DATA_CENTRE `MU-TEST-DC`: another enterprise's existing data centre (limit 1.4, design 1.35), 6519
  in 亭林镇, a total and an IT-load meter. Facility 300 000 kWh a month, IT 220 000 (PUE 1.36),
  but July 2026 facility 330 000 (PUE 1.5): an open PUE alert for "2026-07".

Electricity: 0.1229 kgce/kWh (当量值), 0.404 kgce/kWh (等价值 stand-in), 0.42 kgCO2/kWh.
The FACTORY has 96 readings on 2026-10-31 (15 min, 250 kWh each, one flagged spike) and hourly
rollups of its last 7 days; every meter has a first reading on 2025-01-01 00:15 and the data centre's
a last on 2026-11-01 00:00, so that completeness and the alert rules (`alerts.evaluate` at `RULES_NOW`)
count its months.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import F

from carbonpeak.monitoring.models import Alert, KeyUnit, Meter, Reading, Rollup, UnitBudget
from carbonpeak.monitoring.vocabulary import Flag
from carbonpeak.people.models import Enterprise
from carbonpeak.people.uscc import check_character

LOCAL = dt.timezone(dt.timedelta(hours=8))
TCE, TCE_EQ, CO2 = 0.1229e-3, 0.404e-3, 0.42e-3
FACTORY, DATA_CENTRE = "MU-TEST-F", "MU-TEST-DC"
DEMO_ENTERPRISE = "91310116MA1JKD0G1K"  # the demo user `enterprise`'s
OTHER_USCC = "91310116MA1J00000Y"
LAST_MONTH = 10  # of 2026
PUE_MONTH = 7
FACTORY_KWH = {2025: 100_000.0, 2026: 98_000.0}
LOW_MONTH = 9  # factory completeness 80 %
RULES_NOW = dt.datetime(2026, 11, 1, 4, tzinfo=dt.UTC)  # noon local, the day after the data end


def valid_uscc(first17: str) -> str:
    return first17 + check_character(first17)


@dataclass(frozen=True)
class District:
    factory: KeyUnit
    data_centre: KeyUnit
    meter: Meter  # the factory's
    it_meter: Meter
    pue_alert: Alert


def local(year: int, month: int, day: int = 1, hour: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=LOCAL)


class Rollups:
    """Rollup rows gathered in memory and written at once; unit rows are added to their industry
    division's and town's rows, as the store does."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str, str, dt.datetime], list[float]] = {}

    def add(self, scope: str, key: str, grain: str, start: dt.datetime, kwh: float, readings: int = 0,
            unit: KeyUnit | None = None) -> None:
        keys = [(scope, key)]
        if unit is not None:
            keys += [("industry", unit.industry_division), ("town", unit.town)]
        for one_scope, one_key in keys:
            row = self.rows.setdefault((one_scope, one_key, grain, start), [0.0, 0])
            row[0] += kwh
            row[1] += readings

    def save(self) -> None:
        """Insert the rows, adding to any already there (another fleet's industry and town rows)."""
        keys = {k[1] for k in self.rows}
        stored = set(Rollup.objects.filter(key__in=keys, energy_type="electricity").values_list(
            "scope", "key", "grain", "start"))
        new = []
        for (scope, key, grain, start), (kwh, readings) in self.rows.items():
            sums = {"quantity": kwh, "tce": kwh * TCE, "tce_equal_value": kwh * TCE_EQ, "co2_t": kwh * CO2,
                    "readings": int(readings)}
            if (scope, key, grain, start) in stored:
                Rollup.objects.filter(scope=scope, key=key, grain=grain, start=start, energy_type="electricity"
                                      ).update(**{k: F(k) + v for k, v in sums.items()})
            else:
                new.append(Rollup(scope=scope, key=key, grain=grain, start=start, energy_type="electricity",
                                  unit_of_measure="kWh", estimated=0, invalid=0, factor_set="tests", **sums))
        Rollup.objects.bulk_create(new)


def months() -> list[tuple[int, int]]:
    return [(2025, m) for m in range(1, 13)] + [(2026, m) for m in range(1, LAST_MONTH + 1)]


def expected(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1] * 96


def build() -> District:
    own = Enterprise.objects.get(uscc=DEMO_ENTERPRISE)
    other, _ = Enterprise.objects.get_or_create(uscc=OTHER_USCC, defaults={"name": "另一家数据公司（测试）"})
    factory = KeyUnit.objects.create(code=FACTORY, name="测试化工厂", uscc=DEMO_ENTERPRISE, enterprise=own,
                                     industry_code="2614", town="漕泾镇", level="city")
    dc = KeyUnit.objects.create(code=DATA_CENTRE, name="测试数据中心", uscc=OTHER_USCC, enterprise=other,
                                industry_code="6519", town="亭林镇", level="district", is_data_centre=True,
                                data_centre_stage="existing", design_pue=1.35)
    meter = Meter.objects.create(code=f"{FACTORY}-E1", unit=factory, energy_type="electricity",
                                 unit_of_measure="kWh", kind="interval", role="total")
    dc_total = Meter.objects.create(code=f"{DATA_CENTRE}-TOT", unit=dc, energy_type="electricity",
                                    unit_of_measure="kWh", kind="cumulative", role="total", multiplier=200)
    it = Meter.objects.create(code=f"{DATA_CENTRE}-IT", unit=dc, energy_type="electricity", unit_of_measure="kWh",
                              kind="cumulative", role="it_load")
    rollups = Rollups()
    for year, month in months():
        start, n = local(year, month), expected(year, month)
        got = int(n * (0.8 if (year, month) == (2026, LOW_MONTH) else 0.98))
        kwh = FACTORY_KWH[year]
        rollups.add("unit", FACTORY, "month", start, kwh, got, unit=factory)
        rollups.add("meter", meter.code, "month", start, kwh, got)
        facility = 330_000.0 if (year, month) == (2026, PUE_MONTH) else 300_000.0
        rollups.add("unit", DATA_CENTRE, "month", start, facility, n, unit=dc)
        rollups.add("meter", dc_total.code, "month", start, facility, n)
        rollups.add("meter", it.code, "month", start, 220_000.0, n)
    for day in range(1, 32):
        rollups.add("unit", FACTORY, "day", local(2026, LAST_MONTH, day), 98_000 / 31, 96, unit=factory)
    for hour in range(7 * 24):
        rollups.add("unit", FACTORY, "hour", local(2026, LAST_MONTH, 25) + dt.timedelta(hours=hour), 98_000 / 31 / 24,
                    4, unit=factory)
    rollups.save()
    Reading.objects.bulk_create(
        Reading(meter=meter, ts=local(2026, LAST_MONTH, 31) + dt.timedelta(minutes=15 * i),
                value=2500.0 if i == 40 else 250.0, flags=Flag.SPIKE if i == 40 else 0,
                energy=None if i == 40 else 250.0)
        for i in range(1, 97))
    # Every meter reports from January 2025 to the end of October 2026 (first and last readings: where
    # completeness and the alert rules start and stop counting).
    first = local(2025, 1, 1) + dt.timedelta(minutes=15)
    Reading.objects.bulk_create([Reading(meter=meter, ts=first, value=250.0, energy=None)] + [
        Reading(meter=m, ts=ts, value=v, energy=None)
        for m in (dc_total, it) for ts, v in ((first, 1.0), (local(2026, LAST_MONTH + 1, 1), 2.0))])
    UnitBudget.objects.create(unit=factory, year=2026, budget_tce=150.0, source="tests")
    alert = Alert.objects.create(unit=dc, kind="pue_above_limit", subject=f"2026-{PUE_MONTH:02d}", value=1.5,
                                 limit=1.4, message_zh="2026年7月 PUE 1.50 高于限值 1.4",
                                 message_en="PUE 1.50 in July 2026 above the limit 1.4")
    return District(factory, dc, meter, it, alert)
