"""The scenario editor (情景编辑): create a child of a scenario, change a scenario of one's own, delete
one without children. Errors are shown under their fields with what was typed kept."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from carbonpeak.audit import actors
from carbonpeak.people.permissions import Permission, require
from carbonpeak.roadmap import forms, pages, services
from carbonpeak.roadmap import scenario as engine
from carbonpeak.roadmap.measures import MeasureKindInfo
from carbonpeak.roadmap.models import Scenario
from carbonpeak.roadmap.services import RoadmapInputError


@dataclass
class InheritedMeasure:
    """A measure the parent passes on: its parameters may be overridden (o:measure.<id>.<name>)."""

    id: str
    label: str
    source: str
    enabled: bool
    enabled_input: str
    enabled_errors: list[str]
    params: list[pages.ParamRow]


@dataclass
class OwnMeasure:
    """A measure this scenario defines (m<i>:…): all of its fields are edited here."""

    index: int
    values: dict[str, str]
    info: MeasureKindInfo | None
    params: list[dict[str, Any]] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)


def _parent_resolved(parent: str | None, specs: dict[str, engine.ScenarioSpec]) -> engine.ResolvedScenario | None:
    if not parent or parent not in specs:
        return None
    try:
        return engine.resolve(specs, parent)
    except engine.ScenarioError:
        return None


def _with_input(row: pages.ParamRow, form: forms.EditorForm, errors: dict[str, list[str]],
                inherited: float | None) -> pages.ParamRow:
    name = forms.OVERRIDE + row.path
    row.input = form.values.get(name, "")
    row.placeholder = forms.shown(inherited if inherited is not None else row.default)
    row.errors = errors.get(name, [])
    return row


def _rows(form: forms.EditorForm, errors: dict[str, list[str]], kinds: dict[str, MeasureKindInfo],
          editing: str | None) -> dict[str, Any]:
    specs = services.all_specs()
    if editing:
        specs.pop(editing, None)  # a scenario is not its own ancestor
    parent = _parent_resolved(form.values.get("parent") or None, specs)
    base = pages.base_data()
    inherited = dict(parent.parameters) if parent else base.defaults()
    groups: dict[str, list[pages.ParamRow]] = {}
    shown: set[str] = set()
    for info in base.parameters:
        row = pages.ParamRow(info.path, pages.pick(info.label_zh, info.label_en), pages.unit_label(info.unit),
                             None, info.default, info.minimum, info.maximum,
                             pages.pick(info.source_zh, info.source), None, False)
        groups.setdefault(pages.group_label(info.path), []).append(
            _with_input(row, form, errors, inherited.get(info.path)))
        shown.add(info.path)
    measures = []
    for m in parent.measures if parent else ():
        rows = []
        for info in pages.measure_params(m, kinds[m.kind])[1:]:
            row = pages.ParamRow(info.path, pages.pick(info.label_zh, info.label_en), pages.unit_label(info.unit),
                                 None, info.default, pages.finite(info.minimum), pages.finite(info.maximum),
                                 pages.pick(info.source_zh, info.source), None, False)
            rows.append(_with_input(row, form, errors, inherited.get(info.path)))
            shown.add(info.path)
        enabled = f"measure.{m.id}.enabled"
        shown.add(enabled)
        measures.append(InheritedMeasure(m.id, pages.pick(m.label_zh, m.label_en),
                                         pages.pick(kinds[m.kind].source, kinds[m.kind].source_en), m.enabled,
                                         form.values.get(forms.OVERRIDE + enabled, ""),
                                         errors.get(forms.OVERRIDE + enabled, []), rows))
    extra = [pages.ParamRow(k.removeprefix(forms.OVERRIDE), k.removeprefix(forms.OVERRIDE), "", None, 0.0, None,
                            None, "", None, False, input=v, errors=errors.get(k, []))
             for k, v in form.values.items()
             if k.startswith(forms.OVERRIDE) and k.removeprefix(forms.OVERRIDE) not in shown and v.strip()]
    own = []
    names = pages.choice_names(base)
    for i in range(form.measure_count):
        values = form.own_measure(i)
        if not values:
            continue
        kind = kinds.get(values.get("kind", ""))
        prefix = f"m{i}:"
        mine = {k.removeprefix(prefix): v for k, v in errors.items() if k.startswith(prefix)}
        params = [{"name": p.name, "label": pages.pick(p.label_zh, p.label_en), "unit": pages.unit_label(p.unit),
                   "choices": [(c, names.get(c, c)) for c in p.choices], "value": values.get(f"p:{p.name}", ""),
                   "default": forms.shown(p.default), "source": pages.pick(p.source_zh, p.source),
                   "errors": mine.get(f"p:{p.name}", [])}
                  for p in (kind.parameters if kind else ())]
        own.append(OwnMeasure(i, values, kind, params, mine))
    return {"groups": list(groups.items()), "inherited_measures": measures, "extra_overrides": extra,
            "own_measures": own, "parent_resolved": parent}


def _editor(request: HttpRequest, form: forms.EditorForm, scenario: Scenario | None,
            errors: dict[str, list[str]] | None = None) -> HttpResponse:
    errors = errors or {}
    kinds = pages.kinds_by_name()
    others = Scenario.objects.exclude(pk=scenario.pk) if scenario else Scenario.objects.all()
    return render(request, "roadmap/editor.html", {
        "scenario": scenario, "values": form.values, "measure_count": form.measure_count, "errors": errors,
        "parents": list(others), "kinds": [k for k in kinds.values()],
        "generic_kinds": [k for k in kinds.values() if k.generic],
        **_rows(form, errors, kinds, scenario.slug if scenario else None),
        "other_errors": [e for k, v in errors.items() if not k.startswith(("o:", "m")) and k not in forms.PLAIN
                         for e in v],
    }, status=422 if errors else 200)


def _post(request: HttpRequest, scenario: Scenario | None) -> HttpResponse:
    kinds = pages.kinds_by_name()
    form = forms.read(request.POST.dict(), kinds)
    action = request.POST.get("action", "save")
    if action in ("add_measure", "refresh"):
        info = kinds.get(request.POST.get("add_kind", ""))
        if action == "add_measure" and info is not None:
            taken = {str(m.get("id")) for m in form.data["measures"]}
            parent = _parent_resolved(form.data["parent"], services.all_specs())
            taken |= {m.id for m in parent.measures} if parent else set()
            form = forms.with_new_measure(form, info, taken)
        return _editor(request, form, scenario)
    comment = request.POST.get("comment", "").strip()
    try:
        if scenario is None:
            saved = services.create_scenario(form.data, user=request.user, actor_label=actors.of_request(request),
                                             comment=comment)
            messages.success(request, _("Scenario created."))
        else:
            data = {k: v for k, v in form.data.items() if k != "id"}
            saved = services.update_scenario(scenario, data, user=request.user,
                                             actor_label=actors.of_request(request), comment=comment)
            messages.success(request, _("Scenario saved as version %(version)d.") % {"version": saved.version})
    except RoadmapInputError as exc:
        return _editor(request, form, scenario, forms.errors_by_input(exc.issues))
    return redirect("roadmap:scenario", slug=saved.slug)


@require_http_methods(["GET", "POST"])
@login_required
@require(Permission.EDIT_SCENARIOS)
def scenario_new(request: HttpRequest) -> HttpResponse:
    """A new scenario, by default a child of `?parent=` (the plan if none is given)."""
    if request.method == "POST":
        return _post(request, None)
    parent = get_object_or_404(Scenario, slug=request.GET.get("parent") or "plan")
    n = parent.children.count() + 1
    suggestion = f"{parent.slug}-{n}"
    while Scenario.objects.filter(slug=suggestion).exists():
        n += 1
        suggestion = f"{parent.slug}-{n}"
    form = forms.initial({"id": suggestion, "parent": parent.slug, "name_zh": f"{parent.name_zh}（调整）",
                          "name_en": f"{parent.name_en} (variant)", "overrides": {}, "measures": []})
    return _editor(request, form, None)


@require_http_methods(["GET", "POST"])
@login_required
@require(Permission.EDIT_SCENARIOS)
def scenario_edit(request: HttpRequest, slug: str) -> HttpResponse:
    scenario = get_object_or_404(Scenario, slug=slug)
    if scenario.bundled:
        raise Http404(_("A bundled scenario is read-only: create a child scenario instead."))
    if request.method == "POST":
        return _post(request, scenario)
    return _editor(request, forms.initial(services.as_input(scenario)), scenario)


@require_POST
@login_required
@require(Permission.EDIT_SCENARIOS)
def scenario_delete(request: HttpRequest, slug: str) -> HttpResponse:
    scenario = get_object_or_404(Scenario, slug=slug)
    try:
        services.delete_scenario(scenario, user=request.user, actor_label=actors.of_request(request))
    except RoadmapInputError as exc:
        for issue in exc.issues:
            messages.error(request, issue.reason)
        return redirect("roadmap:scenario", slug=slug)
    messages.success(request, _("Scenario deleted."))
    return redirect("roadmap:home")
