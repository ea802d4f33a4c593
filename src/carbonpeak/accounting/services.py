"""Accounting with the database: factor sets stored and resolved, activity data imported per
year, inventories compiled. Every write is one transaction and leaves a change record."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Sum

from carbonpeak.accounting import factor_sets as fs
from carbonpeak.accounting import point_sources
from carbonpeak.accounting.activity import ActivityTable, activity_from_records
from carbonpeak.accounting.catalogue import Use
from carbonpeak.accounting.engine import account
from carbonpeak.accounting.intensity import IntensityError, change_rate, comparable_gdp, intensity
from carbonpeak.accounting.inventory import (
    DataQuality,
    LineEntry,
    NotationKey,
    compile_inventory,
)
from carbonpeak.accounting.inventory import (
    Inventory as InventoryResult,
)
from carbonpeak.accounting.issues import AccountingInputError
from carbonpeak.accounting.models import (
    ActivityRecord,
    DistrictGdp,
    Factor,
    FactorSet,
    Inventory,
    InventoryEntry,
    LandArea,
)
from carbonpeak.accounting.report import ValueAdded, result_as_dict
from carbonpeak.audit.models import ChangeAction, ChangeRecord, diff, stored_actor
from carbonpeak.common.issues import InputIssue
from carbonpeak.common.measures import registry
from carbonpeak.people.permissions import AnyUser

FALLBACK_FACTOR_SET = "shanghai"
User = AnyUser | None


def _record(
    user: User,
    label: str,
    entity: str,
    key: str,
    action: ChangeAction,
    before: dict[str, Any],
    after: dict[str, Any],
    reason: str,
) -> None:
    ChangeRecord.objects.create(
        actor=stored_actor(user),
        actor_label=label,
        entity=entity,
        entity_key=key,
        action=action,
        before=before,
        after=after,
        reason=reason,
    )


# --- factor sets ---------------------------------------------------------------------------


def _set_snapshot(spec: fs.FactorSetSpec) -> dict[str, Any]:
    return {
        "name": spec.name,
        "name_en": spec.name_en,
        "version": spec.version,
        "extends": spec.extends,
        "dual_control_basis": str(spec.dual_control_basis) if spec.dual_control_basis else None,
        "digest": spec.digest(),
        "rows": [r.as_dict() for r in spec.rows],
    }


def stored_specs() -> dict[str, fs.FactorSetSpec]:
    return {s.code: s.to_spec() for s in FactorSet.objects.prefetch_related("factors")}


@transaction.atomic
def store_factor_set(spec: fs.FactorSetSpec, *, user: User = None, actor_label: str, bundled: bool = False) -> bool:
    """Create or replace a factor set; False when nothing changed. A user's set may not take a
    bundled set's id, and what it extends must exist; otherwise nothing is written."""
    existing = FactorSet.objects.filter(code=spec.id).first()
    if existing is not None and existing.bundled and not bundled:
        raise AccountingInputError(
            [
                InputIssue(
                    spec.id,
                    "id",
                    "与内置因子集同名；请另取 id 并用 extends 继承 / "
                    "a bundled set has this id; choose another and extend it",
                )
            ]
        )
    specs = stored_specs() | {spec.id: spec}
    fs.resolve(spec.id, specs)  # the chain must exist and not loop
    # The digest leaves out the readers' translations (factor_sets.FactorRow): a set whose only change is a
    # translation keeps its label and is still stored.
    if existing is not None and existing.digest == spec.digest() and \
            existing.to_spec().translations() == spec.translations():
        return False
    before = _set_snapshot(existing.to_spec()) if existing is not None else {}
    values = {
        "name": spec.name,
        "name_en": spec.name_en,
        "version": spec.version,
        "extends": spec.extends or "",
        "dual_control_basis": str(spec.dual_control_basis or ""),
        "description": spec.description,
        "bundled": bundled,
        "digest": spec.digest(),
    }
    record, _ = FactorSet.objects.update_or_create(code=spec.id, defaults=values)
    record.factors.all().delete()
    Factor.objects.bulk_create(Factor.from_row(record, r) for r in spec.rows)
    old, new = diff(before, _set_snapshot(spec))
    _record(
        user,
        actor_label,
        "factor_set",
        spec.id,
        ChangeAction.UPDATED if existing is not None else ChangeAction.CREATED,
        old,
        new,
        reason="bundled factor sets" if bundled else "factor set load",
    )
    return True


