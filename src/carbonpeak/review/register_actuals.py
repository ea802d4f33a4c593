"""Actual energy of register entries from monitoring (监测): the periodic job `refresh_register_actuals`.

A register entry linked to a key unit takes its yearly actual energy from that unit's rollups
(unit scope): whole months from the monthly rollups, the month of `as_of` from the daily ones up
to and including `as_of`. The figure is tce 当量值 (`Rollup.tce`), the basis of
`RegisterEntry.approved_energy_tce` (the assessed `after.energy_tce`), so the deviation compares
like with like. Each year carries its provenance: unit code, months covered, each whole month's
data completeness (`monitoring.queries.month_completeness`, as the monitoring room counts it),
the factor sets of the rollups and the energy types. A year is `partial` when it lacks a month
(the year to date, or the year metering began). docs/methodology/review.md ("The register and
monitoring").

A run writes only what changed, one transaction per entry, each write with a ChangeRecord; a
second run with no new data writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from carbonpeak.audit.models import ChangeAction, ChangeRecord, stored_actor
from carbonpeak.common.localtime import LOCAL
from carbonpeak.monitoring.models import KeyUnit
from carbonpeak.monitoring.pages import queries
from carbonpeak.monitoring.readings.store import ReadingStore
from carbonpeak.monitoring.readings.store_reads import RollupField
from carbonpeak.monitoring.vocabulary import Grain, Scope
from carbonpeak.people.permissions import AnyUser
from carbonpeak.review.models import ActualEnergy, ActualOrigin, RegisterEntry

SOURCE = "在线监测 / monitoring"
BASIS = "当量值 / calorific value"
_DIGITS = 6  # tce rounded to a gram of coal equivalent: sums of many rollups differ below that
_EARLIEST = queries.local_start(1970)


@dataclass
class _Month:
    tce: float = 0.0
    factor_sets: set[str] = field(default_factory=set)
    energy_types: set[str] = field(default_factory=set)
    last_day: dt.date | None = None  # the running month: the last day with data


@dataclass(frozen=True)
class MeteredYear:
    """One year of a unit's monitored energy as the register records it."""

    year: int
    energy_tce: float
    partial: bool
    provenance: dict[str, Any]


def _months(unit: KeyUnit, as_of: dt.date) -> dict[tuple[int, int], _Month]:
    """(year, month) → the unit's energy in it, up to the end of `as_of` (local time)."""
    store = ReadingStore()
    running = queries.local_start(as_of.year, as_of.month)
    cut = queries.local_start(as_of.year, as_of.month, as_of.day) + dt.timedelta(days=1)
    out: dict[tuple[int, int], _Month] = defaultdict(_Month)
    fields: tuple[RollupField, ...] = ("start", "tce", "factor_set", "energy_type")
    order: tuple[RollupField, ...] = ("key", "start", "energy_type")
    rows = [*store.rollup_values(Scope.UNIT, Grain.MONTH, _EARLIEST, running, fields, keys=[unit.code], order=order),
            *store.rollup_values(Scope.UNIT, Grain.DAY, running, cut, fields, keys=[unit.code], order=order)]
    for start, tce, factor_set, energy_type in rows:
        local = start.astimezone(LOCAL)
        month = out[(local.year, local.month)]
        month.tce += tce
        month.factor_sets.add(factor_set)
        month.energy_types.add(energy_type)
        if start >= running:
            month.last_day = max(month.last_day or local.date(), local.date())
    return out


