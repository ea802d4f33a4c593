"""Rollups (汇总): hourly, daily and monthly energy per meter and unit, daily and monthly per industry and
town (the one definition, `archive/definition.py`), kept by difference.

Every change to the readings (`store.ReadingStore`) is turned into the contributions the rollups
lose and gain (`judging.Contribution`); `RollupDeltas` sums them per local bucket (`rollup_math`)
for the meter and, for a `total` meter only, for its unit, its unit's industry division (GB/T 4754,
2 digits) and its town, over the whole batch, and `apply` writes each bucket's difference once
(`rollup_rows.write_rows`: a new bucket by plain INSERT or COPY, a stored one by
`INSERT … ON CONFLICT … DO UPDATE SET quantity = quantity + excluded.quantity`), in the same
transaction as the readings. Quantities are in the energy type's basis unit (kWh, m3, t, GJ); tce
(当量值, 等价值) and tCO2 are the quantity × the accounting engine's coefficients (`energy`) of the
bucket's year. `rebuild` recomputes from the readings when the registry changes what sums where.
docs/methodology/monitoring.md ("Storage and rollups").
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection
from django.db.backends.utils import CursorWrapper

from carbonpeak.common.localtime import UTC_OFFSET_S as LOCAL_UTC_OFFSET_S
from carbonpeak.monitoring.archive import definition
from carbonpeak.monitoring.archive.definition import grains_of, scopes_of
from carbonpeak.monitoring.archive.service import ArchiveReads
from carbonpeak.monitoring.figures.energy import EnergyFactors
from carbonpeak.monitoring.models import KeyUnit, Meter, Reading, Rollup
from carbonpeak.monitoring.readings.judging import Contribution
from carbonpeak.monitoring.readings.rollup_math import bucket_starts
from carbonpeak.monitoring.readings.rollup_rows import COLUMNS, Group, RollupRows, write_rows
from carbonpeak.monitoring.readings.series import Floats, Ints
from carbonpeak.monitoring.readings.sql import Dialect, dialect
from carbonpeak.monitoring.vocabulary import Grain, MeterRole, Scope

GRAINS = definition.GRAINS
ROLLUP = Rollup._meta.db_table
READING = Reading._meta.db_table
METER = Meter._meta.db_table
UNIT = KeyUnit._meta.db_table


@dataclass(frozen=True)
class MeterPlace:
    """Where a meter's energy is summed: its own code, and for a total meter its unit, industry and town."""

    meter_id: int
    code: str
    unit_code: str
    industry: str  # GB/T 4754 division, 2 digits
    town: str
    role: MeterRole
    energy_type: str
    unit_of_measure: str

    @staticmethod
    def of(meter: Meter) -> MeterPlace:
        unit = meter.unit
        return MeterPlace(meter.pk, meter.code, unit.code, unit.industry_division, unit.town, MeterRole(meter.role),
                          meter.energy_type, meter.unit_of_measure)

    def scopes(self) -> list[tuple[Scope, str]]:
        """The one definition's scopes (archive/definition.py): a sub-meter or IT load meter only for itself."""
        return scopes_of(self.role, {"meter": self.code, "unit": self.unit_code, "industry": self.industry,
                                     "town": self.town})


def _year(start: int) -> int:
    return time.gmtime(start + LOCAL_UTC_OFFSET_S).tm_year


def _years(starts: Ints) -> Ints:
    """The local calendar year of each epoch second."""
    local = (starts + LOCAL_UTC_OFFSET_S).astype("datetime64[s]").astype("datetime64[Y]")
    return np.asarray(local.astype(np.int64) + 1970)


# One part of a delta: bucket starts and, per bucket, quantity, readings, estimated and invalid.
_Part = tuple[Ints, Floats, Ints, Ints, Ints]


def _merge(parts: list[_Part]) -> _Part:
    """Several parts of one rollup key summed by bucket."""
    starts, inverse = np.unique(np.concatenate([p[0] for p in parts]), return_inverse=True)
    inverse = inverse.reshape(-1)

    def total(k: int) -> Floats:
        return np.asarray(np.bincount(inverse, weights=np.concatenate([p[k] for p in parts]), minlength=starts.size),
                          dtype=np.float64)

    return (starts.astype(np.int64), total(1), total(2).astype(np.int64), total(3).astype(np.int64),
            total(4).astype(np.int64))