def sync_bundled_factor_sets(actor_label: str) -> list[str]:
    """Load or refresh the factor sets shipped in accounting/factors; the ids that changed."""
    specs = fs.bundled_factor_sets()
    changed = []
    # Parents first, so that each set's chain resolves when it is stored.
    for spec in sorted(specs.values(), key=lambda s: len(fs.resolve(s.id, specs).chain)):
        if store_factor_set(spec, actor_label=actor_label, bundled=True):
            changed.append(spec.id)
    return changed


def default_factor_set_code() -> str:
    from carbonpeak.plan.queries import current_plan

    plan = current_plan()
    return (plan.factor_set if plan is not None else "") or FALLBACK_FACTOR_SET


def resolve_factor_set(code: str | None = None) -> fs.FactorSet:
    """The factor set by code (the current plan's default when None), with its chain."""
    return fs.resolve(code or default_factor_set_code(), stored_specs())


def factor_set_name(code: str) -> str:
    found = FactorSet.objects.filter(code=code).first()
    return found.name if found else ""


def account_report(
    table: ActivityTable,
    factor_set_code: str | None = None,
    value_added: Iterable[ValueAdded] = (),
    base_period: str | None = None,
) -> dict[str, Any]:
    """Account validated records with a stored factor set (the plan's default when None) and
    answer as the CLI, the API and the calculator page show it. Nothing is stored."""
    factor_set = resolve_factor_set(factor_set_code)
    return result_as_dict(
        account(table, factor_set),
        factor_set_name=factor_set_name(factor_set.id),
        value_added=value_added,
        base_period=base_period,
    )


# --- activity data -------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportSummary:
    years: dict[int, int]  # year → records stored
    replaced: int


@transaction.atomic
def import_activity(table: ActivityTable, *, source: str, user: User = None, actor_label: str) -> ImportSummary:
    """Store validated activity records. Records from the same source for the same years are
    replaced, so importing a corrected file again does not double-count."""
    years = sorted({p.year for p in table.periods})
    old = ActivityRecord.objects.filter(source=source, year__in=years)
    before = {
        str(r["year"]): {"records": r["n"], "quantity_sum": r["q"]}
        for r in old.values("year").annotate(n=Count("id"), q=Sum("quantity"))
    }
    replaced, _ = old.delete()
    ActivityRecord.objects.bulk_create(
        (
            ActivityRecord(
                year=table.periods[p].year,
                entity=table.entities[e],
                period=table.periods[p].label,
                energy_type=table.energy_types[t],
                quantity=float(q),
                unit=table.units[u],
                use=Use.FEEDSTOCK if feed else Use.FUEL,
                sector=table.sectors[s],
                green_power=bool(g),
                renewable=bool(r),
                source=source,
                created_by=stored_actor(user),
            )
            for e, p, t, u, s, q, feed, g, r in zip(
                table.entity.tolist(),
                table.period.tolist(),
                table.energy_type.tolist(),
                table.unit.tolist(),
                table.sector.tolist(),
                table.quantity.tolist(),
                table.feedstock.tolist(),
                table.green_power.tolist(),
                table.renewable.tolist(),
                strict=True,
            )
        ),
        batch_size=2000,
    )
    counts: dict[int, int] = defaultdict(int)
    sums: dict[int, float] = defaultdict(float)
    for p, q in zip(table.period.tolist(), table.quantity.tolist(), strict=True):
        counts[table.periods[p].year] += 1
        sums[table.periods[p].year] += q
    after = {str(y): {"records": counts[y], "quantity_sum": sums[y]} for y in years}
    old_d, new_d = diff(before, after)
    _record(
        user,
        actor_label,
        "activity_data",
        source,
        ChangeAction.UPDATED if replaced else ChangeAction.CREATED,
        old_d,
        new_d,
        reason=f"activity import {source}",
    )
    return ImportSummary(dict(counts), replaced)


def activity_years() -> list[int]:
    return sorted(ActivityRecord.objects.values_list("year", flat=True).distinct())


# --- inventory -----------------------------------------------------------------------------


def _entries(year: int) -> dict[str, LineEntry]:
    return {
        e.line: LineEntry(
            co2_t=e.co2_t,
            ch4_t=e.ch4_t,
            n2o_t=e.n2o_t,
            notation=NotationKey(e.notation) if e.notation else None,
            quality=DataQuality(e.quality) if e.quality else None,
            note=e.note,
        )
        for e in InventoryEntry.objects.filter(year=year)
    }


