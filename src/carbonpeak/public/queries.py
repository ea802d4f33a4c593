"""Reads for the public pages and the public API: what is public, built only from `fields.pick()`.

Never writes. Every record a public page or answer shows comes out of a function here, so the
allowlist in `fields.py` is the only way a field reaches the public.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max
from django.utils import timezone

from carbonpeak.accounting.models import Inventory
from carbonpeak.accounting.services import latest_inventories
from carbonpeak.indicators import evaluation
from carbonpeak.indicators.models import (
    BarometerLevel,
    Direction,
    Indicator,
    Observation,
    ProgressStatus,
    Target,
    TargetKind,
)
from carbonpeak.indicators.place_evaluation import evaluate_places, place_status_as_dict
from carbonpeak.plan.models import Action, Department, Plan, ResponsibilityRole, Task, TimeNode
from carbonpeak.plan.queries import current_plan, tasks_with_departments
from carbonpeak.public import fields
from carbonpeak.public.fields import pick
from carbonpeak.public.models import KIND_LABELS, Feedback, Publication, SubjectKind
from carbonpeak.public.redact import masked
from carbonpeak.public.vocabulary import EVERY_ITEM, MAX_ID, MAX_KEY_LENGTH, ROADMAP_HEADLINE, PublicKind, decide
from carbonpeak.roadmap.running import dashboard_peak
from carbonpeak.roadmap.tracking import dashboard_progress
from carbonpeak.supervision.models import Report
from carbonpeak.supervision.workflow import ReportKind, ReportStatus

FIRST_CHART_YEAR = 2020  # as indicators.evaluation.series_for_chart starts


class Decisions:
    """The office's publication decisions of one kind, read once: `public(key)` and `since(key)`."""

    def __init__(self, kind: PublicKind) -> None:
        self.kind = kind
        rows = Publication.objects.filter(kind=kind.value)
        self._rows = {p.key: p for p in rows}

    def _decision(self, key: str) -> bool | None:
        row = self._rows.get(key)
        return None if row is None else row.published

    def public(self, key: str) -> bool:
        return decide(self.kind, self._decision(str(key)), self._decision(EVERY_ITEM))

    def since(self, key: str) -> dt.datetime | None:
        """When the item was last made public (its own decision, else its kind's)."""
        for k in (str(key), EVERY_ITEM):
            row = self._rows.get(k)
            if row is not None:
                return row.published_at if row.published else None
        return None


def is_public(kind: PublicKind, key: str) -> bool:
    return Decisions(kind).public(key)


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _department(d: Any) -> dict[str, Any]:
    return pick(Department, d)


def _task_summary(task: Task) -> dict[str, Any]:
    return pick(Task, task, {"time_node": _label(TimeNode, task.time_node)})


def _indicator(ind: Indicator) -> dict[str, Any]:
    return pick(Indicator, ind, {"direction": _label(Direction, ind.direction), "unit": ind.unit_display})


def plan_overview() -> dict[str, Any]:
    """The plan, its ten actions with their public tasks, and its public indicators."""
    plan: Plan = current_plan()
    tasks = Decisions(PublicKind.TASK)
    indicators = Decisions(PublicKind.INDICATOR)
    by_action: dict[int, list[dict[str, Any]]] = {}
    for task in plan.tasks.select_related("action").order_by("number"):
        if tasks.public(str(task.number)):
            by_action.setdefault(task.action.number, []).append(_task_summary(task))
    actions = [{**pick(Action, a), "tasks": by_action.get(a.number, [])}
               for a in plan.actions.order_by("number")]
    shown = [_indicator(i) for i in evaluation.indicators_of(plan) if indicators.public(i.code)]
    return {"plan": pick(Plan, plan), "actions": actions, "indicators": shown}


