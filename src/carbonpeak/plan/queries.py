"""Read-side helpers shared by the plan's views, API and exports."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from carbonpeak.common import places
from carbonpeak.plan.models import Action, Department, DepartmentKind, Plan, Responsibility, Task

# The kinds of plan body that are places in the district (镇、街道、园区).
PLACE_KINDS = (DepartmentKind.TOWN, DepartmentKind.STREET, DepartmentKind.PARK)


class NoPlanLoaded(LookupError):
    """No plan is loaded yet. Pages and the API answer it as 404 (`carbonpeak.http.errors`); commands say so."""


def current_plan() -> Plan:
    """The plan the installation runs (the first one loaded)."""
    plan = Plan.objects.order_by("id").first()
    if plan is None:
        raise NoPlanLoaded("no plan loaded: run `carbonpeak setup`")
    return plan


def current_plan_or_none() -> Plan | None:
    """The plan the installation runs, or None before one is loaded (for jobs, which skip)."""
    return Plan.objects.order_by("id").first()


def tasks_with_departments(plan: Plan) -> QuerySet[Task]:
    return (
        plan.tasks.select_related("action", "lead")
        .prefetch_related(
            Prefetch("responsibilities", queryset=Responsibility.objects.select_related("department"))
        )
        .order_by("number")
    )


def filter_tasks(
    tasks: QuerySet[Task], *, action: int | None = None, department: str | None = None,
    time_node: str | None = None, role: str | None = None,
) -> QuerySet[Task]:
    if action is not None:
        tasks = tasks.filter(action__number=action)
    if time_node:
        tasks = tasks.filter(time_node=time_node)
    if department:
        resp = Responsibility.objects.filter(department__code=department)
        if role:
            resp = resp.filter(role=role)
        tasks = tasks.filter(pk__in=resp.values("task_id"))
    return tasks


def actions_with_counts(plan: Plan) -> QuerySet[Action]:
    return plan.actions.annotate(task_count=Count("tasks", distinct=True)).order_by("number")


def known_towns() -> list[str]:
    """The district's listed towns in their order, then any others the plan names."""
    from_plan = Department.objects.filter(kind__in=PLACE_KINDS).order_by("name").values_list("name", flat=True)
    return places.with_listed(from_plan)


def known_places() -> places.Places:
    """The district's places with every name they go by (the plan's English name, code and aliases), in the
    order of `known_towns`: the one lookup a town typed or imported goes through (`places.Places`)."""
    found = {d.name: places.Place(d.name, d.name_en, d.code, tuple(str(a) for a in d.aliases or ()))
             for d in Department.objects.filter(kind__in=PLACE_KINDS).order_by("name")}
    return places.Places(found.get(name, name) for name in places.with_listed(found))


def town_problem(town: str) -> str | None:
    """Why `town` is refused (zh / en), or None for a known place or none at all."""
    return known_places().problem(town) if town else None


def plan_places() -> list[Department]:
    """The places an indicator's target may be split to: the plan's bodies of kind town, sub-district or park
    (the members its collectives 各镇、街道、园区 stand for that it names), in the district's listed order."""
    found = list(Department.objects.filter(kind__in=PLACE_KINDS))
    order = {name: n for n, name in enumerate(places.listed_towns())}
    return sorted(found, key=lambda d: (order.get(d.name, len(order)), d.code))


def place_named(code: str) -> Department | None:
    """The plan's place with this code (None for an unknown code or a body that is no place)."""
    return Department.objects.filter(kind__in=PLACE_KINDS, code=code).first()
