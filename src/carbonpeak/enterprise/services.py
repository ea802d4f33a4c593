"""Database work of the enterprise room: output imported or entered, filings opened, saved and moved.

One transaction each; every change leaves an `audit.ChangeRecord` (and every filing step a `FilingEvent`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from carbonpeak.audit.models import ChangeAction, ChangeRecord, diff, stored_actor
from carbonpeak.common.issues import InputIssue
from carbonpeak.enterprise import filing_checks, workflow
from carbonpeak.enterprise.catalogue import catalogue, products
from carbonpeak.enterprise.figures import deviation
from carbonpeak.enterprise.models import (
    Disclosure,
    EconomicOutput,
    Filing,
    FilingEvent,
    GhgReport,
    ProductOutput,
)
from carbonpeak.enterprise.output_rows import Checked, MoneyRow, ProductRow, check_amount, check_rows
from carbonpeak.enterprise.problems import EnterpriseInputError, FilingNotAllowed, FilingStateError
from carbonpeak.enterprise.vocabulary import FilingStatus, FilingStep, Party, ReportPart
from carbonpeak.monitoring.models import KeyUnit
from carbonpeak.monitoring.readings.rollup_math import month_bounds
from carbonpeak.monitoring.readings.sql import moment
from carbonpeak.monitoring.readings.store import ReadingStore
from carbonpeak.monitoring.vocabulary import Grain, Scope
from carbonpeak.people.permissions import AnyUser, Permission, can, enterprise_of, role_of

# --- who ---------------------------------------------------------------------------------------

def filing_units(user: AnyUser) -> QuerySet[KeyUnit]:
    """The units whose output and filings the user may write: an enterprise its own, the office all."""
    units = KeyUnit.objects.filter(active=True)
    if not can(user, Permission.FILE_REPORTS):
        return units.none()
    own = enterprise_of(user)
    if own is not None:
        return units.filter(enterprise=own)
    return units if can(user, Permission.REVIEW_FILINGS) else units.none()


def visible_filings(user: AnyUser, filings: QuerySet[Filing]) -> QuerySet[Filing]:
    if not can(user, Permission.VIEW_FILINGS):
        return filings.none()
    own = enterprise_of(user)
    if own is not None:
        return filings.filter(unit__enterprise=own)
    return filings if role_of(user) is not None else filings.none()


def party_of(user: AnyUser, filing: Filing) -> Party:
    if can(user, Permission.REVIEW_FILINGS):
        return Party.OFFICE
    if enterprise_of(user) is not None and can(user, Permission.FILE_REPORTS, filing.unit):
        return Party.FILER
    return Party.OTHER


def record_change(user: AnyUser | None, label: str, entity: str, key: str, action: str, before: dict[str, Any],
                  after: dict[str, Any], reason: str) -> None:
    ChangeRecord.objects.create(actor=stored_actor(user), actor_label=label, entity=entity, entity_key=key,
                                action=action, before=before, after=after, reason=reason)


# --- output ------------------------------------------------------------------------------------

@dataclass
class ImportResult:
    kept: int = 0
    issues: list[InputIssue] = field(default_factory=list)


def _write_product(row: ProductRow, unit: KeyUnit, user: AnyUser | None, label: str, reason: str) -> None:
    found = ProductOutput.objects.filter(unit=unit, period=row.period.label, product=row.product).first()
    before = {"quantity": found.quantity} if found else {}
    obj, created = ProductOutput.objects.update_or_create(
        unit=unit, period=row.period.label, product=row.product,
        defaults={"period_start": row.period.start, "quantity": row.quantity,
                  "unit_of_measure": products()[row.product].unit_of_measure})
    b, a = diff(before, {"quantity": obj.quantity})
    if created or b or a:
        record_change(user, label, "product_output", f"{unit.code}/{row.period.label}/{row.product}",
                ChangeAction.CREATED if created else ChangeAction.UPDATED, b, a, reason)


def _write_money(row: MoneyRow, unit: KeyUnit, user: AnyUser | None, label: str, reason: str) -> None:
    found = EconomicOutput.objects.filter(unit=unit, period=row.period.label).first()
    given = {k: v for k, v in row.figures.items() if v is not None}
    before = {k: getattr(found, k) for k in given} if found else {}
    obj, created = EconomicOutput.objects.update_or_create(
        unit=unit, period=row.period.label, defaults={"period_start": row.period.start, **given})
    b, a = diff(before, {k: getattr(obj, k) for k in given})
    if created or b or a:
        record_change(user, label, "economic_output", f"{unit.code}/{row.period.label}",
                ChangeAction.CREATED if created else ChangeAction.UPDATED, b, a, reason)


@transaction.atomic
def store_output(checked: Checked, user: AnyUser | None, label: str, reason: str) -> int:
    """Write the good rows (one transaction): a repeated row replaces the figures it names."""
    units = {u.code: u for u in KeyUnit.objects.filter(
        code__in={r.unit_code for r in checked.products} | {r.unit_code for r in checked.money})}
    for p in checked.products:
        _write_product(p, units[p.unit_code], user, label, reason)
    for m in checked.money:
        _write_money(m, units[m.unit_code], user, label, reason)
    return len(checked.products) + len(checked.money)


def import_output(records: Iterable[Mapping[str, object]], user: AnyUser | None, label: str, source: str,
                  today: dt.date | None = None, units: Iterable[str] | None = None,
                  first_row: int = 2) -> ImportResult:
    """产量与增加值导入: good rows kept, bad rows named. `units`: the codes the caller may write (all active
    units when None, as for the command line). `first_row`: the number of the first record (2 in a file under
    its header, 1 for the items of an API request)."""
    allowed = set(units) if units is not None else set(KeyUnit.objects.filter(active=True).values_list(
        "code", flat=True))
    checked = check_rows(records, allowed, today or timezone.localdate(), first_row=first_row)
    kept = store_output(checked, user, label, f"import {source}")
    return ImportResult(kept, checked.issues)


def enter_output(record: Mapping[str, object], user: AnyUser, label: str, today: dt.date | None = None) -> None:
    """One row entered on the page (or the API): refused whole with every reason, or stored."""
    allowed = set(filing_units(user).values_list("code", flat=True))
    checked = check_rows([record], allowed, today or timezone.localdate(), first_row=1)
    if checked.issues:
        raise EnterpriseInputError([InputIssue("", i.field, i.reason) for i in checked.issues])
    store_output(checked, user, label, "entered")


# --- the monitored year ------------------------------------------------------------------------

@dataclass(frozen=True)
class Monitored:
    energy_type: str
    unit_of_measure: str
    quantity: float
    factor_set: str


def monitored_year(unit: KeyUnit, year: int) -> list[Monitored]:
    """The unit's energy of `year` by energy type, summed from its monthly rollups (basis units)."""
    start, end = moment(month_bounds(year, 1)[0]), moment(month_bounds(year, 12)[1])
    rows = ReadingStore().rollup_values(Scope.UNIT, Grain.MONTH, start, end,
                                        ["energy_type", "unit_of_measure", "quantity", "factor_set"],
                                        keys=[unit.code], order=["energy_type", "start"])
    sums: dict[tuple[str, str], float] = {}
    sets: dict[tuple[str, str], str] = {}
    for energy_type, uom, quantity, factor_set in rows:
        sums[(energy_type, uom)] = sums.get((energy_type, uom), 0.0) + float(quantity)
        sets[(energy_type, uom)] = factor_set
    return [Monitored(e, u, q, sets[(e, u)]) for (e, u), q in sorted(sums.items()) if q != 0]


