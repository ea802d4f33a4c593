"""What the alert rules are asked about each unit, read from the readings' ends and the rollups.

`gather(now)` answers the rules of `alert_rules` for every active unit and returns their findings
with the subjects it judged (so that `alerts.evaluate` may close what no longer holds):

- silence: the newest reading of the unit's active meters (subject: that reading's local time,
  so each silence is its own alert; "" for a unit that never sent one);
- completeness, per local month (subject "2026-07"): the month just ended and the ones before it
  back to a year, and the current month once `CURRENT_MONTH_AFTER_DAYS` of it have passed; expected
  readings count from each meter's first reading;
- PUE of data centres, per local month as above: the unit's electricity (its total meters) over its
  it_load meters' (`pue.monthly_pue`), against 1.4 (existing) / 1.3 (new);
- PUE of data centres over a year (subject "2026"): last year and this year's ended months, the
  months below the completeness rule left out (`annual`), against the same limits;
- budget pace, for the current local year (subject "2026"): year-to-date tce (当量值) against the
  year's UnitBudget, spread like last year's months when last year is complete, else pro rata.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from carbonpeak.monitoring.alerts import rules
from carbonpeak.monitoring.figures.annual_facts import data_centre_pues
from carbonpeak.monitoring.figures.pue import monthly_pue
from carbonpeak.monitoring.models import KeyUnit, Meter
from carbonpeak.monitoring.readings.rollup_math import expected_readings, month_bounds
from carbonpeak.monitoring.readings.sql import Dialect, moment
from carbonpeak.monitoring.readings.store import ReadingStore
from carbonpeak.monitoring.readings.store_reads import MonthRow
from carbonpeak.monitoring.vocabulary import AlertKind, DataCentreStage, MeterRole, Scope

CURRENT_MONTH_AFTER_DAYS = 7  # a month is judged for completeness and PUE once a week of it has passed
MONTHS_BACK = 12


@dataclass(frozen=True)
class Finding:
    unit: KeyUnit
    subject: str
    finding: rules.AlertFinding


@dataclass
class Facts:
    findings: list[Finding] = field(default_factory=list)
    judged: set[tuple[int, str, str]] = field(default_factory=set)  # (unit id, kind, subject); "*": all

    def add(self, unit: KeyUnit, kind: AlertKind, subject: str, finding: rules.AlertFinding | None) -> None:
        self.judged.add((unit.pk, kind.value, subject))
        if finding is not None:
            self.findings.append(Finding(unit, subject, finding))


def _local(ts: int) -> datetime:
    return moment(ts).astimezone(Dialect.local)


def _month_label(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _months(now: int, first: int | None) -> list[tuple[int, int]]:
    """(year, month) judged: from a year back (or the first reading) to the last month due."""
    if first is None:
        return []
    here = _local(now)
    out = []
    y, m = here.year, here.month
    for _ in range(MONTHS_BACK + 1):
        lo, hi = month_bounds(y, m)
        due = hi <= now or (now - lo) >= CURRENT_MONTH_AFTER_DAYS * 86400
        if hi <= first:
            break
        if due:
            out.append((y, m))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out


def _meter_ends(now: int) -> dict[int, tuple[int | None, int | None]]:
    """Per active meter: its first and newest reading up to `now` (epoch s)."""
    ends = ReadingStore().active_meter_ends(moment(now))
    return {pk: (int(first.timestamp()) if first else None,
                 int(last.timestamp()) if last else None) for pk, (first, last) in ends.items()}


def _month_rollups(scope: Scope, lo: int, hi: int) -> dict[tuple[str, int], list[MonthRow]]:
    out: dict[tuple[str, int], list[MonthRow]] = defaultdict(list)
    for r in ReadingStore().month_rows(scope, lo, hi):
        out[(r.key, r.start)].append(r)
    return out


def gather(now: int) -> Facts:
    facts = Facts()
    here = _local(now)
    ends = _meter_ends(now)
    units = list(KeyUnit.objects.filter(active=True).prefetch_related("meters", "budgets"))
    window_lo = month_bounds(here.year - 1, here.month)[0]
    meter_months = _month_rollups(Scope.METER, window_lo, now + 1)
    unit_months = _month_rollups(Scope.UNIT, month_bounds(here.year - 1, 1)[0], now + 1)
    for unit in units:
        meters = [m for m in unit.meters.all() if m.active]
        if not meters:
            continue
        lasts = [ends.get(m.pk, (None, None))[1] for m in meters]
        last = max((t for t in lasts if t is not None), default=None)
        facts.add(unit, AlertKind.SILENT, "*", None)
        facts.add(unit, AlertKind.SILENT, "" if last is None else rules.local_time(last),
                  rules.silent_finding(unit.code, last, now))
        firsts = [t for m in meters if (t := ends.get(m.pk, (None, None))[0]) is not None]
        for year, month in _months(now, min(firsts, default=None)):
            _completeness(facts, unit, meters, ends, meter_months, year, month, now)
            if unit.is_data_centre and unit.data_centre_stage:
                _pue(facts, unit, meters, meter_months, unit_months, year, month)
        _budget(facts, unit, unit_months, now)
    _annual_pue(facts, here.date())
    return facts


def _annual_pue(facts: Facts, today: date) -> None:
    """Each data centre's PUE over last year and over this year's ended months (subject "2026")."""
    for year in (today.year - 1, today.year):
        for unit_year, pue in data_centre_pues(year, today):
            unit = unit_year.unit
            if not unit.data_centre_stage or not pue.months:
                continue
            facts.add(unit, AlertKind.PUE_ANNUAL_ABOVE_LIMIT, str(year), rules.annual_pue_finding(
                str(year), pue.pue, DataCentreStage(unit.data_centre_stage), year, len(pue.months)))


def _completeness(facts: Facts, unit: KeyUnit, meters: list[Meter], ends: dict[int, tuple[int | None, int | None]],
                  months: dict[tuple[str, int], list[MonthRow]], year: int, month: int, now: int) -> None:
    lo, hi = month_bounds(year, month)
    expected = received = 0
    for m in meters:
        first = ends.get(m.pk, (None, None))[0]
        if first is None:
            continue
        expected += expected_readings(max(lo, first - m.interval_s), min(hi, now), m.interval_s)
        received += sum(r.readings for r in months.get((m.code, lo), []))
    label = _month_label(year, month)
    facts.add(unit, AlertKind.LOW_COMPLETENESS, label,
              rules.completeness_finding(unit.code, received, expected, label))


def _pue(facts: Facts, unit: KeyUnit, meters: list[Meter], meter_months: dict[tuple[str, int], list[MonthRow]],
         unit_months: dict[tuple[str, int], list[MonthRow]], year: int, month: int) -> None:
    lo, _ = month_bounds(year, month)
    facility = sum(r.quantity for r in unit_months.get((unit.code, lo), []) if r.energy_type == "electricity")
    it = sum(r.quantity for m in meters if m.role == MeterRole.IT_LOAD.value
             for r in meter_months.get((m.code, lo), []) if r.energy_type == "electricity")
    label = _month_label(year, month)
    pue = monthly_pue(facility or None, it or None)
    facts.add(unit, AlertKind.PUE_ABOVE_LIMIT, label,
              rules.pue_finding(unit.code, pue, DataCentreStage(unit.data_centre_stage), label))


def _budget(facts: Facts, unit: KeyUnit, unit_months: dict[tuple[str, int], list[MonthRow]], now: int) -> None:
    year = _local(now).year
    budget = next((b for b in unit.budgets.all() if b.year == year), None)
    if budget is None:
        return
    settings = rules.alert_settings()
    ytd = sum(r.tce for m in range(1, 13) for r in unit_months.get((unit.code, month_bounds(year, m)[0]), []))
    last_year = [sum(r.tce for r in unit_months.get((unit.code, month_bounds(year - 1, m)[0]), []))
                 for m in range(1, 13)]
    profile = last_year if all(v > 0 for v in last_year) else None
    pace = rules.budget_pace(ytd, budget.budget_tce, rules.year_elapsed_share(now, year), settings.budget_tolerance,
                             profile)
    facts.add(unit, AlertKind.AHEAD_OF_BUDGET, str(year), rules.budget_finding(unit.code, pace))
