"""REST API of the enterprise room (/api/v1/enterprise/…): the same rules as the pages.

An enterprise lists, opens and writes its own units' filings; departments and leaders read all; the office
returns or accepts. Refusals are raised and answered in the API's one error contract.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from carbonpeak.audit import actors
from carbonpeak.common.problems import is_english, row_of
from carbonpeak.enterprise import ghg_services, queries, services
from carbonpeak.enterprise.models import Filing, GhgReport
from carbonpeak.enterprise.problems import EnterpriseInputError
from carbonpeak.enterprise.vocabulary import FilingStep, Party
from carbonpeak.http.api_checks import need
from carbonpeak.http.auth import BearerAuth
from carbonpeak.monitoring.models import KeyUnit, UnitToken
from carbonpeak.monitoring.registry import tokens
from carbonpeak.people.permissions import Permission

router = Router(tags=["enterprise"])


class EnergyOut(Schema):
    energy_type: str
    unit_of_measure: str
    quantity: float
    monitored_quantity: float | None
    # 购进量 in the row's unit; null: not given (prefilled with the metered quantity for electricity, heat, steam
    # and natural gas). Added in issue 19; clients that ignore it are unaffected.
    purchase: float | None = None
    tce: float
    tce_equal_value: float
    deviation: float | None
    flagged: bool
    explanation: str
    feedstock: float
    green_power: float
    co2_scope: str
    co2_t: float


class ProductOut(Schema):
    product: str
    unit_of_measure: str
    quantity: float
    energy_tce: float | None
    unit_consumption_kgce: float | None
    limit_kgce: float | None
    within_limit: bool | None


class ProcessOut(Schema):
    source: str
    method: str
    co2_t: float


class FilingOut(Schema):
    id: int
    unit: str
    year: int
    status: str
    prefilled: bool
    basic: dict[str, Any]
    energy: list[EnergyOut]
    products: list[ProductOut]
    value_added_10k_cny: float | None
    total_tce: float
    total_tce_equal_value: float
    budget_tce: float | None
    budget_share: float | None
    process_emissions: list[ProcessOut]
    direct_co2_t: float
    indirect_co2_t: float
    process_co2_t: float
    total_co2_t: float
    measures: str
    target_note: str
    office_comment: str
    times_returned: int
    unexplained: list[str]
    deviation_tolerance: float
    factor_set: str
    submitted_at: dt.datetime | None
    accepted_at: dt.datetime | None


class FilingIn(Schema):
    unit: str
    year: int


class EnergyIn(Schema):
    energy_type: str
    unit_of_measure: str
    quantity: float | str
    explanation: str = ""
    # 购进量 (≥ 0, or null to leave it empty); left out, the row keeps the purchase it had.
    purchase: float | str | None = None
    feedstock: float | str | None = None
    green_power: float | str | None = None


class ProductIn(Schema):
    product: str
    quantity: float | str
    energy_tce: float | str | None = None


class ProcessIn(Schema):
    source: str
    method: str
    co2_t: float | str


class FilingChangeIn(Schema):
    basic: dict[str, str] | None = None
    energy: list[EnergyIn] | None = None
    products: list[ProductIn] | None = None
    process_emissions: list[ProcessIn] | None = None
    value_added_10k_cny: float | str | None = None
    measures: str | None = None
    target_note: str | None = None


class StepIn(Schema):
    comment: str = ""


def filing_out(f: Filing) -> dict[str, Any]:
    r = queries.report(f)
    return {
        "id": f.pk, "unit": f.unit.code, "year": f.year, "status": f.status, "prefilled": f.prefilled,
        "basic": f.basic, "value_added_10k_cny": f.value_added_10k_cny,
        "energy": [{"energy_type": e.energy_type, "unit_of_measure": e.unit_of_measure, "quantity": e.quantity,
                    "monitored_quantity": e.monitored_quantity, "purchase": e.purchase, "tce": e.tce,
                    "tce_equal_value": e.tce_equal_value,
                    "deviation": e.deviation.relative if e.deviation.relative != float("inf") else None,
                    "flagged": e.deviation.flagged, "explanation": e.explanation, "feedstock": e.feedstock,
                    "green_power": e.green_power, "co2_scope": e.co2.scope.value, "co2_t": e.co2.co2_t}
                   for e in r.energy],
        "process_emissions": f.process_emissions, "direct_co2_t": r.emissions.direct_t,
        "indirect_co2_t": r.emissions.indirect_t, "process_co2_t": r.emissions.process_t,
        "total_co2_t": r.emissions.total_t,
        "products": [{"product": p.product, "unit_of_measure": p.unit_of_measure, "quantity": p.quantity,
                      "energy_tce": p.energy_tce, "unit_consumption_kgce": p.unit_consumption.value_kgce,
                      "limit_kgce": p.unit_consumption.limit_kgce, "within_limit": p.unit_consumption.within}
                     for p in r.products],
        "total_tce": r.total_tce, "total_tce_equal_value": r.total_tce_equal_value,
        "budget_tce": r.budget.budget_tce, "budget_share": r.budget.share, "measures": f.measures,
        "target_note": f.target_note, "office_comment": f.office_comment, "times_returned": f.times_returned,
        "unexplained": r.unexplained, "deviation_tolerance": r.tolerance, "factor_set": r.factor_set,
        "submitted_at": f.submitted_at, "accepted_at": f.accepted_at,
    }


def _visible(request: HttpRequest, pk: int) -> Filing:
    need(request, Permission.VIEW_FILINGS)
    filings = services.visible_filings(request.user, Filing.objects.select_related("unit"))
    return get_object_or_404(filings, pk=pk)


@router.get("/enterprise/filings", response=list[FilingOut], summary="Energy-use filings / 能源利用状况报告")
def list_filings(request: HttpRequest, year: int | None = None) -> list[dict[str, Any]]:
    need(request, Permission.VIEW_FILINGS)
    filings = services.visible_filings(request.user, Filing.objects.select_related("unit"))
    if year is not None:
        filings = filings.filter(year=year)
    return [filing_out(f) for f in filings]


@router.post("/enterprise/filings", response={201: FilingOut, 200: FilingOut},
             summary="Open a unit's filing, prefilled from its meters / 打开（预填）年度报告")
def open_filing(request: HttpRequest, payload: FilingIn) -> Status[Any]:
    need(request, Permission.FILE_REPORTS)
    unit = get_object_or_404(KeyUnit, code=payload.unit)
    need(request, Permission.FILE_REPORTS, unit)
    existed = Filing.objects.filter(unit=unit, year=payload.year).exists()
    filing = services.open_filing(unit, payload.year, request.user, actors.of_api_request(request))
    return Status(200 if existed else 201, filing_out(filing))


@router.get("/enterprise/filings/{pk}", response=FilingOut, summary="A filing / 年度报告")
def get_filing(request: HttpRequest, pk: int) -> dict[str, Any]:
    return filing_out(_visible(request, pk))


@router.put("/enterprise/filings/{pk}", response=FilingOut, summary="Correct and explain / 修改与说明")
def save_filing(request: HttpRequest, pk: int, payload: FilingChangeIn) -> dict[str, Any]:
    filing = _visible(request, pk)
    need(request, Permission.FILE_REPORTS, filing.unit)
    changes = payload.dict(exclude_unset=True)
    saved = services.save_filing(filing, request.user, actors.of_api_request(request), changes)
    return filing_out(saved)


def _step(request: HttpRequest, pk: int, step: FilingStep, comment: str) -> dict[str, Any]:
    filing = _visible(request, pk)
    return filing_out(services.take_step(filing, step, request.user, actors.of_api_request(request), comment))


@router.post("/enterprise/filings/{pk}/submit", response=FilingOut, summary="Submit / 报送")
def submit_filing(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _step(request, pk, FilingStep.SUBMIT, "")


@router.post("/enterprise/filings/{pk}/return", response=FilingOut, summary="Return with a comment / 退回")
def return_filing(request: HttpRequest, pk: int, payload: StepIn) -> dict[str, Any]:
    need(request, Permission.REVIEW_FILINGS)
    return _step(request, pk, FilingStep.RETURN, payload.comment)


@router.post("/enterprise/filings/{pk}/accept", response=FilingOut, summary="Accept / 受理")
def accept_filing(request: HttpRequest, pk: int, payload: StepIn | None = None) -> dict[str, Any]:
    need(request, Permission.REVIEW_FILINGS)
    return _step(request, pk, FilingStep.ACCEPT, payload.comment if payload else "")


class GradeOut(Schema):
    unit: str
    grade: str | None
    intensity_t_per_10k_cny: float | None
    benchmark_t_per_10k_cny: float | None
    level: int | None  # 碳效等级 1–5 (the published bands on K)
    ratio: float | None  # K: its intensity over the benchmark
    carbon_level: str | None  # 碳效水平: low / medium / high
    division: str
    town: str
    reasons: list[str]


@router.get("/enterprise/grades/{year}", response=list[GradeOut], summary="Carbon-efficiency code / 碳效码")
def list_grades(request: HttpRequest, year: int) -> list[dict[str, Any]]:
    """Every unit's grade of the year (an enterprise: its own units'); the reasons in the caller's language."""
    need(request, Permission.VIEW_FILINGS)
    if not 2000 <= year <= 2100:
        raise EnterpriseInputError.of("year", f"年度不在范围内 / year out of range: {year}")
    english = is_english(get_language())
    own = set(services.visible_filings(request.user, Filing.objects.filter(year=year)).values_list(
        "unit__code", flat=True))
    return [{"unit": g.unit, "grade": g.grade, "intensity_t_per_10k_cny": g.intensity_t_per_10k_cny,
             "benchmark_t_per_10k_cny": g.benchmark, "level": g.level, "ratio": g.ratio,
             "carbon_level": g.carbon_level, "division": g.division, "town": g.town,
             "reasons": g.reasons_en if english else g.reasons_zh}
            for g in queries.grades(year) if g.unit in own]


