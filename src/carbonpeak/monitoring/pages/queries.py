"""Read-models of the monitoring pages (监测页面): what each page shows, read from the rollups.

Pages never sum the raw readings table: months, days and hours come from `Rollup`
(docs/methodology/monitoring.md, "Storage and rollups"); only a meter's readings of one
chosen day are read raw. Buckets are local (Asia/Shanghai) and stored in UTC. Every read goes
through `ReadingStore` (its read half, `readings/store_reads.py`).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from carbonpeak.common.localtime import LOCAL
from carbonpeak.monitoring.alerts import rules as alert_rules
from carbonpeak.monitoring.figures.pue import monthly_pue
from carbonpeak.monitoring.models import KeyUnit, Meter, Reading
from carbonpeak.monitoring.readings import rollup_math
from carbonpeak.monitoring.readings.store import ReadingStore
from carbonpeak.monitoring.readings.store_reads import RollupField
from carbonpeak.monitoring.vocabulary import Grain, MeterRole, Scope
from carbonpeak.people.permissions import AnyUser, Permission, can, enterprise_of

MONTHS = range(1, 13)
# The plan's task 26 (百一行动): industrial and communications energy users save 1 % of their
# energy every year, so a unit's month is held against last year's same month × 0.99.
SAVING_RATE = 0.01
ELECTRICITY = "electricity"  # the accounting engine's energy type (accounting/factors/energy_types.yaml)


def visible_units(user: AnyUser) -> QuerySet[KeyUnit]:
    """The units a user may open: every unit for the office, leaders and departments; an
    enterprise's own units for its users; none for anyone else."""
    units = KeyUnit.objects.all()
    if can(user, Permission.VIEW_MONITORING):
        return units
    own = enterprise_of(user)
    if own is None or not can(user, Permission.VIEW_UNIT_DATA):
        return units.none()
    return units.filter(enterprise=own)


def local_start(year: int, month: int = 1, day: int = 1) -> dt.datetime:
    return dt.datetime(year, month, day, tzinfo=LOCAL)


