"""The plan overview, and the dashboard (驾驶舱): the leader's first page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from carbonpeak.caching.pages import cached_page
from carbonpeak.http.import_checks import joined
from carbonpeak.indicators.evaluation import IndicatorStatus, evaluate_plan, series_for_chart
from carbonpeak.indicators.models import Derivation, EarlyWarning, Observation, ProgressStatus
from carbonpeak.monitoring.models import Alert
from carbonpeak.monitoring.vocabulary import AlertKind, AlertState
from carbonpeak.people.models import Role
from carbonpeak.people.permissions import Permission, can, require, role_of
from carbonpeak.plan.models import TimeNode
from carbonpeak.plan.queries import actions_with_counts, current_plan
from carbonpeak.roadmap.running import dashboard_peak
from carbonpeak.roadmap.tracking import dashboard_progress
from carbonpeak.web.figures import projected_tiles


@require_GET
@login_required
@require(Permission.VIEW_PLAN)
def home(request: HttpRequest) -> HttpResponse:
    if role_of(request.user) is Role.VIEWER and "overview" not in request.GET:
        return redirect("web:dashboard")  # leaders read the dashboard first
    if role_of(request.user) is Role.ENTERPRISE and "overview" not in request.GET:
        return redirect("enterprise:home")  # an enterprise starts from its own units and reports
    plan = current_plan()
    actions = list(actions_with_counts(plan))
    by_2025 = {
        row["action__number"]: row["n"]
        for row in plan.tasks.filter(time_node=TimeNode.BY_2025).values("action__number").annotate(
            n=Count("id"))
    }
    chart = {
        "categories": [f"{a.number}. {a.display_name}" for a in actions],
        "series": [
            {"name": str(TimeNode.ONGOING.label),
             "data": [a.task_count - by_2025.get(a.number, 0) for a in actions]},  # type: ignore[attr-defined]
            {"name": str(TimeNode.BY_2025.label), "data": [by_2025.get(a.number, 0) for a in actions]},
        ],
    }
    headline = plan.indicators.filter(action__isnull=True).prefetch_related("targets")
    targets_2025 = (
        plan.indicators.select_related("action").prefetch_related("targets").exclude(action__isnull=True)
    )
    return render(request, "web/home.html", {
        "plan": plan, "actions": actions, "chart": chart, "headline": headline,
        "indicators": targets_2025, "task_count": sum(a.task_count for a in actions),  # type: ignore[attr-defined]
    })


def _by_action(statuses: list[IndicatorStatus]) -> list[tuple[str, list[IndicatorStatus]]]:
    groups: dict[int, tuple[str, list[IndicatorStatus]]] = {}
    for st in statuses:
        action = st.indicator.action
        number = action.number if action else 0
        label = f"{number}. {action.display_name}" if action else _("Main goals")
        groups.setdefault(number, (label, []))[1].append(st)
    return [groups[n] for n in sorted(groups)]


@require_GET
@login_required
@require(Permission.VIEW_PROGRESS)
@cached_page()  # per user, until the next write of what it shows (caching/pages.py)
def dashboard(request: HttpRequest) -> HttpResponse:
    plan = current_plan()
    statuses = evaluate_plan(plan)
    groups = _by_action(statuses)
    order = list(ProgressStatus)
    counts = {s.value: sum(1 for st in statuses if st.progress.status == s.value) for s in order}
    chart = {
        "categories": [label for label, _items in groups],
        "series": [{"name": str(s.label), "status": s.value,
                    "data": [sum(1 for st in items if st.progress.status == s.value) for _label, items in groups]}
                   for s in order],
    }
    # The headline is the plan's energy-intensity indicator (derived from the accounting data), named by its
    # derivation: the first derived indicator in evaluation order is another one on PostgreSQL.
    intensity = next((st for st in statuses if st.indicator.derived == Derivation.ENERGY_INTENSITY_CHANGE), None)
    sparks = {st.indicator.code: series_for_chart(st) for st in statuses}
    # The on-track cards come from the roadmap's progress scenario; the plan scenario's peak is the
    # fallback where no progress scenario is stored yet.
    progress = dashboard_progress() if can(request.user, Permission.VIEW_ROADMAP) else None
    peak = progress or (dashboard_peak() if can(request.user, Permission.VIEW_ROADMAP) else None)
    # The chart has a row per action with indicators; the actions the plan gives no indicator are named
    # under it, so a reader does not take the missing rows for a display fault (issue 18).
    charted = {st.indicator.action.number for st in statuses if st.indicator.action is not None}
    uncharted = [a.number for a in plan.actions.all() if a.number not in charted]
    uncharted_note = {"numbers": joined(uncharted), "count": len(uncharted)} if uncharted else None
    return render(request, "web/dashboard.html", {
        "plan": plan, "groups": groups, "sparks": sparks, "chart": chart, "uncharted": uncharted_note,
        "counts": [(s, counts[s.value]) for s in order],
        "intensity": intensity, "open_warnings": EarlyWarning.objects.filter(
            indicator__plan=plan, closed_at__isnull=True).count(),
        "illustrative": Observation.objects.filter(indicator__plan=plan, illustrative=True).exists(),
        "monitoring": _monitoring_card() if can(request.user, Permission.VIEW_MONITORING) else None,
        "progress": progress, "peak": peak,
        "projected": projected_tiles(statuses, peak),  # the peak-year tile says what the peak card says
    })


def _monitoring_card() -> dict[str, int]:
    """Open monitoring alerts, and the data centres among them above their PUE limit (two counts)."""
    alerts = Alert.objects.exclude(state=AlertState.CLOSED.value)
    return {"open_alerts": alerts.count(),
            "pue_over": alerts.filter(kind=AlertKind.PUE_ABOVE_LIMIT.value).values("unit").distinct().count()}