# --- the annual GHG report (温室气体排放报告) ----------------------------------------------------------

class GhgOut(Schema):
    id: int
    filing: int
    unit: str
    year: int
    status: str
    energy: list[EnergyOut]
    process_emissions: list[ProcessOut]
    note: str
    direct_co2_t: float
    indirect_co2_t: float
    process_co2_t: float
    total_co2_t: float
    factor_set: str
    office_comment: str
    times_returned: int
    submitted_at: dt.datetime | None
    accepted_at: dt.datetime | None
    accepted_figures: dict[str, Any]


class GhgOpenIn(Schema):
    filing: int


class GhgChangeIn(Schema):
    process_emissions: list[ProcessIn] | None = None
    note: str | None = None


class HandOverIn(Schema):
    year: int


class HandOverOut(Schema):
    year: int
    created: int
    updated: int
    removed: int
    unchanged: int


def ghg_out(g: GhgReport) -> dict[str, Any]:
    f = queries.ghg_figures(g)
    energy = filing_out(g.filing)["energy"]
    return {"id": g.pk, "filing": g.filing.pk, "unit": g.filing.unit.code, "year": g.filing.year, "status": g.status,
            "energy": energy, "process_emissions": g.process_emissions, "note": g.note,
            "direct_co2_t": f.emissions.direct_t, "indirect_co2_t": f.emissions.indirect_t,
            "process_co2_t": f.emissions.process_t, "total_co2_t": f.emissions.total_t, "factor_set": f.factor_set,
            "office_comment": g.office_comment, "times_returned": g.times_returned, "submitted_at": g.submitted_at,
            "accepted_at": g.accepted_at, "accepted_figures": g.accepted_figures}