def _latest_progress(task: Task) -> dict[str, Any] | None:
    """The newest approved report of the task that the office made public; drafts and returned never."""
    reports = Decisions(PublicKind.REPORT)
    approved = Report.objects.filter(task=task, kind=ReportKind.CONSOLIDATED.value,
                                     status=ReportStatus.APPROVED.value).order_by("-approved_at", "-id")
    for report in approved:
        if reports.public(str(report.pk)):
            return {**pick(Report, report, {"progress": str(report.get_progress_display())}),
                    "updated_at": report.approved_at}
    return None


def published_feedback(kind: SubjectKind, key: str) -> list[dict[str, Any]]:
    """Messages whose answer the office published; the citizen's name and contact never, contacts masked."""
    rows = Feedback.objects.filter(subject_kind=kind.value, subject_key=key, answer_published=True)
    out = []
    for row in rows.order_by("-published_at", "-id"):
        picked = pick(Feedback, row)
        picked["text"] = masked(picked["text"])
        out.append(picked)
    return out


def task_page(number: int) -> dict[str, Any] | None:
    """One public task: its text, ☆ lead and co departments, latest public progress; None if not public."""
    if number > MAX_ID or not is_public(PublicKind.TASK, str(number)):
        return None
    task = tasks_with_departments(current_plan()).filter(number=number).first()
    if task is None:
        return None
    resp = list(task.responsibilities.all())
    return {
        **_task_summary(task),
        "action": pick(Action, task.action),
        "lead": [_department(r.department) for r in resp if r.role == ResponsibilityRole.LEAD],
        "co": [_department(r.department) for r in resp if r.role == ResponsibilityRole.CO],
        "latest_progress": _latest_progress(task),
        "feedback": published_feedback(SubjectKind.TASK, str(number)),
    }


def _public_indicator(code: str) -> Indicator | None:
    if "\x00" in code or len(code) > MAX_KEY_LENGTH or not is_public(PublicKind.INDICATOR, code):
        return None
    return (current_plan().indicators.select_related("action").prefetch_related("targets", "tasks", "observations")
            .filter(code=code).first())


def indicator_page(code: str, as_of: dt.date | None = None) -> dict[str, Any] | None:
    """One public indicator: targets always; values, chart, status and 晴雨表 level only when published."""
    indicator = _public_indicator(code)
    if indicator is None:
        return None
    values = Decisions(PublicKind.INDICATOR_VALUES)
    values_public = values.public(code)
    targets = [pick(Target, t, {"kind": _label(TargetKind, t.kind)})
               for t in sorted(indicator.targets.all(), key=lambda t: t.year)]
    page: dict[str, Any] = {**_indicator(indicator), "targets": targets, "values_public": values_public,
                            "feedback": published_feedback(SubjectKind.INDICATOR, code)}
    status = evaluation.evaluate_indicator(indicator, as_of or timezone.localdate())
    chart = evaluation.series_for_chart(status)
    if values_public:
        s = evaluation.status_as_dict(status)
        page["status"] = pick(fields.STATUS, s, {"status": _label(ProgressStatus, s["status"]),
                                                 "barometer": _label(BarometerLevel, s["barometer"])})
        page["values"] = [pick(Observation, o) for o in status.observations]
        last_change = indicator.observations.aggregate(at=Max("updated_at"))["at"]
        page["updated_at"] = max(filter(None, [last_change, values.since(code)]), default=None)
    else:
        # The targets alone, on years from the targets (the observations' years are not told either).
        last = max([t.year for t in indicator.targets.all()], default=FIRST_CHART_YEAR)
        chart = {**chart, "actual": [], "path": [],
                 "years": [str(y) for y in range(FIRST_CHART_YEAR, max(last, FIRST_CHART_YEAR) + 1)]}
    page["chart"] = pick(fields.CHART, chart)
    page["places"] = _places(indicator, as_of or timezone.localdate(), values_public)
    return page


