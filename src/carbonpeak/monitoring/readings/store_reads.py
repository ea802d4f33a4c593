"""The read half of `ReadingStore` (读数存储): rollup sums, latest periods and single readings.

The pages, the alert facts, the yearly figures, the register's actual energy and the indicators
read the readings and rollups through these methods only, so a second storage backend changes
this module and store.py and nothing else. Each method is the query its caller ran before, moved
here as it was: those paths were tuned (docs/performance.md, "Monitoring" and "Periodic jobs"),
so sums are summed by the database, one query a call, and long reads come back as tuples, not
model objects. Rollup buckets start at local (Asia/Shanghai) times stored in UTC; a reading's
`ts` is the end of its interval.

Months whose readings `carbonpeak readings archive --drop` moved to the Parquet archive are read from
there through DuckDB (`archive/service.ArchiveReads`), united with any hot rows of the same months (late
data), so the pages do not know where a reading lives. Rollups are never archived: they stay here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, NamedTuple

from django.db.models import Max, Min, OuterRef, Q, QuerySet, Subquery, Sum

from carbonpeak.monitoring.archive.layout import month_key
from carbonpeak.monitoring.archive.service import ArchiveReads, local_month
from carbonpeak.monitoring.models import Meter, Reading, Rollup
from carbonpeak.monitoring.readings.sql import moment
from carbonpeak.monitoring.vocabulary import Grain, Scope

RollupField = Literal["key", "start", "energy_type", "unit_of_measure", "quantity", "tce", "tce_equal_value",
                      "co2_t", "readings", "estimated", "invalid", "factor_set"]


class RollupSums(NamedTuple):
    """Energy summed over rollup rows: tce 当量值, tce 等价值, tCO2 (0.0 where no row)."""

    tce: float
    tce_equal_value: float
    co2_t: float


@dataclass(frozen=True)
class MonthRow:
    """A month rollup row as the yearly figures and the alerts read it."""

    key: str
    start: int  # UTC epoch of the local month start
    energy_type: str
    quantity: float
    tce: float
    readings: int
    factor_set: str


class StoreReads:
    """Reads of the readings and rollups tables (mixed into `ReadingStore`)."""

    @property
    def archive(self) -> ArchiveReads:
        """The Parquet archive of dropped months (its place is read when asked: tests point it elsewhere)."""
        return ArchiveReads()

    def _codes(self, meter_ids: Iterable[int]) -> dict[int, str]:
        return dict(Meter.objects.filter(pk__in=list(meter_ids)).values_list("pk", "code"))

    def dropped_month(self, ts: int) -> str | None:
        """The local month ('2026-01') of a reading stamped `ts` when that month was archived and dropped
        from the hot table; None otherwise."""
        manifest = self.archive.manifest()
        if manifest is None:
            return None
        key = month_key(*local_month(ts))
        part = manifest.partitions.get(key)
        return key if part is not None and part.dropped else None

    def _archived(self, meter_id: int, lo: int, hi: int) -> list[Reading]:
        """A meter's archived readings with lo ≤ ts ≤ hi of dropped months, as unsaved Reading objects."""
        if not self.archive.dropped_months(lo, hi):
            return []
        code = self._codes([meter_id]).get(meter_id)
        if code is None:
            return []
        return [Reading(meter_id=meter_id, ts=moment(t), value=v, flags=f, energy=e, estimated=est,
                        edited_value=ed) for t, v, f, e, est, ed in self.archive.meter_rows(code, lo, hi)]

    # --- rollups ---------------------------------------------------------------------------------

    def rollups(self, scope: Scope, grain: Grain, keys: Iterable[str] | None, start: datetime,
                end: datetime) -> QuerySet[Rollup]:
        """Rollup rows of a scope and grain with start ≤ bucket start < end, by key and time."""
        rows = Rollup.objects.filter(scope=scope.value, grain=grain.value, start__gte=start, start__lt=end)
        if keys is not None:
            rows = rows.filter(key__in=list(keys))
        return rows.order_by("key", "start", "energy_type")

    def rollup_values(self, scope: Scope, grain: Grain, start: datetime, end: datetime,
                      fields: Sequence[RollupField], *, keys: Iterable[str] | None = None,
                      energy_types: Iterable[str] | None = None, through_end: bool = False,
                      order: Sequence[RollupField] | None = None) -> list[tuple[Any, ...]]:
        """The `fields` of the rollup rows of a scope and grain with start ≤ bucket start < end (≤ end
        with `through_end`), of `keys` and `energy_types` if given, as tuples; in database order
        unless `order` names the sort."""
        bound = "start__lte" if through_end else "start__lt"
        rows = Rollup.objects.filter(scope=scope.value, grain=grain.value, start__gte=start, **{bound: end})
        if keys is not None:
            rows = rows.filter(key__in=list(keys))
        if energy_types is not None:
            rows = rows.filter(energy_type__in=list(energy_types))
        if order is not None:
            rows = rows.order_by(*order)
        return list(rows.values_list(*fields))

    def month_rows(self, scope: Scope, lo: int, hi: int, keys: Iterable[str] | None = None) -> list[MonthRow]:
        """The month rollups of a scope starting in [lo, hi) (UTC epochs), as tuples, not model objects:
        a district's two years are 10⁵ rows and objects cost three times the read (docs/performance.md)."""
        rows = Rollup.objects.filter(scope=scope.value, grain=Grain.MONTH.value,
                                     start__gte=moment(lo), start__lt=moment(hi))
        if keys is not None:
            rows = rows.filter(key__in=list(keys))
        return [MonthRow(k, int(st.timestamp()), e, q, t, r, f) for k, st, e, q, t, r, f in rows.values_list(
            "key", "start", "energy_type", "quantity", "tce", "readings", "factor_set").order_by()]

    def rollup_sums(self, scope: Scope, grain: Grain, start: datetime, end: datetime,
                    keys: Iterable[str] | None = None) -> RollupSums:
        """tce, tce 等价值 and tCO2 summed over the buckets starting in [start, end) (of `keys` if given)."""
        rows = Rollup.objects.filter(scope=scope.value, grain=grain.value, start__gte=start, start__lt=end)
        if keys is not None:
            rows = rows.filter(key__in=list(keys))
        sums = rows.aggregate(tce=Sum("tce"), eq=Sum("tce_equal_value"), co2=Sum("co2_t"))
        return RollupSums(sums["tce"] or 0.0, sums["eq"] or 0.0, sums["co2"] or 0.0)

    def sums_by_key(self, scope: Scope, grain: Grain, start: datetime, end: datetime) -> dict[str, RollupSums]:
        """`rollup_sums` of every key of the scope with a bucket starting in [start, end), in one query."""
        rows = (Rollup.objects.filter(scope=scope.value, grain=grain.value, start__gte=start, start__lt=end)
                .values("key").annotate(tce=Sum("tce"), eq=Sum("tce_equal_value"), co2=Sum("co2_t")).order_by())
        return {r["key"]: RollupSums(r["tce"] or 0.0, r["eq"] or 0.0, r["co2"] or 0.0) for r in rows}

    def quantities_by_type(self, scope: Scope, grain: Grain, start: datetime,
                           end: datetime) -> list[tuple[str, str, float]]:
        """(energy type, unit of measure, quantity summed) over the buckets starting in [start, end),
        by energy type."""
        rows = (Rollup.objects.filter(scope=scope.value, grain=grain.value, start__gte=start, start__lt=end)
                .values("energy_type", "unit_of_measure").annotate(q=Sum("quantity")).order_by("energy_type"))
        return [(r["energy_type"], r["unit_of_measure"], r["q"] or 0.0) for r in rows]

    def keys_reporting(self, scope: Scope, grain: Grain, start: datetime, end: datetime) -> int:
        """How many keys have a bucket starting in [start, end) with a measured or estimated reading."""
        rows = Rollup.objects.filter(scope=scope.value, grain=grain.value, start__gte=start, start__lt=end)
        return rows.filter(Q(readings__gt=0) | Q(estimated__gt=0)).values("key").distinct().count()

    def last_start(self, scope: Scope, grain: Grain, *, key: str | None = None, start: datetime | None = None,
                   end: datetime | None = None) -> datetime | None:
        """The start of the latest bucket (of `key`, starting in [start, end) if given); None: no bucket."""
        rows = Rollup.objects.filter(scope=scope.value, grain=grain.value)
        if start is not None:
            rows = rows.filter(start__gte=start)
        if end is not None:
            rows = rows.filter(start__lt=end)
        if key is not None:
            rows = rows.filter(key=key)
        last: datetime | None = rows.aggregate(last=Max("start"))["last"]
        return last

    def first_start(self, scope: Scope, grain: Grain) -> datetime | None:
        """The start of the earliest bucket of a scope and grain; None: no bucket."""
        first: datetime | None = Rollup.objects.filter(scope=scope.value, grain=grain.value).aggregate(
            first=Min("start"))["first"]
        return first

    # --- readings --------------------------------------------------------------------------------

    def first_readings(self, meter_ids: Iterable[int]) -> dict[int, datetime]:
        """Each meter's first reading time (estimates included); meters without readings are left out."""
        ids = list(meter_ids)
        rows = Reading.objects.filter(meter_id__in=ids).values("meter").annotate(first=Min("ts"))
        firsts: dict[int, datetime] = dict(rows.values_list("meter", "first").order_by())
        if self._any_dropped():
            for pk, code in self._codes(ids).items():
                span = self.archive.meter_span(code)
                if span is not None and (pk not in firsts or span[0] < firsts[pk].timestamp()):
                    firsts[pk] = moment(span[0])
        return firsts

    def _any_dropped(self) -> bool:
        manifest = self.archive.manifest()
        return manifest is not None and any(p.dropped for p in manifest.partitions.values())

    def active_meter_ends(self, until: datetime) -> dict[int, tuple[datetime | None, datetime | None]]:
        """Per active meter: its first and newest reading at or before `until` (None: none), one query."""
        rows = Reading.objects.filter(meter=OuterRef("pk"), ts__lte=until)
        meters = Meter.objects.filter(active=True).annotate(
            first=Subquery(rows.order_by("ts").values("ts")[:1]), last=Subquery(rows.order_by("-ts").values("ts")[:1]))
        ends = {pk: (first, last) for pk, first, last in meters.values_list("pk", "first", "last")}
        if self._any_dropped():
            for pk, code in self._codes(ends).items():
                span = self.archive.meter_span(code)
                if span is None or span[0] > until.timestamp():
                    continue
                first, last = ends[pk]
                a, b = moment(span[0]), moment(min(span[1], int(until.timestamp())))
                ends[pk] = (a if first is None else min(first, a), b if last is None else max(last, b))
        return ends

    def has_readings(self, *, meter_id: int | None = None, unit_id: int | None = None) -> bool:
        """Whether a meter (or any meter of a key unit) has a stored reading."""
        rows = Reading.objects.filter(meter_id=meter_id) if meter_id is not None else Reading.objects.filter(
            meter__unit_id=unit_id)
        if rows.exists():
            return True
        if not self._any_dropped():
            return False
        meters = Meter.objects.filter(pk=meter_id) if meter_id is not None else Meter.objects.filter(unit_id=unit_id)
        return any(self.archive.meter_span(code) is not None for code in meters.values_list("code", flat=True))

    def latest_reading(self, meter_id: int) -> Reading | None:
        """A meter's newest reading (an estimate too)."""
        hot = Reading.objects.filter(meter_id=meter_id).order_by("-ts").first()
        if hot is not None or not self._any_dropped():
            return hot
        span = self.archive.meter_span(self._codes([meter_id]).get(meter_id, ""))
        found = self._archived(meter_id, span[1], span[1]) if span is not None else []
        return found[-1] if found else None

    def last_reading_time(self, meter_id: int) -> datetime | None:
        last: datetime | None = Reading.objects.filter(meter_id=meter_id).aggregate(last=Max("ts"))["last"]
        if last is None and self._any_dropped():
            span = self.archive.meter_span(self._codes([meter_id]).get(meter_id, ""))
            return moment(span[1]) if span is not None else None
        return last

    def readings_between(self, meter_id: int, after: datetime, until: datetime) -> list[Reading]:
        """A meter's readings with after < ts ≤ until (interval ends), in time order, estimates included
        (from the archive where the month was dropped; a hot row wins over an archived one)."""
        hot = list(Reading.objects.filter(meter_id=meter_id, ts__gt=after, ts__lte=until).order_by("ts"))
        archived = self._archived(meter_id, int(after.timestamp()) + 1, int(until.timestamp()))
        if not archived:
            return hot
        have = {r.ts for r in hot}
        return sorted([*hot, *(r for r in archived if r.ts not in have)], key=lambda r: r.ts)

    def find_reading(self, meter_id: int, ts: datetime) -> Reading | None:
        """The reading of a meter at an instant, or None."""
        return Reading.objects.filter(meter_id=meter_id, ts=ts).first()

    def get_reading(self, meter_id: int, ts: datetime) -> Reading:
        """The reading of a meter at an instant (Reading.DoesNotExist if there is none)."""
        return Reading.objects.get(meter_id=meter_id, ts=ts)
