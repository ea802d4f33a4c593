"""Pages of the roadmap room: the scenario list, a scenario with its lineage, parameters, measures and
versions, and the results of a run (pathways, wedges, fan, tornado, comparison). The editor is in
editor_views. Everyone with VIEW_ROADMAP reads; the office (EDIT_SCENARIOS) changes scenarios."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from carbonpeak.audit import actors
from carbonpeak.http.downloads import XLSX, attachment
from carbonpeak.people.permissions import Permission, can, require
from carbonpeak.roadmap import base_year, charts, loading, pages, running, services, version_changes
from carbonpeak.roadmap.models import Scenario
from carbonpeak.roadmap.queries import base_year_inventory
from carbonpeak.roadmap.scenario import ScenarioError
from carbonpeak.roadmap.services import RoadmapInputError

PAGE_RUNS = running.DEFAULT_RUNS  # Monte Carlo runs a page asks for unless told otherwise


def _problems(exc: RoadmapInputError) -> list[str]:
    return [str(i) for i in exc.issues]


@require_GET
@login_required
@require(Permission.VIEW_ROADMAP)
def home(request: HttpRequest) -> HttpResponse:
    """Every scenario with its peak, and boxes to pick scenarios to compare."""
    scenarios = list(Scenario.objects.select_related("parent"))
    results = running.peaks()
    rows = [{"scenario": s, "result": results.get(s.slug), "name": pages.pick(s.name_zh, s.name_en)} for s in scenarios]
    return render(request, "roadmap/home.html", {
        "rows": rows, "can_edit": can(request.user, Permission.EDIT_SCENARIOS),
        "defaults": {"plan", "baseline"} & {s.slug for s in scenarios},
        "illustrative": pages.base_data().illustrative, "base": pages.base_data(),
        "region": pages.pick(pages.base_data().region_zh, pages.base_data().region_en),  # the reader's language
        "horizon": running.DEFAULT_HORIZON,
    })


@require_POST
@login_required
@require(Permission.EDIT_SCENARIOS)
def load_defaults(request: HttpRequest) -> HttpResponse:
    summary = loading.load_defaults(actor_label=actors.of_request(request))
    messages.success(request, _("Bundled scenarios loaded: %(created)d new, %(updated)d updated.")
                     % {"created": len(summary.created), "updated": len(summary.updated)})
    return redirect("roadmap:home")


@require_GET
@login_required
@require(Permission.VIEW_ROADMAP)
def scenario_detail(request: HttpRequest, slug: str) -> HttpResponse:
    scenario = get_object_or_404(Scenario.objects.select_related("parent"), slug=slug)
    specs = services.all_specs()
    context: dict[str, Any] = {
        "scenario": scenario, "name": pages.pick(scenario.name_zh, scenario.name_en),
        "can_edit": can(request.user, Permission.EDIT_SCENARIOS),
        "children": list(scenario.children.all()),
        "versions": version_changes.version_rows(scenario, pages.base_data()),
    }
    try:
        resolved = services.resolved(slug, specs)
    except ScenarioError as exc:
        context["problems"] = [str(i) for i in exc.issues]
        return render(request, "roadmap/scenario.html", context)
    base = resolved.base_data
    own = running.peaks().get(slug)
    anchored = pages.anchored_inputs(own, resolved)
    # One truth: "the model's CO2" of the base year is the model's on every page. The progress scenario's own
    # figure of that year is the inventory's (anchored); it is shown beside the model's, the steps between them.
    own_base = None if own is None else float(own["series"][str(base.base_year)]["co2_t"])
    model_base = pages.model_co2_of(anchored, base.base_year) if anchored else None
    context |= {
        "lineage": pages.lineage_of(resolved), "groups": pages.global_groups(resolved, specs),
        "measures": pages.measure_rows(resolved, specs), "result": own, "base": base,
        "model_base_co2": model_base if model_base is not None else own_base,
        "anchored_base_co2": own_base if model_base is not None else None,
        "inventory": base_year_inventory(base.base_year), "anchored": anchored,
        "peak_observed": bool(anchored and own and own["peak_year"] and own["peak_year"] <= anchored["base_year"]),
    }
    if context["model_base_co2"] is not None:  # the inventory's net beside the model's CO2, and why they differ
        found = base_year.reconciliation(base.base_year, float(context["model_base_co2"]), context["anchored_base_co2"])
        context["reconciliation"] = base_year.rows(found) if found else None
    return render(request, "roadmap/scenario.html", context)


def _int(request: HttpRequest, name: str, default: int, errors: dict[str, str]) -> int:
    raw = request.GET.get(name, "").strip()
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        errors[name] = _("Enter a whole number.")
        return default


def _pick_focus(ids: list[str], requested: str) -> str:
    if requested in ids:
        return requested
    own = [i for i in ids if not Scenario.objects.filter(slug=i, bundled=True).exists()]
    return own[-1] if own else running.focus_of(ids)


@require_GET
@login_required
@require(Permission.VIEW_ROADMAP)
def results(request: HttpRequest) -> HttpResponse:
    """Run the chosen scenarios (all when none is chosen) and show them side by side."""
    errors: dict[str, str] = {}
    runs = _int(request, "runs", PAGE_RUNS, errors)
    seed = _int(request, "seed", 0, errors)
    horizon = _int(request, "horizon", running.DEFAULT_HORIZON, errors)
    chosen = request.GET.getlist("scenario") or list(Scenario.objects.values_list("slug", flat=True))
    context: dict[str, Any] = {"chosen": chosen, "runs": runs, "seed": seed, "horizon": horizon, "errors": errors,
                               "all": list(Scenario.objects.all())}
    if errors:
        return render(request, "roadmap/results.html", context)
    focus = _pick_focus(chosen, request.GET.get("focus", ""))
    try:
        specs = services.all_specs()
        ids = list(chosen)
        if focus in specs:
            base = running.baseline_of(services.resolved(focus, specs))
            if base and base not in ids:
                ids.insert(0, base)  # the wedges are drawn up to the baseline
        data = running.run(ids, runs=runs, seed=seed, horizon=horizon, focus=focus, extras=True)
        uncertainty = {sid: (data["monte_carlo"] if sid == focus else running.uncertainty(
            sid, runs=runs, seed=seed, horizon=horizon)) for sid in data["scenarios"]} if runs > 0 else {}
    except RoadmapInputError as exc:
        context["problems"] = _problems(exc)
        return render(request, "roadmap/results.html", context)
    context |= {
        "data": data, "focus": focus, "focus_name": charts.name_of(data["scenarios"][focus]),
        "pathways": charts.pathways(data), "wedges": charts.wedges(data), "fan": charts.fan(data),
        "tornado": charts.tornado(data), "comparison": charts.comparison(data, uncertainty),
        "co2_table": charts.co2_table(data), "query": request.GET.urlencode(),
        "export_query": "&".join(f"scenario={s}" for s in data["scenarios"]) + f"&horizon={horizon}",
    }
    return render(request, "roadmap/results.html", context)


@require_GET
@login_required
@require(Permission.VIEW_ROADMAP)
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The chosen scenarios' pathways in the IAMC format (pyam reads both files)."""
    try:
        horizon = int(request.GET.get("horizon") or running.DEFAULT_HORIZON)
    except ValueError:
        horizon = running.DEFAULT_HORIZON
    try:
        data = running.export_iamc(request.GET.getlist("scenario") or None, fmt, horizon=horizon)
    except RoadmapInputError as exc:
        for problem in _problems(exc):
            messages.error(request, problem)
        return redirect("roadmap:home")
    if fmt == "csv":
        return attachment(data, "carbonpeak-roadmap-iamc.csv", "text/csv; charset=utf-8")
    return attachment(data, "carbonpeak-roadmap-iamc.xlsx", XLSX)
