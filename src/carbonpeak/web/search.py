"""One search over what a district office looks things up by: tasks, indicators, departments, key
energy-using units and projects under review (read side of the top bar's search box).

Every kind is narrowed by `people.permissions` exactly as its own list is: a department finds the tasks
it is on and its own department page, an enterprise its own units and no task; a hit is linked only when
the reader may open it. Matching is a plain case-insensitive substring (and a task's number), which is
what people type for names like 光伏 or 区经委.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from carbonpeak.monitoring.models import KeyUnit
from carbonpeak.monitoring.pages.queries import visible_units
from carbonpeak.people.permissions import AnyUser, Permission, can, visible_tasks
from carbonpeak.plan.models import Department
from carbonpeak.plan.queries import current_plan
from carbonpeak.review.models import Project

PER_KIND = 30  # hits shown per kind; the page says how many more there are
MAX_QUERY = 100  # characters read from the box


@dataclass(frozen=True)
class Hit:
    title: str
    detail: str
    url: str | None  # None: the reader may see the name but not open the page


@dataclass(frozen=True)
class Group:
    kind: str
    label: str
    hits: list[Hit]
    total: int


KINDS = {
    "task": _("Tasks"), "indicator": _("Indicators"), "department": _("Departments"),
    "unit": _("Key energy-using units"), "project": _("Projects under review"),
}


def search(user: AnyUser, query: str) -> list[Group]:
    """The groups with at least one hit, in the order of `KINDS`."""
    text = query.strip()[:MAX_QUERY]
    if not text:
        return []
    groups = [_tasks(user, text), _indicators(user, text), _departments(user, text), _units(user, text),
              _projects(user, text)]
    return [g for g in groups if g.total]


def _group(kind: str, hits: list[Hit]) -> Group:
    return Group(kind, str(KINDS[kind]), hits[:PER_KIND], len(hits))


def _tasks(user: AnyUser, text: str) -> Group:
    match = Q(content__icontains=text) | Q(action__name__icontains=text)
    if text.isascii() and text.isdigit():
        match |= Q(number=int(text))
    tasks = visible_tasks(user, current_plan().tasks.select_related("action")).filter(match).order_by("number")
    return _group("task", [Hit(_("Task %(n)s") % {"n": t.number}, t.content,
                               reverse("plan:task_detail", args=[t.number])) for t in tasks])


def _indicators(user: AnyUser, text: str) -> Group:
    if not can(user, Permission.VIEW_INDICATORS):
        return _group("indicator", [])
    found = (current_plan().indicators.select_related("action")
             .filter(Q(name__icontains=text) | Q(name_en__icontains=text) | Q(code__icontains=text))
             .order_by("action__number", "id"))
    opens = can(user, Permission.VIEW_PROGRESS)  # the indicator's page shows district figures
    return _group("indicator", [
        Hit(i.display_name, i.action.display_name if i.action else str(_("Main goals")),
            reverse("indicators:indicator_detail", args=[i.code]) if opens
            else reverse("indicators:indicator_list") + f"#{i.code}")
        for i in found])


def _departments(user: AnyUser, text: str) -> Group:
    if not can(user, Permission.VIEW_DEPARTMENT):
        return _group("department", [])
    found = Department.objects.filter(Q(name__icontains=text) | Q(name_en__icontains=text)).order_by("kind", "code")
    return _group("department", [
        Hit(d.display_name, str(d.get_kind_display()), reverse("plan:department_detail", args=[d.code]))
        for d in found if can(user, Permission.VIEW_DEPARTMENT, d)])


def _units(user: AnyUser, text: str) -> Group:
    if not can(user, Permission.VIEW_UNIT_DATA):
        return _group("unit", [])
    found = visible_units(user).filter(Q(name__icontains=text) | Q(code__icontains=text) | Q(town__icontains=text)
                                       | Q(uscc__iexact=text)).order_by("name")
    return _group("unit", [Hit(u.name, u.town, reverse("monitoring:unit_detail", args=[u.code]))
                           for u in found if _may_open(user, u)])


def _may_open(user: AnyUser, unit: KeyUnit) -> bool:
    return can(user, Permission.VIEW_UNIT_DATA, unit)


def _projects(user: AnyUser, text: str) -> Group:
    if not can(user, Permission.VIEW_REVIEW):
        return _group("project", [])
    found = Project.objects.filter(Q(name__icontains=text) | Q(town__icontains=text)
                                   | Q(industry_name__icontains=text)).order_by("-id")
    return _group("project", [Hit(p.name, f"{p.town} · {p.get_status_display()}",
                                  reverse("review:project", args=[p.pk])) for p in found])
