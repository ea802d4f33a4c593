"""REST API of the accounting room (/api/v1/accounting/…)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from carbonpeak.accounting import services
from carbonpeak.accounting.activity import activity_from_records
from carbonpeak.accounting.issues import AccountingInputError
from carbonpeak.accounting.models import FactorSet
from carbonpeak.accounting.report import read_value_added
from carbonpeak.common.issues import InputIssue
from carbonpeak.common.problems import NotFound
from carbonpeak.http.api_checks import Year, need
from carbonpeak.http.problems import all_finite
from carbonpeak.people.permissions import Permission

router = Router(tags=["accounting"])

MAX_RECORDS = 200_000  # larger batches go through the CLI or the import
TOO_LARGE_TO_ADD = "数量过大，合计超出可表示的范围 / quantities so large that the totals cannot be represented"


class CalculateIn(Schema):
    # Any, not dict: a record that is not an object is reported with the others, by row.
    records: list[Any]
    factor_set: str | None = None
    value_added: list[Any] = []
    base_period: str | None = None


class FactorSetOut(Schema):
    code: str
    name: str
    name_en: str
    version: str
    extends: str
    dual_control_basis: str
    bundled: bool
    digest: str
    label: str
    rows: int


class FactorOut(Schema):
    set: str
    subject: str
    parameter: str
    value: float
    unit: str
    standard: str
    table: str
    year: int | None
    valid_from: str | None
    valid_to: str | None
    doubt: str
    # For readers, not in the set's digest: the doubt in Chinese, a Chinese source described in English,
    # a place in an English source in Chinese (docs/methodology/accounting.md).
    doubt_zh: str = ""
    standard_en: str = ""
    table_en: str = ""
    table_zh: str = ""


class FactorSetDetailOut(FactorSetOut):
    factors: list[FactorOut]


class InventorySummaryOut(Schema):
    year: int
    factor_set: str
    compiled_at: str
    total_co2e_t: float
    gross_co2e_t: float
    energy_tce: float


class InventoryOut(InventorySummaryOut):
    gwp: dict[str, float]
    lines: list[dict[str, Any]]


@router.post(
    "/accounting/calculate",
    response={200: dict[str, Any]},
    summary="Account energy and CO2 of activity records / 能耗与碳排放核算",
    description="Nothing is stored. Records: entity, period, energy_type, quantity, unit, and optionally use "
    "(fuel|feedstock), sector, green_power, renewable. Every problem is reported with its row and field.",
)
def calculate(request: HttpRequest, payload: CalculateIn) -> Status[Any]:
    need(request, Permission.CALCULATE)
    if len(payload.records) > MAX_RECORDS:
        reason = f"一次最多 {MAX_RECORDS} 条 / at most {MAX_RECORDS} records per request"
        raise AccountingInputError([InputIssue("records", "records", reason)])
    table = activity_from_records(payload.records)
    added = read_value_added(payload.value_added)
    body = services.account_report(table, payload.factor_set, added, payload.base_period)
    if not all_finite(body):  # quantities so large that a total overflows: refused, not answered as null
        raise AccountingInputError([InputIssue("records", "quantity", TOO_LARGE_TO_ADD)])
    return Status(200, body)


def _set_out(s: FactorSet) -> dict[str, Any]:
    return {
        "code": s.code,
        "name": s.name,
        "name_en": s.name_en,
        "version": s.version,
        "extends": s.extends,
        "dual_control_basis": s.dual_control_basis,
        "bundled": s.bundled,
        "digest": s.digest,
        "label": services.resolve_factor_set(s.code).label(),
        "rows": s.factors.count(),
    }


@router.get("/accounting/factor-sets", response=list[FactorSetOut], summary="Factor sets / 因子集")
def list_factor_sets(request: HttpRequest) -> list[dict[str, Any]]:
    need(request, Permission.VIEW_ACCOUNTING)
    return [_set_out(s) for s in FactorSet.objects.all()]


@router.get(
    "/accounting/factor-sets/{code}",
    response=FactorSetDetailOut,
    summary="A factor set with every factor it resolves to / 因子集详情（含继承）",
)
def get_factor_set(request: HttpRequest, code: str) -> dict[str, Any]:
    need(request, Permission.VIEW_ACCOUNTING)
    found = get_object_or_404(FactorSet, code=code)
    resolved = services.resolve_factor_set(code)
    return {**_set_out(found), "factors": [{"set": f.set_id, **f.row.as_dict()} for f in resolved.rows()]}


def _inventory_summary(inv: Any) -> dict[str, Any]:
    return {
        "year": inv.year,
        "factor_set": inv.factor_set,
        "compiled_at": inv.compiled_at.isoformat(),
        "total_co2e_t": inv.total_co2e_t,
        "gross_co2e_t": inv.gross_co2e_t,
        "energy_tce": inv.energy_tce,
    }


@router.get(
    "/accounting/inventories",
    response=list[InventorySummaryOut],
    summary="The latest inventory of each year / 历年温室气体清单",
)
def list_inventories(request: HttpRequest) -> list[dict[str, Any]]:
    need(request, Permission.VIEW_ACCOUNTING)
    return [_inventory_summary(inv) for inv in services.latest_inventories().values()]


@router.get("/accounting/inventories/{year}", response=InventoryOut, summary="A year's inventory / 年度清单")
def get_inventory(request: HttpRequest, year: Year) -> dict[str, Any]:
    need(request, Permission.VIEW_ACCOUNTING)
    inv = services.latest_inventories().get(year)
    if inv is None:
        raise NotFound.one("year", f"{year} 年尚无清单 / no inventory for {year}")
    return {**_inventory_summary(inv), "gwp": inv.gwp, "lines": inv.lines}