def _year_outputs(unit: KeyUnit, year: int) -> tuple[list[dict[str, Any]], float | None]:
    """The year's product output (the year row where given, else the months summed) and value added."""
    by_product: dict[str, tuple[float, bool]] = {}
    for o in ProductOutput.objects.filter(unit=unit, period_start__year=year):
        is_year = len(o.period) == 4
        have = by_product.get(o.product)
        if is_year:
            by_product[o.product] = (o.quantity, True)
        elif have is None or not have[1]:
            by_product[o.product] = ((have[0] if have else 0.0) + o.quantity, False)
    rows = [{"product": p, "quantity": q, "energy_tce": None} for p, (q, _) in sorted(by_product.items())]
    money = list(EconomicOutput.objects.filter(unit=unit, period_start__year=year, value_added_10k_cny__isnull=False))
    year_row = [m for m in money if len(m.period) == 4]
    added = year_row[0].value_added_10k_cny if year_row else (
        sum(m.value_added_10k_cny or 0.0 for m in money) if money else None)
    return rows, added


# --- filings -----------------------------------------------------------------------------------

def record_event(filing: Filing, user: AnyUser, label: str, step: FilingStep, from_status: str, comment: str = "",
                 before: dict[str, Any] | None = None, after: dict[str, Any] | None = None, *,
                 part: ReportPart = ReportPart.ENERGY, to_status: str | None = None) -> None:
    FilingEvent.objects.create(filing=filing, part=part.value, actor=stored_actor(user), actor_label=label,
                               step=step.value, from_status=from_status, to_status=to_status or filing.status,
                               comment=comment, before=before or {}, after=after or {})