def next_month(year: int, month: int) -> dt.datetime:
    return local_start(year + month // 12, month % 12 + 1)


def period_bounds(year: int, month: int | None = None) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of a year, or of one month of it, in local time."""
    if month is None:
        return local_start(year), local_start(year + 1)
    return local_start(year, month), next_month(year, month)


def latest_month(scope: Scope = Scope.UNIT, key: str | None = None) -> tuple[int, int] | None:
    """The last (year, month) with a monthly rollup: the pages open on the data, not on today."""
    last = ReadingStore().last_start(scope, Grain.MONTH, key=key)
    if last is None:
        return None
    local = last.astimezone(LOCAL)
    return local.year, local.month


@dataclass(frozen=True)
class Energy:
    """Energy over a period: tce 当量值, tce 等价值, tCO2."""

    tce: float = 0.0
    tce_equal_value: float = 0.0
    co2_t: float = 0.0


def _rollups(scope: Scope, grain: Grain, start: dt.datetime, end: dt.datetime, fields: tuple[RollupField, ...],
             keys: Iterable[str] | None = None, energy_types: Iterable[str] | None = None) -> list[tuple[Any, ...]]:
    return ReadingStore().rollup_values(scope, grain, start, end, fields, keys=keys, energy_types=energy_types)


def period_energy(scope: Scope, start: dt.datetime, end: dt.datetime, keys: Iterable[str] | None = None) -> Energy:
    return Energy(*ReadingStore().rollup_sums(scope, Grain.MONTH, start, end, keys))


def monthly_tce(scope: Scope, year: int, keys: Iterable[str] | None = None,
                energy_types: Iterable[str] | None = None) -> list[float | None]:
    """tce (当量值) of each month of `year`, January first; None where nothing was rolled up."""
    out: list[float | None] = [None] * 12
    for start, tce in _rollups(scope, Grain.MONTH, local_start(year), local_start(year + 1), ("start", "tce"), keys,
                               energy_types):
        month = start.astimezone(LOCAL).month
        out[month - 1] = (out[month - 1] or 0.0) + tce
    return out


# --- completeness (数据完整率) ---------------------------------------------------------------

def expected_readings(meter: Meter, start: dt.datetime, end: dt.datetime) -> int:
    return rollup_math.expected_readings(int(start.timestamp()), int(end.timestamp()), meter.interval_s)


def _firsts(meters: Iterable[Meter]) -> dict[int, dt.datetime]:
    """Each meter's first reading (expected readings count from it, as `alert_facts` counts them)."""
    return ReadingStore().first_readings(m.pk for m in meters)


def _share(meters: list[Meter], firsts: dict[int, dt.datetime], received: int, start: dt.datetime,
           end: dt.datetime) -> float | None:
    expected = sum(expected_readings(m, max(start, firsts[m.pk] - dt.timedelta(seconds=m.interval_s)), end)
                   for m in meters if m.pk in firsts)
    return alert_rules.completeness(received, expected) if expected > 0 else None


def month_completeness(meters: list[Meter], year: int, data_end: dt.datetime | None = None) -> list[float | None]:
    """Share of expected readings measured per month over the unit's meters, as the low-completeness
    alert counts it (`alert_rules.completeness`). None before the first reading or after `data_end`."""
    firsts = _firsts(meters)
    got: dict[int, int] = defaultdict(int)
    rows = _rollups(Scope.METER, Grain.MONTH, local_start(year), local_start(year + 1), ("start", "readings"),
                    [m.code for m in meters])
    for start, readings in rows:  # Rollup.readings: measured, not estimated
        got[start.astimezone(LOCAL).month] += readings
    out: list[float | None] = []
    for month in MONTHS:
        start, end = period_bounds(year, month)
        out.append(_share(meters, firsts, got[month], start, min(end, data_end) if data_end else end))
    return out


# --- one unit -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Curve:
    """A load curve: one series of energy per bucket per energy type, in its own unit."""

    times: list[str]
    series: list[dict[str, object]]
    running_hour: str = ""  # the hour still under way, left out (its energy so far would look like a drop)


def load_curve(unit: KeyUnit, days: int = 7, now: dt.datetime | None = None) -> Curve:
    """Hourly energy of the unit's last `days` days with data (the hourly rollups), up to the last hour that has
    ended at `now`: the hour under way holds only part of its energy and is left out."""
    store = ReadingStore()
    last = store.last_start(Scope.UNIT, Grain.HOUR, key=unit.code)
    if last is None:
        return Curve([], [])
    running = ""
    if last + dt.timedelta(hours=1) > (now or dt.datetime.now(dt.UTC)):
        running = f"{last.astimezone(LOCAL):%m-%d %H:%M}"
        last -= dt.timedelta(hours=1)
    first = last - dt.timedelta(days=days) + dt.timedelta(hours=1)
    rows = store.rollup_values(Scope.UNIT, Grain.HOUR, first, last, ("start", "energy_type", "unit_of_measure",
                               "quantity"), keys=[unit.code], through_end=True, order=("start",))
    times = [(first + dt.timedelta(hours=h)) for h in range(days * 24)]
    index = {t: i for i, t in enumerate(times)}
    by_type: dict[tuple[str, str], list[float | None]] = {}
    for start, energy_type, unit_of_measure, quantity in rows:
        values = by_type.setdefault((energy_type, unit_of_measure), [None] * len(times))
        i = index.get(start)
        if i is not None:
            values[i] = round(quantity, 3)
    return Curve([f"{t.astimezone(LOCAL):%m-%d %H:%M}" for t in times],
                 [{"energy_type": k[0], "unit": k[1], "data": v} for k, v in sorted(by_type.items())], running)


def daily_tce(unit: KeyUnit, year: int, month: int) -> tuple[list[str], list[float | None]]:
    """tce (当量值) of each day of a month."""
    days = calendar.monthrange(year, month)[1]
    out: list[float | None] = [None] * days
    start, end = period_bounds(year, month)
    for s, tce in _rollups(Scope.UNIT, Grain.DAY, start, end, ("start", "tce"), [unit.code]):
        day = s.astimezone(LOCAL).day
        out[day - 1] = round((out[day - 1] or 0.0) + tce, 3)
    return [f"{month}-{d}" for d in range(1, days + 1)], out


def budget_pace(unit: KeyUnit, year: int, now: dt.datetime) -> alert_rules.BudgetPace | None:
    """The year's energy so far against its budget (用能预算) at `now`, judged as the budget alert
    judges it (`alert_facts`): spread like last year's months when last year is complete, else pro rata."""
    budget = unit.budgets.filter(year=year).first()
    if budget is None:
        return None
    used = period_energy(Scope.UNIT, local_start(year), local_start(year + 1), [unit.code]).tce
    last_year = monthly_tce(Scope.UNIT, year - 1, [unit.code])
    profile = [v or 0.0 for v in last_year] if all(v and v > 0 for v in last_year) else None
    return alert_rules.budget_pace(used, budget.budget_tce, alert_rules.year_elapsed_share(int(now.timestamp()), year),
                                   alert_rules.alert_settings().budget_tolerance, profile)


@dataclass(frozen=True)
class MeterRow:
    meter: Meter
    latest: Reading | None


def meter_rows(unit: KeyUnit) -> list[MeterRow]:
    """Each meter of the unit with its latest reading (one query a meter: a unit has a handful)."""
    store = ReadingStore()
    return [MeterRow(m, store.latest_reading(m.pk)) for m in unit.meters.all()]


def day_readings(meter: Meter, day: dt.date) -> list[Reading]:
    """A meter's raw readings of one local day (interval ends after 00:00 up to 24:00)."""
    start = local_start(day.year, day.month, day.day)
    return ReadingStore().readings_between(meter.pk, start, start + dt.timedelta(days=1))


def latest_reading_day(meter: Meter) -> dt.date | None:
    last = ReadingStore().last_reading_time(meter.pk)
    return None if last is None else (last - dt.timedelta(seconds=1)).astimezone(LOCAL).date()


# --- data centres (数据中心 PUE) ---------------------------------------------------------------

@dataclass(frozen=True)
class PueMonth:
    month: int
    facility_kwh: float | None
    it_kwh: float | None

    @property
    def pue(self) -> float | None:
        return monthly_pue(self.facility_kwh, self.it_kwh)


def _monthly_quantity(scope: Scope, keys: list[str], year: int, energy_type: str) -> list[float | None]:
    out: list[float | None] = [None] * 12
    rows = _rollups(scope, Grain.MONTH, local_start(year), local_start(year + 1), ("start", "quantity"), keys,
                    [energy_type])
    for start, quantity in rows:
        month = start.astimezone(LOCAL).month
        out[month - 1] = (out[month - 1] or 0.0) + quantity
    return out


def pue_months(unit: KeyUnit, year: int) -> list[PueMonth]:
    """Facility (the unit's total meters) and IT-load electricity per month: PUE = facility / IT
    (`pue.monthly_pue`; the plan's footnote ², 数据中心消耗的所有能源与 IT 设备负载消耗的能源的比值)."""
    it_codes = list(unit.meters.filter(role=MeterRole.IT_LOAD.value).values_list("code", flat=True))
    facility = _monthly_quantity(Scope.UNIT, [unit.code], year, ELECTRICITY)
    it = _monthly_quantity(Scope.METER, it_codes, year, ELECTRICITY) if it_codes else [None] * 12
    return [PueMonth(m, facility[m - 1], it[m - 1]) for m in MONTHS]


# --- the district (全区总览: totals, breakdowns and top consumers are overview.district_overview) ---

def units_completeness(year: int, month: int) -> list[tuple[KeyUnit, float | None]]:
    """Each active unit's data completeness in one month (up to now), lowest first, no data first.

    Three queries for the whole district: the units with their meters, the meters' first readings
    and the month's meter rollups."""
    start, end = period_bounds(year, month)
    end = min(end, dt.datetime.now(LOCAL))
    units = list(KeyUnit.objects.filter(active=True).prefetch_related("meters"))
    meters = {u.pk: [m for m in u.meters.all() if m.active] for u in units}
    firsts = _firsts(m for ms in meters.values() for m in ms)
    got: dict[str, int] = defaultdict(int)
    for key, readings in _rollups(Scope.METER, Grain.MONTH, start, end, ("key", "readings")):
        got[key] += readings
    out = [(u, _share(meters[u.pk], firsts, sum(got[m.code] for m in meters[u.pk]), start, end)) for u in units]
    out.sort(key=lambda p: (p[1] is not None, p[1] or 0.0, p[0].code))
    return out