def metered_years(unit: KeyUnit, as_of: dt.date) -> list[MeteredYear]:
    """Every year with monitored data up to `as_of`, the year of `as_of` to date."""
    months = _months(unit, as_of)
    meters = [m for m in unit.meters.all() if m.active]
    out = []
    for year in sorted({y for y, _m in months}):
        mine = {m: months[(y, m)] for y, m in sorted(months) if y == year}
        # Completeness of whole months only: the running month's would change with the hour, not the data.
        whole_end = min(queries.local_start(as_of.year, as_of.month), queries.local_start(year + 1))
        shares = queries.month_completeness(meters, year, whole_end) if meters else [None] * 12
        completeness = {str(m): round(s, 4) for m, s in zip(queries.MONTHS, shares, strict=True)
                        if m in mine and s is not None}
        running = mine.get(as_of.month) if year == as_of.year else None
        ends_on_year_end = year < as_of.year or as_of == dt.date(year, 12, 31)
        provenance: dict[str, Any] = {
            "unit_code": unit.code,
            "basis": BASIS,
            "months": sorted(mine),
            "months_covered": len(mine),
            "completeness": completeness,
            "completeness_min": min(completeness.values()) if completeness else None,
            "factor_sets": sorted(set().union(*(m.factor_sets for m in mine.values()))),
            "energy_types": sorted(set().union(*(m.energy_types for m in mine.values()))),
        }
        if running is not None and running.last_day is not None:
            provenance["last_day"] = running.last_day.isoformat()
        out.append(MeteredYear(
            year=year,
            energy_tce=round(sum(m.tce for m in mine.values()), _DIGITS),
            partial=len(mine) < 12 or not ends_on_year_end,
            provenance=provenance,
        ))
    return out


def _state(a: ActualEnergy) -> dict[str, Any]:
    return {"year": a.year, "energy_tce": a.energy_tce, "source": a.source, "origin": a.origin,
            "partial": a.partial, "provenance": a.provenance}


def _record(user: AnyUser | None, label: str, entry: RegisterEntry, action: ChangeAction, before: dict[str, Any],
            after: dict[str, Any]) -> None:
    ChangeRecord.objects.create(actor=stored_actor(user), actor_label=label, entity="review_register",
                                entity_key=str(entry.pk), action=action, before=before, after=after,
                                reason="register: actual energy from monitoring")


def refresh_entry(entry: RegisterEntry, as_of: dt.date, *, actor_label: str, user: AnyUser | None = None,
                  counts: dict[str, int] | None = None) -> dict[str, int]:
    """Bring one linked entry's monitored actuals up to date (inside the caller's transaction or its own).

    Years the unit has data for are written (a typed figure for such a year is superseded: replaced,
    the ChangeRecord keeps it); monitored figures of years up to `as_of` that the unit no longer has
    data for (the link changed, or readings were removed) are deleted. Later years are left alone."""
    counts = counts if counts is not None else {"created": 0, "updated": 0, "unchanged": 0, "deleted": 0}
    unit = entry.monitored_unit
    if unit is None:
        return counts
    with transaction.atomic():
        stored = {a.year: a for a in ActualEnergy.objects.select_for_update().filter(entry=entry)}
        wanted = metered_years(unit, as_of)
        for m in wanted:
            after = {"year": m.year, "energy_tce": m.energy_tce, "source": SOURCE,
                     "origin": ActualOrigin.MONITORING.value, "partial": m.partial, "provenance": m.provenance}
            old = stored.get(m.year)
            if old is not None and _state(old) == after:
                counts["unchanged"] += 1
                continue
            fields = {k: v for k, v in after.items() if k != "year"}
            if old is None:
                ActualEnergy.objects.create(entry=entry, year=m.year, **fields)
                _record(user, actor_label, entry, ChangeAction.CREATED, {}, after)
                counts["created"] += 1
            else:
                before = _state(old)
                ActualEnergy.objects.filter(pk=old.pk).update(entered_by=None, **fields)
                _record(user, actor_label, entry, ChangeAction.UPDATED, before, after)
                counts["updated"] += 1
        years = {m.year for m in wanted}
        for year, old in stored.items():
            if old.origin == ActualOrigin.MONITORING and year not in years and year <= as_of.year:
                old.delete()
                _record(user, actor_label, entry, ChangeAction.DELETED, _state(old), {})
                counts["deleted"] += 1
    return counts


def refresh_register_actuals(as_of: dt.date, *, actor_label: str) -> dict[str, int]:
    """The periodic job: every linked entry's actual energy from its unit's rollups up to `as_of`.

    Returns {"entries": linked entries seen, "created", "updated", "unchanged", "deleted": entry-years}.
    One transaction per entry: an entry's years are written all or none."""
    counts = {"entries": 0, "created": 0, "updated": 0, "unchanged": 0, "deleted": 0}
    linked = (RegisterEntry.objects.filter(monitored_unit__isnull=False).select_related("monitored_unit")
              .prefetch_related("monitored_unit__meters").order_by("pk"))
    for entry in linked:
        counts["entries"] += 1
        refresh_entry(entry, as_of, actor_label=actor_label, counts=counts)
    return counts
