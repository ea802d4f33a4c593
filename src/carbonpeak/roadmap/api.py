"""REST API of the roadmap room (/api/v1/roadmap/…): the same checks and results as the pages and the CLI.

Reading needs VIEW_ROADMAP (office, leaders, departments); saving scenarios needs EDIT_SCENARIOS
(the office). Bad input answers 422 with `errors`: every issue with its field and reason (zh / en).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel, ConfigDict

from carbonpeak.audit import actors
from carbonpeak.common.problems import NotFound, WrongState
from carbonpeak.http.api_checks import need
from carbonpeak.http.downloads import XLSX, attachment
from carbonpeak.people.permissions import Permission
from carbonpeak.roadmap import running, services
from carbonpeak.roadmap import scenario as engine
from carbonpeak.roadmap.models import Scenario
from carbonpeak.roadmap.pages import version_rows
from carbonpeak.roadmap.services import RoadmapInputError

router = Router(tags=["roadmap"])


class ScenarioIn(BaseModel):
    """A scenario as `carbonpeak roadmap scenarios load` reads one entry, with its id.

    Checked by the roadmap's own rules and the engine, which report every problem at once; so the
    fields are declared loosely here (a plain pydantic model: unknown fields reach the check).
    """

    model_config = ConfigDict(extra="allow")

    id: Any = Field(None, description="scenario id: lowercase letters, digits, - or _ (creating only)")
    name_zh: Any = Field(None, description="中文名称")
    name_en: Any = Field(None, description="English name")
    parent: Any = Field(None, description="id of the scenario it inherits from")
    overrides: Any = Field(None, description="{parameter path: number}: the parameters it changes")
    measures: Any = Field(None, description="[{id, kind, label_zh, label_en, params, enabled}]: its own measures, "
                                            "or an inherited measure (same id) changed or switched off")
    description: Any = Field(None)
    comment: Any = Field(None, description="why it was changed (kept with the version)")


class ScenarioOut(Schema):
    id: str
    name_zh: str
    name_en: str
    parent: str | None
    overrides: dict[str, float]
    measures: list[dict[str, Any]]
    description: str
    bundled: bool
    version: int
    updated_at: dt.datetime
    updated_by: str


class VersionOut(Schema):
    version: int
    created_at: dt.datetime
    created_by: str
    comment: str
    snapshot: dict[str, Any]
    changes: list[dict[str, Any]]


class ScenarioDetailOut(ScenarioOut):
    lineage: list[str]
    parameters: dict[str, Any]
    resolved_measures: list[dict[str, Any]]
    children: list[str]
    versions: list[VersionOut]


class RunIn(Schema):
    scenarios: list[str] = Field(default_factory=list, description="scenario ids; empty: every scenario")
    runs: int = Field(running.DEFAULT_RUNS, ge=0, le=running.MAX_RUNS, description="Monte Carlo runs (0: none)")
    seed: int = Field(0, ge=0, description="random seed: the same seed gives the same answer")
    horizon: int = Field(running.DEFAULT_HORIZON, ge=running.MIN_HORIZON, le=running.MAX_HORIZON)
    as_of: dt.date | None = Field(None, description="the progress scenario reads inventories and observations "
                                                    "as of this date (default today)")


class ProgressQuery(Schema):
    as_of: dt.date | None = Field(None, description="inventories of years up to this date's and observations "
                                                    "whose period has begun by it (default today)")
    runs: int = Field(running.DEFAULT_RUNS, ge=1, le=running.MAX_RUNS, description="Monte Carlo runs")
    seed: int = Field(0, ge=0, description="random seed: the same seed gives the same answer")
    horizon: int = Field(running.DEFAULT_HORIZON, ge=running.MIN_HORIZON, le=running.MAX_HORIZON)


class ExportQuery(Schema):
    scenario: list[str] = Field(default_factory=list, description="scenario ids; none: every scenario")
    horizon: int = Field(running.DEFAULT_HORIZON, ge=running.MIN_HORIZON, le=running.MAX_HORIZON)


def _scenario_out(s: Scenario) -> dict[str, Any]:
    return {**services.as_input(s), "bundled": s.bundled, "version": s.version, "updated_at": s.updated_at,
            "updated_by": s.updated_by_label}


def _detail(s: Scenario) -> dict[str, Any]:
    resolved = services.resolved(s.slug)
    return {
        **_scenario_out(s),
        "lineage": list(resolved.lineage),
        "parameters": dict(resolved.parameters),
        "resolved_measures": [services.measure_dict(m) for m in resolved.measures],
        "children": sorted(s.children.values_list("slug", flat=True)),
        "versions": [{"version": v.version, "created_at": v.created_at, "created_by": v.created_by_label,
                      "comment": v.comment, "snapshot": v.snapshot, "changes": [c.as_dict() for c in changes]}
                     for v, changes in version_rows(s)],
    }


def _data(payload: ScenarioIn) -> tuple[dict[str, Any], str]:
    data = payload.model_dump(exclude_unset=True)
    comment = data.pop("comment", None)
    return data, comment if isinstance(comment, str) else ""


def _finite(info: dict[str, Any]) -> dict[str, Any]:
    return {k: (None if isinstance(v, float) and math.isinf(v) else v) for k, v in info.items()}


@router.get("/roadmap/catalogue", response=dict[str, Any], summary="Parameters and measure kinds / 参数与措施类型",
            description="What a scenario may set: `parameters` (dotted path, labels, unit, default, range, source "
            "and its Chinese `source_zh`; "
            "the plan levers' parameters as measure.<id>.<name>) and `measure_kinds` (the plan's levers and the "
            "generic kinds a custom measure may use, each with its parameters).")
def catalogue(request: HttpRequest) -> dict[str, Any]:
    need(request, Permission.VIEW_ROADMAP)
    return {"parameters": [_finite(p.as_dict()) for p in engine.parameter_catalogue()],
            "measure_kinds": [k.as_dict() for k in engine.measure_kinds()]}


@router.get("/roadmap/scenarios", response=list[ScenarioOut], summary="Scenarios / 情景")
def list_scenarios(request: HttpRequest) -> list[dict[str, Any]]:
    need(request, Permission.VIEW_ROADMAP)
    return [_scenario_out(s) for s in Scenario.objects.select_related("parent")]


@router.get("/roadmap/scenarios/{slug}", response=ScenarioDetailOut,
            summary="A scenario with its lineage, resolved parameters and versions")
def get_scenario(request: HttpRequest, slug: str) -> dict[str, Any]:
    need(request, Permission.VIEW_ROADMAP)
    return _detail(get_object_or_404(Scenario, slug=slug))


@router.post("/roadmap/scenarios", response={201: ScenarioDetailOut},
             summary="Create a scenario (usually a child of another) / 新建情景")
def create_scenario(request: HttpRequest, payload: ScenarioIn) -> Status[Any]:
    need(request, Permission.EDIT_SCENARIOS)
    data, comment = _data(payload)
    scenario = services.create_scenario(data, user=request.user, actor_label=actors.of_request(request),
                                        comment=comment)
    return Status(201, _detail(scenario))


@router.put("/roadmap/scenarios/{slug}", response={200: ScenarioDetailOut},
            summary="Save a scenario as its next version / 保存情景（新版本）",
            description="The whole scenario (fields left out are emptied, as in the file format); an unchanged "
            "scenario makes no new version. Bundled scenarios are read-only: create a child instead.")
def update_scenario(request: HttpRequest, slug: str, payload: ScenarioIn) -> Status[Any]:
    need(request, Permission.EDIT_SCENARIOS)
    scenario = get_object_or_404(Scenario, slug=slug)
    data, comment = _data(payload)
    data.pop("id", None)
    saved = services.update_scenario(scenario, data, user=request.user,
                                     actor_label=actors.of_request(request), comment=comment)
    return Status(200, _detail(saved))


@router.delete("/roadmap/scenarios/{slug}", response={204: None},
               summary="Delete a scenario without children / 删除情景")
def delete_scenario(request: HttpRequest, slug: str) -> Status[Any]:
    need(request, Permission.EDIT_SCENARIOS)
    scenario = get_object_or_404(Scenario, slug=slug)
    try:
        services.delete_scenario(scenario, user=request.user, actor_label=actors.of_request(request))
    except RoadmapInputError as exc:
        raise WrongState(exc.problems()) from exc
    return Status(204, None)


@router.post("/roadmap/run", response={200: dict[str, Any]},
             summary="Run scenarios / 运行情景",
             description="The answer of `carbonpeak roadmap run --json`: `scenarios` by id (peak_year, peak_co2_t, "
             "series by year), `attribution` of the plan against the baseline by measure and year (tCO2), and "
             "`monte_carlo` (runs, p_peak_by_2030, peak-year quantiles). Results are cached by scenario version.")
def run(request: HttpRequest, payload: RunIn) -> Status[Any]:
    need(request, Permission.VIEW_ROADMAP)
    answer = running.run(payload.scenarios or None, runs=payload.runs, seed=payload.seed,
                         horizon=payload.horizon, as_of=payload.as_of)
    return Status(200, answer)


@router.get("/roadmap/progress", response={200: dict[str, Any]},
            summary="Is the district on track? The progress scenario / 进展情景：是否按计划推进",
            description="The answer of `carbonpeak roadmap run --scenario progress --json`: `base_year` (the latest "
            "compiled inventory), `on_track` by goal (peak_by_<year>, intensity_<year>, intensity_further_decline: "
            "probability over the Monte Carlo runs, the central value, status), `progress` (every inventory and "
            "observation used, with period and origin, and the input version), the scenario's series and "
            "`monte_carlo`. Cached by input version.")
def progress(request: HttpRequest, query: Query[ProgressQuery]) -> Status[Any]:
    need(request, Permission.VIEW_ROADMAP)
    if not Scenario.objects.filter(slug=running.PROGRESS).exists():
        raise NotFound.one(
            "scenario", "尚无进展情景，请先运行 carbonpeak setup / no progress scenario: run carbonpeak setup first")
    answer = running.run([running.PROGRESS], runs=query.runs, seed=query.seed, horizon=query.horizon,
                         focus=running.PROGRESS, as_of=query.as_of)
    return Status(200, answer)


def _export(request: HttpRequest, query: ExportQuery, fmt: str) -> HttpResponse:
    need(request, Permission.VIEW_ROADMAP)
    data = running.export_iamc(query.scenario or None, fmt, horizon=query.horizon)
    if fmt == "csv":
        return attachment(data, "carbonpeak-roadmap-iamc.csv", "text/csv; charset=utf-8")
    return attachment(data, "carbonpeak-roadmap-iamc.xlsx", XLSX)


@router.get("/roadmap/export.csv", summary="Pathways in the IAMC format, CSV / IAMC 格式导出",
            description="Columns model, scenario, region, variable, unit and one per year; pyam reads it.")
def export_csv(request: HttpRequest, query: Query[ExportQuery]) -> HttpResponse:
    return _export(request, query, "csv")


@router.get("/roadmap/export.xlsx", summary="Pathways in the IAMC format, xlsx / IAMC 格式导出")
def export_xlsx(request: HttpRequest, query: Query[ExportQuery]) -> HttpResponse:
    return _export(request, query, "xlsx")