class RollupDeltas:
    """Differences to add to the rollup rows, summed over a batch, per (scope, key, grain, energy type)."""

    def __init__(self, factors: EnergyFactors):
        self.factors = factors
        self.parts: dict[tuple[str, str, str, str], list[_Part]] = {}

    def add(self, place: MeterPlace, removed: Contribution, added: Contribution) -> None:
        """What the rollups lose (`removed`) and gain (`added`) from one meter's changed rows."""
        if removed.ts.size == 0 and added.ts.size == 0:
            return
        to_basis = self.factors.of(place.energy_type, place.unit_of_measure, _year(int(
            (added.ts if added.ts.size else removed.ts)[0]))).to_basis
        ts = np.concatenate((removed.ts, added.ts))
        energy = np.concatenate((removed.energy, added.energy))
        measured = np.concatenate((removed.measured, added.measured))
        sign = np.concatenate((np.full(removed.ts.size, -1, np.int64), np.ones(added.ts.size, np.int64)))
        nan = np.isnan(energy)
        quantity = np.where(nan, 0.0, energy) * sign * to_basis
        # The rows summed into local hours once; days and months from those hours (hours nest in both, the
        # offset being whole hours), as the one definition's SQL sums them: one sort of the rows, not three.
        hours, inverse = np.unique(bucket_starts(ts, Grain.HOUR), return_inverse=True)
        inverse = inverse.reshape(-1)
        hourly = [np.bincount(inverse, weights=w, minlength=hours.size)
                  for w in (quantity, sign * measured, sign * ~measured, sign * nan)]
        for grain in GRAINS:
            if grain is Grain.HOUR:
                starts, sums = hours, hourly
            else:
                coarse = bucket_starts(hours + 1, grain)  # the bucket holding each hour's first second
                first = np.flatnonzero(np.concatenate(([True], coarse[1:] != coarse[:-1])))
                starts, sums = coarse[first], [np.add.reduceat(x, first) for x in hourly]
            q, r, e, i = sums
            part: _Part = (starts.astype(np.int64), np.asarray(q, dtype=np.float64), r.astype(np.int64),
                           e.astype(np.int64), i.astype(np.int64))
            for scope, key in place.scopes():
                if grain in grains_of(scope):  # industries and towns keep no hours (the one definition)
                    self.parts.setdefault((scope.value, key, grain.value, place.energy_type), []).append(part)

    def table(self) -> RollupRows:
        """The differences as rollup rows (zero rows left out), in primary-key order."""
        groups: list[Group] = []  # scope, key, grain, energy type, unit, factor set
        cols: list[list[Any]] = [[] for _ in range(9)]  # group, start, q, tce, ev, co2, readings, estimated, invalid
        for (scope, code, grain, energy_type), parts in self.parts.items():
            starts, q, r, e, i = parts[0] if len(parts) == 1 else _merge(parts)
            keep = (q != 0) | (r != 0) | (e != 0) | (i != 0)
            starts, q, r, e, i = starts[keep], q[keep], r[keep], e[keep], i[keep]
            years = _years(starts)
            for year in np.unique(years).tolist():
                at = years == year
                c = self.factors.basis(energy_type, int(year))
                qa = q[at]
                cols[0].append(np.full(qa.size, len(groups), np.int64))
                groups.append((scope, code, grain, energy_type, c.basis_unit, c.factor_set))
                for k, column in enumerate((starts[at], qa, qa * c.tce, qa * c.tce_equal_value, qa * c.co2_t,
                                            r[at], e[at], i[at]), start=1):
                    cols[k].append(column)
        if not groups:
            return RollupRows.empty()
        g, start, q, tce, ev, co2, r, e, i = (np.concatenate(c) for c in cols)
        return RollupRows.ordered(groups, g, start, q, tce, ev, co2, r, e, i)

    def statements(self) -> list[tuple[Any, ...]]:
        """Parameters of the upsert (ROLLUP's columns), in primary-key order."""
        return self.table().params()

    def apply(self, cursor: CursorWrapper, sql: Dialect | None = None) -> int:
        """Add the differences to the rollup rows (creating them); the number of rows touched."""
        return write_rows(cursor, self.table(), sql or dialect(), add=True)


# --- rebuilding from the readings -----------------------------------------------------------------


def _meter_rows(place: MeterPlace, factors: EnergyFactors, sql: Dialect) -> RollupDeltas:
    deltas = RollupDeltas(factors)
    with connection.cursor() as cur:
        cur.execute(f"SELECT {sql.ts_out('ts')}, energy, estimated FROM {READING} WHERE meter_id = %s",
                    [place.meter_id])
        got = cur.fetchall()
    archive = ArchiveReads()
    span = archive.meter_span(place.code)
    if span is not None:  # readings moved to the Parquet archive still count (a hot row wins at its instant)
        have = {int(r[0]) for r in got}
        got += [(t, e, est) for t, _, _, e, est, _ in archive.meter_rows(place.code, *span) if int(t) not in have]
    if got:
        arr = np.array([(r[0], np.nan if r[1] is None else r[1], bool(r[2])) for r in got],
                       dtype=[("ts", np.int64), ("energy", np.float64), ("est", np.bool_)])
        own = MeterPlace(place.meter_id, place.code, place.unit_code, place.industry, place.town,
                         MeterRole.SUB_METER, place.energy_type, place.unit_of_measure)  # meter scope only
        deltas.add(own, Contribution.join([]), Contribution(arr["ts"], arr["energy"], ~arr["est"]))
    return deltas