def _visible_ghg(request: HttpRequest, pk: int) -> GhgReport:
    need(request, Permission.VIEW_FILINGS)
    filings = services.visible_filings(request.user, Filing.objects.all())
    return get_object_or_404(GhgReport.objects.select_related("filing__unit").filter(filing__in=filings), pk=pk)


@router.get("/enterprise/ghg-reports", response=list[GhgOut], summary="GHG reports / 温室气体排放报告")
def list_ghg(request: HttpRequest, year: int | None = None) -> list[dict[str, Any]]:
    need(request, Permission.VIEW_FILINGS)
    filings = services.visible_filings(request.user, Filing.objects.all())
    reports = GhgReport.objects.select_related("filing__unit").filter(filing__in=filings)
    if year is not None:
        reports = reports.filter(filing__year=year)
    return [ghg_out(g) for g in reports]


@router.post("/enterprise/ghg-reports", response={201: GhgOut, 200: GhgOut},
             summary="Open the GHG report of an accepted filing / 编制温室气体排放报告")
def open_ghg(request: HttpRequest, payload: GhgOpenIn) -> Status[Any]:
    filing = _visible(request, payload.filing)
    if services.party_of(request.user, filing) not in (Party.FILER, Party.OFFICE):
        need(request, Permission.FILE_REPORTS, filing.unit)
    existed = GhgReport.objects.filter(filing=filing).exists()
    report = services.open_ghg_report(filing, request.user, actors.of_api_request(request))
    return Status(200 if existed else 201, ghg_out(report))


@router.get("/enterprise/ghg-reports/{pk}", response=GhgOut, summary="A GHG report / 温室气体排放报告")
def get_ghg(request: HttpRequest, pk: int) -> dict[str, Any]:
    return ghg_out(_visible_ghg(request, pk))


@router.put("/enterprise/ghg-reports/{pk}", response=GhgOut, summary="Process lines and note / 工业过程排放与说明")
def save_ghg(request: HttpRequest, pk: int, payload: GhgChangeIn) -> dict[str, Any]:
    report = _visible_ghg(request, pk)
    need(request, Permission.FILE_REPORTS, report.filing.unit)
    changes = payload.dict(exclude_unset=True)
    return ghg_out(ghg_services.save_ghg(report, request.user, actors.of_api_request(request), changes))


