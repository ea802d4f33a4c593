"""REST API of the review room (/api/v1/review/…): the same checks and rules as the pages and the CLI.

Bad input answers 422 with `errors`: every issue with its field and reason (zh / en).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel, BeforeValidator, ConfigDict
from pydantic_core import PydanticCustomError

from carbonpeak.audit import actors
from carbonpeak.common.limits import MAX_CELL_CHARS
from carbonpeak.http.api_checks import longest, need
from carbonpeak.monitoring.models import KeyUnit
from carbonpeak.people.permissions import Permission
from carbonpeak.review import register, services
from carbonpeak.review.models import Decision, Project, RegisterEntry
from carbonpeak.review.register_export import actual_fields, entry_fields

router = Router(tags=["review"])

# Every string a body or query sends is bounded where it is declared (a longer one is a 422 naming the field,
# never stored cut or whole): a model field's max_length; for text fields (a decision's reasons and
# conditions, a register note) and typed numbers and dates, which have none, the limits below.
TEXT_MAX = MAX_CELL_CHARS
DATE_TEXT_MAX = 10  # YYYY-MM-DD
NUMBER_TEXT_MAX = 40


def _short_number_text(value: Any) -> Any:
    if isinstance(value, str) and len(value) > NUMBER_TEXT_MAX:
        raise PydanticCustomError("string_too_long", "String should have at most {max_length} characters",
                                  {"max_length": NUMBER_TEXT_MAX})
    return value


# A number typed as text ("1,200") or sent as a number; the register's own check reads it.
NumberText = Annotated[str | float | None, BeforeValidator(_short_number_text)]


class ProjectIn(BaseModel):
    """A project as `carbonpeak review assess FILE.json` reads it (docs/methodology/review.md, "Project input").

    Fields are checked by the review's own intake, which reports every problem at once; so
    they are declared loosely here and unknown fields are passed on to be refused by name
    (a plain pydantic model: ninja's Schema would drop them before the intake sees them).
    """

    model_config = ConfigDict(extra="allow")

    name: Any = Field(None, description="project name")
    owner_uscc: Any = Field(None, description="统一社会信用代码 of the owner (GB 32100-2015)")
    industry_code: Any = Field(None, description="GB/T 4754-2017 class, 4 digits")
    town: Any = Field(None, description="town, sub-district or park of the district")
    kind: Any = Field(None, description="new | expansion | renovation")
    energy: Any = Field(None, description="[{energy_type, quantity, unit, use}] planned annual use at capacity")
    energy_before: Any = Field(None, description="renovation only: annual use before it")
    output_value_10k_cny: Any = Field(None, description="annual output value, 10^4 CNY")
    value_added_10k_cny: Any = Field(None, description="annual value added, 10^4 CNY")
    value_added_before_10k_cny: Any = Field(None, description="renovation only")
    first_full_year: Any = Field(None, description="first year at capacity")
    products: Any = Field(None, description="[{name, output, unit, unit_consumption, quota_standard, "
                                            "advanced_value, unit_of_consumption}]")
    design_pue: Any = Field(None, description="data centres (GB/T 4754 6450, 6550): design PUE, ≥ 1")


class ProjectOut(Schema):
    id: int
    name: str
    owner_uscc: str
    industry_code: str
    industry_name: str
    town: str
    kind: str
    first_full_year: int
    status: str
    created_at: dt.datetime
    design_pue: float | None
    operating_since: dt.date | None
    energy_tce: float | None
    review_tier: str | None
    two_high: bool | None
    two_high_one_low: bool | None


class DecisionIn(Schema):
    opinion: str = Field(..., max_length=longest(Decision, "opinion"))
    reasons: str = Field("", max_length=TEXT_MAX)
    conditions: str = Field("", max_length=TEXT_MAX)


class DecisionOut(Schema):
    id: int
    opinion: str
    reasons: str
    conditions: str
    decided_at: dt.datetime
    decided_by: str
    assessment_id: int


class AssessmentSnapshotOut(Schema):
    id: int
    made_at: dt.datetime
    factor_set: str
    result: dict[str, Any]


class ProjectDetailOut(ProjectOut):
    input: dict[str, Any]
    assessment: AssessmentSnapshotOut | None
    decisions: list[DecisionOut]


class RegisterFilters(Schema):
    status: str = Field("", max_length=longest(RegisterEntry, "status"))
    disposal: str = Field("", max_length=longest(RegisterEntry, "disposal"))
    town: str = Field("", max_length=longest(RegisterEntry, "town"))
    industry: str = Field("", max_length=longest(RegisterEntry, "industry_code"),
                          description="GB/T 4754 code prefix: 26 is the whole division")


class DeviationOut(Schema):
    year: int
    approved_tce: float
    actual_tce: float
    margin_pct: float
    deviation_pct: float
    alert: bool
    partial: bool = False  # judged on a partial year (year to date) already above the limit


class ActualOut(Schema):
    year: int
    actual_tce: float
    actual_source: str = Field(description="monitoring (the linked unit's rollups) or typed")
    partial: bool
    months_covered: int | None
    completeness_min: float | None
    factor_sets: list[str] | None
    source_note: str


class RegisterEntryOut(Schema):
    id: int
    subject: str
    project_id: int | None
    name: str
    owner_uscc: str
    industry_code: str
    town: str
    status: str
    disposal: str
    deadline: dt.date | None
    approved_energy_tce: float | None
    monitored_unit: str = Field(description="the linked unit's code, else the unmatched old text")
    deviation_margin_pct: float
    actual_energy: dict[str, float]  # year → tce
    deviation: DeviationOut | None
    unit_code: str | None = Field(description="code of the linked monitored key unit")
    monitored_unit_legacy: str = Field(description="old free text that names no unit (未匹配), for the office")
    year: int | None = Field(description="the latest year with an actual figure")
    actual_tce: float | None = Field(description="that year's actual energy, tce 当量值")
    actual_source: str | None = Field(description="monitoring or typed")
    actuals: list[ActualOut]


class RegisterEditIn(BaseModel):
    """Fields to change; those left out keep their value. `monitored_unit`: a key unit's code, "" to unlink."""

    model_config = ConfigDict(extra="forbid")

    status: str | None = Field(None, max_length=longest(RegisterEntry, "status"))
    disposal: str | None = Field(None, max_length=longest(RegisterEntry, "disposal"))
    deadline: str | None = Field(None, max_length=DATE_TEXT_MAX, description="YYYY-MM-DD")
    approved_energy_tce: NumberText = None
    monitored_unit: str | None = Field(None, max_length=longest(KeyUnit, "code"))
    deviation_margin_pct: NumberText = None
    note: str | None = Field(None, max_length=TEXT_MAX)


class OperatingIn(Schema):
    operating_since: str | None = Field(None, max_length=DATE_TEXT_MAX,
                                        description="YYYY-MM-DD the plant started operating; null undoes it")

def _project_out(p: Project) -> dict[str, Any]:
    snapshot = p.latest_assessment()
    return {
        **{f: getattr(p, f) for f in ("id", "name", "owner_uscc", "industry_code", "industry_name", "town", "kind",
                                      "first_full_year", "status", "created_at", "design_pue", "operating_since")},
        "energy_tce": snapshot.energy_tce if snapshot else None,
        "review_tier": snapshot.review_tier if snapshot else None,
        "two_high": snapshot.two_high if snapshot else None,
        "two_high_one_low": snapshot.two_high_one_low if snapshot else None,
    }


def _decision_out(d: Decision) -> dict[str, Any]:
    return {"id": d.pk, "opinion": d.opinion, "reasons": d.reasons, "conditions": d.conditions,
            "decided_at": d.decided_at, "decided_by": d.decided_by_label, "assessment_id": d.assessment_id}


def _project_detail(p: Project) -> dict[str, Any]:
    snapshot = p.latest_assessment()
    return {
        **_project_out(p),
        "input": p.as_input(),
        "assessment": None if snapshot is None else {"id": snapshot.pk, "made_at": snapshot.made_at,
                                                      "factor_set": snapshot.factor_set, "result": snapshot.result},
        "decisions": [_decision_out(d) for d in p.decisions.order_by("-decided_at", "-id")],
    }


@router.post(
    "/review/assess",
    response={200: dict[str, Any]},
    summary="Assess a project, nothing stored / 项目节能评估（不保存）",
    description="The answer of `carbonpeak review assess --json`. Without the review permission (department and "
    "enterprise users) the district figures are withheld: `impact` is null and `comparison.district` absent.",
)
def assess_project(request: HttpRequest, payload: ProjectIn) -> Status[Any]:
    need(request, Permission.CALCULATE)
    answer = services.assess_data(payload.model_dump(exclude_unset=True)).as_dict()
    return Status(200, services.answer_for(request.user, answer))


@router.post("/review/projects", response={201: ProjectDetailOut},
             summary="Take in a project and assess it / 项目登记并评估")
def create_project(request: HttpRequest, payload: ProjectIn) -> Status[Any]:
    need(request, Permission.REVIEW_PROJECTS)
    project = services.store_project(payload.model_dump(exclude_unset=True), user=request.user,
                                     actor_label=actors.of_request(request))
    return Status(201, _project_detail(project))


@router.get("/review/projects", response=list[ProjectOut], summary="Projects under review / 审查项目")
def list_projects(request: HttpRequest) -> list[dict[str, Any]]:
    need(request, Permission.VIEW_REVIEW)
    return [_project_out(p) for p in Project.objects.prefetch_related("assessments")]


@router.get("/review/projects/{pk}", response=ProjectDetailOut, summary="A project with its assessment and decisions")
def get_project(request: HttpRequest, pk: int) -> dict[str, Any]:
    need(request, Permission.VIEW_REVIEW)
    return _project_detail(get_object_or_404(Project, pk=pk))


@router.post("/review/projects/{pk}/decision", response={201: DecisionOut},
             summary="Record the reviewer's opinion / 审查意见")
def decide(request: HttpRequest, pk: int, payload: DecisionIn) -> Status[Any]:
    need(request, Permission.REVIEW_PROJECTS)
    project = get_object_or_404(Project, pk=pk)
    decision = services.record_decision(project, opinion=payload.opinion, reasons=payload.reasons,
                                        conditions=payload.conditions, user=request.user,
                                        actor_label=actors.of_request(request))
    return Status(201, _decision_out(decision))


def _entry_out(e: RegisterEntry) -> dict[str, Any]:
    d = e.latest_deviation()
    latest = e.latest_actual()
    years = [actual_fields(e, a) for a in sorted(e.actuals.all(), key=lambda a: a.year)]
    return {
        **{f: getattr(e, f) for f in RegisterEntry.public_fields},
        **entry_fields(e),
        "monitored_unit": e.unit_code or e.monitored_unit_legacy,
        "project_id": e.project_id,
        "actual_energy": {str(a.year): a.energy_tce for a in e.actuals.all()},
        "deviation": None if d is None else d.as_dict(),
        "year": None if latest is None else latest.year,
        "actual_tce": None if latest is None else latest.energy_tce,
        "actual_source": None if latest is None else latest.origin,
        "actuals": years,
    }


@router.get("/review/register", response=list[RegisterEntryOut], summary="The 两高一低 register / 两高一低清单")
def get_register(request: HttpRequest, filters: Query[RegisterFilters]) -> list[dict[str, Any]]:
    need(request, Permission.VIEW_REVIEW)
    return [_entry_out(e) for e in register.entries(filters.model_dump())]


@router.patch("/review/register/{pk}", response={200: RegisterEntryOut},
              summary="Edit a register entry, link its monitored unit / 编辑清单条目、关联监测单位")
def edit_register_entry(request: HttpRequest, pk: int, payload: RegisterEditIn) -> Status[Any]:
    need(request, Permission.REVIEW_PROJECTS)
    entry = get_object_or_404(RegisterEntry, pk=pk)
    current = {f: getattr(entry, f) for f in register.EDITABLE if f != "monitored_unit"}
    current["monitored_unit"] = entry.unit_code or ""
    changes = payload.model_dump(exclude_unset=True)
    data = {k: ("" if v is None else str(v)) for k, v in {**current, **changes}.items()}
    if "monitored_unit" not in changes:
        del data["monitored_unit"]  # not touched
    register.update_entry(entry, data, user=request.user, actor_label=actors.of_request(request))
    return Status(200, _entry_out(register.entries().get(pk=pk)))


@router.post("/review/projects/{pk}/operating", response={200: ProjectDetailOut},
             summary="Mark an approved project as operating / 标记项目投产")
def project_operating(request: HttpRequest, pk: int, payload: OperatingIn) -> Status[Any]:
    need(request, Permission.REVIEW_PROJECTS)
    project = get_object_or_404(Project, pk=pk)
    project = services.set_operating(project, payload.operating_since, user=request.user,
                                     actor_label=actors.of_request(request))
    return Status(200, _project_detail(project))