def _snapshot(f: Filing) -> dict[str, Any]:
    return {"status": f.status, "basic": f.basic, "energy": f.energy, "products": f.products,
            "value_added_10k_cny": f.value_added_10k_cny, "measures": f.measures, "target_note": f.target_note,
            "process_emissions": f.process_emissions}


@transaction.atomic
def open_filing(unit: KeyUnit, year: int, user: AnyUser, label: str, today: dt.date | None = None) -> Filing:
    """The unit's filing for `year`, opened prefilled from the monitored data when there is none yet."""
    today = today or timezone.localdate()
    if year > today.year:
        raise EnterpriseInputError.of("year", f"年度尚未开始 / the year lies in the future: {year}")
    if year < 2000:
        raise EnterpriseInputError.of("year", f"年度不在范围内 / year out of range: {year}")
    found = Filing.objects.filter(unit=unit, year=year).first()
    if found is not None:
        return found
    monitored = monitored_year(unit, year)
    product_rows, added = _year_outputs(unit, year)
    filing = Filing.objects.create(
        unit=unit, year=year, prefilled=bool(monitored),
        factor_set=monitored[0].factor_set if monitored else "",
        energy=[{"energy_type": m.energy_type, "unit_of_measure": m.unit_of_measure, "quantity": m.quantity,
                 "monitored_quantity": m.quantity, "explanation": ""} for m in monitored],
        products=product_rows, value_added_10k_cny=added,
        basic={"name": unit.name, "uscc": unit.uscc, "industry_code": unit.industry_code, "town": unit.town})
    record_change(user, label, "filing", f"{unit.code}/{year}", ChangeAction.CREATED, {}, _snapshot(filing),
            "opened, prefilled from the monitored data" if monitored else "opened; no monitored data")
    record_event(filing, user, label, FilingStep.OPEN, "")
    return filing


BASIC_FIELDS = ("contact_person", "contact_phone", "employees", "energy_manager")


@transaction.atomic
def save_filing(filing: Filing, user: AnyUser, label: str, changes: Mapping[str, Any]) -> Filing:
    """The enterprise's corrections: any of basic, energy, products, process_emissions, value_added_10k_cny,
    measures, target_note. Refused whole (every reason at once) or stored whole, with what changed."""
    filing = Filing.objects.select_for_update().get(pk=filing.pk)
    status = workflow.next_status(FilingStep.SAVE, filing.status_enum, party_of(user, filing))
    before = _snapshot(filing)
    if "basic" in changes:
        basic = dict(filing.basic)
        for key in BASIC_FIELDS:
            if key in changes["basic"]:
                basic[key] = str(changes["basic"][key] or "").strip()[:200]
        filing.basic = basic
    if "energy" in changes:
        filing.energy = filing_checks.check_energy(list(changes["energy"] or []), filing.energy)
    if "products" in changes:
        filing.products = filing_checks.check_products(list(changes["products"] or []))
    if "process_emissions" in changes:
        filing.process_emissions = filing_checks.check_process(list(changes["process_emissions"] or []))
    if "value_added_10k_cny" in changes:
        added, why = check_amount(changes["value_added_10k_cny"], required=False)
        if why:
            raise EnterpriseInputError.of("value_added_10k_cny", why)
        filing.value_added_10k_cny = added
    for text in ("measures", "target_note"):
        if text in changes:
            setattr(filing, text, str(changes[text] or "").strip())
    filing.status = status.value
    filing.save()
    b, a = diff(before, _snapshot(filing))
    if b or a:
        record_change(user, label, "filing", f"{filing.unit.code}/{filing.year}", ChangeAction.UPDATED, b, a, "saved")
    record_event(filing, user, label, FilingStep.SAVE, before["status"], before=b, after=a)
    return filing


