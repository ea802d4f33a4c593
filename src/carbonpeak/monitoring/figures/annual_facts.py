"""The yearly figures of every key unit (`annual`), read from the monthly rollups in a few queries.

What the indicators derive (data-centre PUE, the 百一 saving), the annual PUE alert and the
百一行动 table read. Only completed months count: a month counts once `as_of` is past its end.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from carbonpeak.monitoring.alerts import rules as alert_rules
from carbonpeak.monitoring.figures import annual
from carbonpeak.monitoring.models import KeyUnit, Meter
from carbonpeak.monitoring.pages.queries import ELECTRICITY
from carbonpeak.monitoring.readings.rollup_math import expected_readings, month_bounds
from carbonpeak.monitoring.readings.store import ReadingStore
from carbonpeak.monitoring.readings.store_reads import MonthRow
from carbonpeak.monitoring.vocabulary import DataCentreStage, MeterRole, Scope


def completed_months(year: int, as_of: dt.date) -> list[int]:
    """The months of `year` that ended on or before `as_of` (a month ends at the next one's start)."""
    if year < as_of.year:
        return list(range(1, 13))
    if year > as_of.year:
        return []
    return list(range(1, as_of.month))


@dataclass(frozen=True)
class UnitYear:
    unit: KeyUnit
    meters: tuple[Meter, ...]
    months: tuple[annual.UnitMonth, ...]  # the completed months only
    factor_sets: frozenset[str]


def _firsts(meter_ids: list[int]) -> dict[int, int]:
    return {meter: int(first.timestamp()) for meter, first in ReadingStore().first_readings(meter_ids).items()}


def _month_rollups(scope: Scope, year: int, keys: Iterable[str] | None = None) -> list[MonthRow]:
    """The month rollups of `year` as tuples (`StoreReads.month_rows`: model objects cost three times the read)."""
    return ReadingStore().month_rows(scope, month_bounds(year, 1)[0], month_bounds(year, 12)[1], keys)


def unit_years(year: int, as_of: dt.date, units: Iterable[KeyUnit] | None = None) -> dict[str, UnitYear]:
    """Each active unit's completed months of `year`: tce (当量值), facility and IT electricity, completeness."""
    chosen = list(units) if units is not None else list(KeyUnit.objects.filter(active=True).prefetch_related("meters"))
    months = completed_months(year, as_of)
    if not chosen or not months:
        return {u.code: UnitYear(u, (), (), frozenset()) for u in chosen}
    meters = {u.pk: tuple(m for m in u.meters.all() if m.active) for u in chosen}
    firsts = _firsts([m.pk for ms in meters.values() for m in ms])
    starts = {month_bounds(year, m)[0]: m for m in months}
    tce: dict[tuple[str, int], float] = defaultdict(float)
    facility: dict[tuple[str, int], float] = defaultdict(float)
    sets: dict[str, set[str]] = defaultdict(set)
    for r in _month_rollups(Scope.UNIT, year, [u.code for u in chosen]):
        month = starts.get(r.start)
        if month is None:
            continue
        tce[r.key, month] += r.tce
        sets[r.key].add(r.factor_set)
        if r.energy_type == ELECTRICITY:
            facility[r.key, month] += r.quantity
    owner = {m.code: u for u in chosen for m in meters[u.pk]}
    it_codes = {m.code for ms in meters.values() for m in ms if m.role == MeterRole.IT_LOAD.value}
    it: dict[tuple[str, int], float] = defaultdict(float)
    received: dict[tuple[str, int], int] = defaultdict(int)
    for r in _month_rollups(Scope.METER, year, owner):
        month = starts.get(r.start)
        if month is None:
            continue
        unit_code = owner[r.key].code
        received[unit_code, month] += r.readings
        if r.key in it_codes and r.energy_type == ELECTRICITY:
            it[unit_code, month] += r.quantity
    out: dict[str, UnitYear] = {}
    for u in chosen:
        rows = []
        for month in months:
            lo, hi = month_bounds(year, month)
            expected = sum(expected_readings(max(lo, firsts[m.pk] - m.interval_s), hi, m.interval_s)
                           for m in meters[u.pk] if m.pk in firsts)
            key = (u.code, month)
            share = alert_rules.completeness(received[key], expected) if expected > 0 else None
            rows.append(annual.UnitMonth(month, tce.get(key), facility.get(key), it.get(key), share))
        out[u.code] = UnitYear(u, meters[u.pk], tuple(rows), frozenset(sets[u.code]))
    return out


def threshold() -> float:
    return alert_rules.alert_settings().completeness_threshold


def data_centre_pues(year: int, as_of: dt.date, stage: DataCentreStage | None = None
                     ) -> list[tuple[UnitYear, annual.PueYear]]:
    """Each active data centre (of one stage, or all) with its PUE over the completed months of `year`."""
    units = KeyUnit.objects.filter(active=True, is_data_centre=True).prefetch_related("meters")
    if stage is not None:
        units = units.filter(data_centre_stage=stage.value)
    years = unit_years(year, as_of, units)
    limit = threshold()
    return [(y, annual.pue_year(y.months, limit)) for y in sorted(years.values(), key=lambda y: y.unit.code)]


def industrial_savings(year: int, as_of: dt.date) -> list[tuple[UnitYear, annual.Saving]]:
    """Each active industrial or communications unit's saving on the same completed months a year before."""
    units = [u for u in KeyUnit.objects.filter(active=True).prefetch_related("meters")
             if annual.is_industrial(u.industry_code)]
    now = unit_years(year, as_of, units)
    before = unit_years(year - 1, as_of, units)
    limit = threshold()
    return [(now[c], annual.yearly_saving(before[c].months, now[c].months, limit))
            for c in sorted(now)]


def unit_saving(unit: KeyUnit, year: int, as_of: dt.date) -> annual.Saving | None:
    """One industrial unit's saving on the same ended months a year before (None for other units)."""
    if not annual.is_industrial(unit.industry_code):
        return None
    now = unit_years(year, as_of, [unit])[unit.code]
    before = unit_years(year - 1, as_of, [unit])[unit.code]
    return annual.yearly_saving(before.months, now.months, threshold())


def unit_pue_year(unit: KeyUnit, year: int, as_of: dt.date) -> annual.PueYear:
    return annual.pue_year(unit_years(year, as_of, [unit])[unit.code].months, threshold())