def _sum_scope(cur: CursorWrapper, target: Scope, group: str, source: Scope, join: str, where: str,
               params: Sequence[Any]) -> None:
    cols = ", ".join(COLUMNS)
    cur.execute(
        f"INSERT INTO {ROLLUP} ({cols}) "
        f"SELECT %s, {group}, r.grain, r.start, r.energy_type, SUM(r.quantity), MIN(r.unit_of_measure), SUM(r.tce), "
        f"SUM(r.tce_equal_value), SUM(r.co2_t), SUM(r.readings), SUM(r.estimated), SUM(r.invalid), "
        f"MIN(r.factor_set) FROM {ROLLUP} r {join} WHERE r.scope = %s AND {where} "
        f"GROUP BY {group}, r.grain, r.start, r.energy_type",
        [target.value, source.value, *params],
    )


def rebuild(units: Iterable[KeyUnit], factors: EnergyFactors, *, meters: bool = True,
            industries: Iterable[str] = (), towns: Iterable[str] = ()) -> None:
    """Recompute the rollups of these units from their readings: their meters' (when `meters`), the
    units', and the whole of their industries and towns (and of `industries` and `towns`: where a
    unit was before a registry change). Call inside a transaction."""
    units = list(units)
    if not units:
        return
    sql = dialect()
    codes = [u.code for u in units]
    industries = sorted({u.industry_division for u in units} | set(industries))
    towns = sorted({u.town for u in units} | set(towns))
    with connection.cursor() as cur:
        if meters:
            for meter in Meter.objects.filter(unit__in=units).select_related("unit"):
                cur.execute(f'DELETE FROM {ROLLUP} WHERE "scope" = %s AND "key" = %s', [Scope.METER.value, meter.code])
                _meter_rows(MeterPlace.of(meter), factors, sql).apply(cur, sql)
        marks = ", ".join(["%s"] * len(codes))
        cur.execute(f'DELETE FROM {ROLLUP} WHERE "scope" = %s AND "key" IN ({marks})', [Scope.UNIT.value, *codes])
        _sum_scope(cur, Scope.UNIT, "u.code", Scope.METER,
                   f"JOIN {METER} m ON m.code = r.key JOIN {UNIT} u ON u.id = m.unit_id",
                   f"m.role = %s AND u.code IN ({marks})", [MeterRole.TOTAL.value, *codes])
        for scope, keys, group in ((Scope.INDUSTRY, industries, "SUBSTR(u.industry_code, 1, 2)"),
                                   (Scope.TOWN, towns, "u.town")):
            if not keys:
                continue
            km = ", ".join(["%s"] * len(keys))
            grains = [g.value for g in grains_of(scope)]  # the scope's own grains: no hours of a town
            cur.execute(f'DELETE FROM {ROLLUP} WHERE "scope" = %s AND "key" IN ({km})', [scope.value, *keys])
            _sum_scope(cur, scope, group, Scope.UNIT, f"JOIN {UNIT} u ON u.code = r.key",
                       f"{group} IN ({km}) AND r.grain IN ({', '.join(['%s'] * len(grains))})", [*keys, *grains])


def recompute_tce(factors: EnergyFactors) -> int:
    """tce and tCO2 of every rollup row again from its quantity with `factors` (after a factor set
    changes); the rows updated. Quantities do not change."""
    updated = 0
    sql = dialect()
    pairs = Rollup.objects.values_list("energy_type", "start").order_by()
    years = sorted({(e, s.astimezone(sql.local).year) for e, s in pairs.distinct()})
    with connection.cursor() as cur:
        for energy_type, year in years:
            c = factors.basis(energy_type, year)
            lo, hi = sql.year_bounds(year)
            cur.execute(
                f'UPDATE {ROLLUP} SET "tce" = "quantity" * %s, "tce_equal_value" = "quantity" * %s, '
                f'"co2_t" = "quantity" * %s, "factor_set" = %s '
                f'WHERE "energy_type" = %s AND "start" >= {sql.ts_in} AND "start" < {sql.ts_in}',
                [c.tce, c.tce_equal_value, c.co2_t, c.factor_set, energy_type, lo, hi],
            )
            updated += cur.rowcount
    return updated