def unexplained(filing: Filing) -> list[str]:
    """The energy types whose filed quantity deviates beyond the tolerance and carry no explanation."""
    tolerance = catalogue().deviation_tolerance
    out = []
    for row in filing.energy:
        flagged = deviation(float(row["quantity"]), row.get("monitored_quantity"), tolerance).flagged
        if flagged and not str(row.get("explanation") or "").strip():
            out.append(str(row["energy_type"]))
    return out


@transaction.atomic
def take_step(filing: Filing, step: FilingStep, user: AnyUser, label: str, comment: str = "") -> Filing:
    """Submit, return (comment required) or accept; the step and its comment are recorded."""
    if step not in (FilingStep.SUBMIT, FilingStep.RETURN, FilingStep.ACCEPT):
        raise FilingStateError.one("step", f"未知步骤 / unknown step: {step.value}")
    filing = Filing.objects.select_for_update().get(pk=filing.pk)
    before = filing.status
    status = workflow.next_status(step, filing.status_enum, party_of(user, filing), comment=comment,
                                  unexplained=unexplained(filing))
    filing.status = status.value
    now = timezone.now()
    if step is FilingStep.SUBMIT:
        filing.submitted_at = now
    elif step is FilingStep.RETURN:
        filing.times_returned += 1
        filing.office_comment = comment.strip()
    else:
        filing.accepted_at = now
    filing.save()
    record_change(user, label, "filing", f"{filing.unit.code}/{filing.year}", ChangeAction.UPDATED,
                  {"status": before}, {"status": filing.status}, f"{step.value}: {comment.strip()}"[:300])
    record_event(filing, user, label, step, before, comment=comment.strip())
    if step is FilingStep.ACCEPT:
        open_ghg_report(filing, user, label)  # the GHG report follows from the accepted energy
    return filing


def open_ghg_report(filing: Filing, user: AnyUser, label: str) -> GhgReport:
    """The filing's GHG report, opened (draft, with the energy-use report's process lines) when there is none yet.
    The energy filing must be accepted: its energy is what the report's CO2 is computed from."""
    found = GhgReport.objects.filter(filing=filing).first()
    if found is not None:
        return found
    if filing.status != FilingStatus.ACCEPTED.value:
        raise FilingStateError.one("status", "能源利用状况报告受理后方可编制温室气体报告 / the GHG report follows "
                                             "the accepted energy-use report")
    report = GhgReport.objects.create(filing=filing, process_emissions=list(filing.process_emissions))
    record_change(user, label, "ghg_report", f"{filing.unit.code}/{filing.year}", ChangeAction.CREATED, {},
                  {"status": report.status, "process_emissions": report.process_emissions},
                  "opened from the accepted energy-use report")
    record_event(filing, user, label, FilingStep.OPEN, "", part=ReportPart.GHG, to_status=report.status)
    return report



@transaction.atomic
def publish(filing: Filing, user: AnyUser, label: str, figures: Mapping[str, Any]) -> Disclosure:
    """The enterprise publishes its accepted figures (信息披露); once published they stay as published."""
    filing = Filing.objects.select_for_update().get(pk=filing.pk)
    if party_of(user, filing) is not Party.FILER:
        raise FilingNotAllowed.one("step", "仅填报企业可以公开 / only the filing enterprise may publish")
    if filing.status != FilingStatus.ACCEPTED.value:
        raise FilingStateError.one("status", "仅已受理的报告可以公开 / only an accepted report can be published")
    if Disclosure.objects.filter(filing=filing).exists():
        raise FilingStateError.one("status", "已公开 / already published")
    shown = {k: figures.get(k) for k in Disclosure.public_fields}
    disclosure = Disclosure.objects.create(filing=filing, published_by=stored_actor(user), published_by_label=label,
                                           figures=shown)
    record_change(user, label, "disclosure", f"{filing.unit.code}/{filing.year}", ChangeAction.CREATED, {}, shown,
            "published")
    return disclosure