def _places(indicator: Indicator, as_of: dt.date, values_public: bool) -> list[dict[str, Any]]:
    """The places the indicator's target is split to, with their targets; each place's status and 晴雨表 level
    only when the indicator's values are published (the place's note never)."""
    out = []
    for ps in evaluate_places(indicator, as_of):
        s = place_status_as_dict(ps)
        place: dict[str, Any] = {"place": _department(ps.place),
                                 "targets": [pick(fields.PLACE_TARGET, t) for t in s["targets"]]}
        if values_public:
            place["status"] = pick(fields.PLACE_STATUS, s, {"status": _label(ProgressStatus, s["status"]),
                                                            "barometer": _label(BarometerLevel, s["barometer"])})
        out.append(place)
    return out


def indicator_list() -> list[dict[str, Any]]:
    decisions = Decisions(PublicKind.INDICATOR)
    return [_indicator(i) for i in evaluation.indicators_of(current_plan()) if decisions.public(i.code)]


def roadmap_headline() -> dict[str, Any] | None:
    """What the dashboard's peak card shows (progress scenario, else the plan scenario), once published."""
    decisions = Decisions(PublicKind.ROADMAP)
    if not decisions.public(ROADMAP_HEADLINE):
        return None
    progress = dashboard_progress()
    if progress is not None:
        goal = progress.get("peak") or {}
        card = {**progress, "probability": goal.get("probability"), "probability_year": goal.get("target_year")}
    else:
        peak = dashboard_peak()
        if peak is None:
            return None
        card = {**peak, "probability": peak.get("p_peak_by_2030"), "probability_year": 2030}
    return {**pick(fields.ROADMAP, card), "updated_at": decisions.since(ROADMAP_HEADLINE)}


def inventory_totals() -> dict[str, Any] | None:
    """The latest inventory's totals, when the office published that year's."""
    inventories = latest_inventories()
    if not inventories:
        return None
    year = max(inventories)
    if not is_public(PublicKind.INVENTORY, str(year)):
        return None
    inventory = inventories[year]
    return {**pick(Inventory, inventory), "updated_at": inventory.compiled_at}


def home_page() -> dict[str, Any]:
    return {**plan_overview(), "roadmap": roadmap_headline(), "inventory": inventory_totals()}


# --- the office's page --------------------------------------------------------------------------


def office_items() -> dict[str, Any]:
    """Every item the office may publish, with whether it is public now (for the office only)."""
    plan = current_plan()
    d = {k: Decisions(k) for k in PublicKind}
    defaults = [{"kind": k.value, "label": KIND_LABELS[k], "public": d[k].public(EVERY_ITEM)} for k in PublicKind]
    tasks = [{"key": str(t.number), "task": t, "public": d[PublicKind.TASK].public(str(t.number))}
             for t in plan.tasks.order_by("number")]
    indicators = [{"key": i.code, "indicator": i, "public": d[PublicKind.INDICATOR].public(i.code),
                   "values_public": d[PublicKind.INDICATOR_VALUES].public(i.code)}
                  for i in evaluation.indicators_of(plan)]
    reports = [{"key": str(r.pk), "report": r, "public": d[PublicKind.REPORT].public(str(r.pk))}
               for r in Report.objects.filter(task__plan=plan, kind=ReportKind.CONSOLIDATED.value,
                                       status=ReportStatus.APPROVED.value)
               .select_related("task", "department", "round").order_by("task__number", "-approved_at")]
    inventories = [{"key": str(y), "inventory": inv, "public": d[PublicKind.INVENTORY].public(str(y))}
                   for y, inv in sorted(latest_inventories().items(), reverse=True)]
    return {"defaults": defaults, "tasks": tasks, "indicators": indicators, "reports": reports,
            "inventories": inventories, "roadmap_public": d[PublicKind.ROADMAP].public(ROADMAP_HEADLINE),
            "roadmap_key": ROADMAP_HEADLINE, "every_item": EVERY_ITEM}