def build_inventory(year: int, factor_set_code: str | None = None) -> InventoryResult:
    """The year's inventory from what is stored now (not saved)."""
    factor_set = resolve_factor_set(factor_set_code)
    records = [r.as_record() for r in ActivityRecord.objects.filter(year=year).iterator()]
    result = account(activity_from_records(records), factor_set) if records else None
    land = {a.land: a.area_ha for a in LandArea.objects.filter(year=year)}
    return compile_inventory(year, factor_set, result, _entries(year), land, point_sources.parts(year))


@transaction.atomic
def save_inventory(year: int, factor_set_code: str | None = None, *, user: User = None, actor_label: str) -> Inventory:
    built = build_inventory(year, factor_set_code)
    saved = Inventory.objects.create(
        year=year,
        factor_set=built.factor_set,
        compiled_by=stored_actor(user),
        compiled_by_label=actor_label,
        total_co2e_t=built.total_co2e_t,
        gross_co2e_t=built.gross_co2e_t,
        energy_tce=built.energy_tce,
        gwp=built.gwp,
        lines=[line.as_dict() for line in built.lines],
        activity_records=ActivityRecord.objects.filter(year=year).count(),
    )
    _record(
        user,
        actor_label,
        "inventory",
        str(year),
        ChangeAction.CREATED,
        {},
        {"factor_set": built.factor_set, "total_co2e_t": built.total_co2e_t},
        reason="inventory compile",
    )
    return saved


def latest_inventories() -> dict[int, Inventory]:
    """The most recent compilation of each year."""
    out: dict[int, Inventory] = {}
    for inv in Inventory.objects.all():  # ordered newest first within a year
        out.setdefault(inv.year, inv)
    return dict(sorted(out.items()))


# --- intensity of the district ---------------------------------------------------------------


@dataclass(frozen=True)
class IntensityYear:
    year: int
    energy_tce: float  # dual-control energy (当量值 by default; feedstock and flagged renewables out)
    gdp_comparable_10k_cny: float  # at the base year's prices
    intensity_tce_per_10k_cny: float
    change_percent: float  # versus the base year
    illustrative: bool


@dataclass(frozen=True)
class IntensitySeries:
    base_year: int
    factor_set: str
    years: list[IntensityYear]
    gdp_sources: list[str]
    activity_sources: list[str]


def energy_intensity_series(base_year: int, factor_set_code: str | None = None) -> IntensitySeries:
    """District energy per 10⁴ CNY of GDP (base-year prices) and its change versus the base year,
    for every year with both activity data and GDP, the gap-free run of growth rates allowing.

    Raises IntensityError when the base year lacks energy or GDP.
    """
    gdp = {g.year: g for g in DistrictGdp.objects.all()}
    if base_year not in gdp:
        raise IntensityError(f"gdp: 缺少基年 {base_year} 的地区生产总值 / no GDP for the base year {base_year}")
    growth: dict[int, float] = {}
    for year in range(base_year + 1, max(gdp) + 1):
        g = gdp.get(year)
        if g is None or g.real_growth_percent is None:
            break  # comparable prices cannot bridge a missing year
        growth[year] = g.real_growth_percent
    comparable = comparable_gdp(base_year, gdp[base_year].value_10k_cny, growth)
    factor_set = resolve_factor_set(factor_set_code)
    records = [r.as_record() for r in ActivityRecord.objects.filter(year__in=list(comparable)).iterator()]
    if not records:
        raise IntensityError("activity: 没有可核算的能源活动数据 / no activity data for these years")
    energy = {int(p): t["energy_tce_dual_control"]
              for p, t in account(activity_from_records(records), factor_set).by_period().items()}
    if base_year not in energy:
        raise IntensityError(f"activity: 缺少基年 {base_year} 的能源数据 / no energy data for the base year")
    q = registry().Quantity
    base = intensity(q(energy[base_year], "tce"), q(comparable[base_year] * 1e4, "CNY"))
    years = []
    for year in sorted(set(energy) & set(comparable)):
        current = intensity(q(energy[year], "tce"), q(comparable[year] * 1e4, "CNY"))
        years.append(IntensityYear(year, energy[year], comparable[year], current.value,
                                   change_rate(current, base), gdp[year].illustrative))
    sources = sorted(set(ActivityRecord.objects.filter(year__in=[y.year for y in years])
                         .values_list("source", flat=True)))
    return IntensitySeries(base_year, factor_set.label(), years,
                           sorted({gdp[y.year].source for y in years}), sources)