def _ghg_step(request: HttpRequest, pk: int, step: FilingStep, comment: str) -> dict[str, Any]:
    report = _visible_ghg(request, pk)
    return ghg_out(ghg_services.ghg_step(report, step, request.user, actors.of_api_request(request), comment))


@router.post("/enterprise/ghg-reports/{pk}/submit", response=GhgOut, summary="Submit / 报送")
def submit_ghg(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _ghg_step(request, pk, FilingStep.SUBMIT, "")


@router.post("/enterprise/ghg-reports/{pk}/return", response=GhgOut, summary="Return with a comment / 退回")
def return_ghg(request: HttpRequest, pk: int, payload: StepIn) -> dict[str, Any]:
    need(request, Permission.REVIEW_FILINGS)
    return _ghg_step(request, pk, FilingStep.RETURN, payload.comment)


@router.post("/enterprise/ghg-reports/{pk}/accept", response=GhgOut, summary="Accept / 受理")
def accept_ghg(request: HttpRequest, pk: int, payload: StepIn | None = None) -> dict[str, Any]:
    need(request, Permission.REVIEW_FILINGS)
    return _ghg_step(request, pk, FilingStep.ACCEPT, payload.comment if payload else "")


@router.post("/enterprise/point-sources", response=HandOverOut,
             summary="Hand the accepted reports to the inventory / 移交清单（重点排放源）")
def hand_over_ghg(request: HttpRequest, payload: HandOverIn) -> dict[str, Any]:
    """The year's accepted GHG reports become the point-source part of the industrial sector in the inventory."""
    need(request, Permission.REVIEW_FILINGS)
    if not 2000 <= payload.year <= 2100:
        raise EnterpriseInputError.of("year", f"年度不在范围内 / year out of range: {payload.year}")
    done = ghg_services.hand_over_year(payload.year, request.user, actors.of_api_request(request))
    return {"year": payload.year, "created": done.created, "updated": done.updated, "removed": done.removed,
            "unchanged": done.unchanged}


# --- output as data items (产品产量 / 增加值) ------------------------------------------------------------

class OutputItemIn(Schema):
    """One data item: a product's output (product, quantity, unit) or money figures (万元) of a unit and period."""

    unit_code: str | None = Field(None, description="the unit; a unit token may leave it out (its own unit)")
    period: str = Field(description="a year (2026) or a month (2026-03) that has begun")
    product: str | None = Field(None, description="a product code of the catalogue (enterprise/products.yaml)")
    quantity: float | str | None = None
    unit: str | None = Field(None, description="the product's unit of measure")
    value_added_10k_cny: float | str | None = None
    industrial_output_10k_cny: float | str | None = None
    value_added_comparable_10k_cny: float | str | None = None


class OutputIn(Schema):
    items: list[OutputItemIn] = Field(max_length=10_000)


class OutputErrorOut(Schema):
    row: int
    field: str
    reason: str


class OutputOut(Schema):
    kept: int
    errors: list[OutputErrorOut]


@router.post(
    "/enterprise/output", auth=[BearerAuth(also={tokens.PREFIX: tokens.authenticate}), django_auth],
    response=OutputOut, summary="Send output and value added / 报送产品产量与增加值",
    description="The national spec's data items 产品产量 and 增加值, as `{\"items\": [...]}`: each item a product's "
    "output (`product`, `quantity`, `unit`) or money figures in 万元 (`value_added_10k_cny`, "
    "`industrial_output_10k_cny`, `value_added_comparable_10k_cny`) of a unit and period. A unit's device token "
    "(`cpu_…`) sends for its own unit; a user for the units it may file for. Each item is kept or refused on its "
    "own (`errors` name the item, counted from 1, and the field); when none is kept the answer is 422. A resent "
    "item replaces the figure it names.")
def post_output(request: HttpRequest, payload: OutputIn) -> dict[str, Any]:
    auth = getattr(request, "auth", None)
    if isinstance(auth, UnitToken):
        allowed, own_unit, user, label = {auth.unit.code}, auth.unit.code, None, f"token:{auth.name}"
    else:
        need(request, Permission.FILE_REPORTS)
        allowed = set(services.filing_units(request.user).values_list("code", flat=True))
        own_unit, user, label = None, request.user, actors.of_api_request(request)
    records = []
    for item in payload.items:
        record = {k: v for k, v in item.dict().items() if v is not None}
        record.setdefault("unit_code", own_unit or "")
        records.append(record)
    result = services.import_output(records, user, label, "api", units=allowed, first_row=1)
    if result.issues and not result.kept:
        raise EnterpriseInputError(result.issues)
    return {"kept": result.kept, "errors": [{"row": row_of(i.where) or 0, "field": i.field, "reason": i.reason}
                                            for i in result.issues]}
