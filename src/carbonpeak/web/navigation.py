"""The navigation shared by every page: what exists, who may open it, and which section the current page lights.

`nav_groups.py` says where each item sits in the top bar; `topbar.py` draws the bar and keeps it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from carbonpeak.people.permissions import AnyUser, Permission, can
from carbonpeak.web.imports.registry import permitted


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str | None  # None: a capability not built yet, shown greyed
    permission: Permission | None = None
    shown_to: Callable[[AnyUser], bool] | None = None  # instead of one permission (数据导入: any importer's)


NAVIGATION = (
    NavItem(_("Dashboard"), "web:dashboard", Permission.VIEW_PROGRESS),
    NavItem(_("Plan overview"), "web:home", Permission.VIEW_PLAN),
    NavItem(_("Tasks"), "plan:task_list", Permission.VIEW_TASK),
    NavItem(_("Departments"), "plan:department_list", Permission.VIEW_DEPARTMENT),
    NavItem(_("Indicators"), "indicators:indicator_list", Permission.VIEW_INDICATORS),
    NavItem(_("Barometer of places"), "indicators:places", Permission.VIEW_PLACE_VALUES),
    NavItem(_("Early warnings"), "indicators:warning_list", Permission.VIEW_WARNINGS),
    NavItem(_("Supervision"), "supervision:round_list", Permission.VIEW_ROUNDS),
    NavItem(_("Accounting"), "accounting:inventory", Permission.VIEW_ACCOUNTING),
    NavItem(_("Calculator"), "accounting:calculate", Permission.CALCULATE),
    NavItem(_("Monitoring"), "monitoring:home", Permission.VIEW_UNIT_DATA),
    NavItem(_("Enterprise reports"), "enterprise:filing_list", Permission.VIEW_FILINGS),
    NavItem(_("Project review"), "review:queue", Permission.CALCULATE),
    NavItem(_("Roadmap"), "roadmap:home", Permission.VIEW_ROADMAP),
    NavItem(_("Job status"), "jobs:status", Permission.VIEW_JOBS),
    NavItem(_("Data import"), "web:imports:index", shown_to=lambda user: bool(permitted(user))),
    NavItem(_("Public site"), "public:office", Permission.PUBLISH),
    NavItem(_("Locked logins"), "people:locks", Permission.MANAGE_ACCOUNTS),
    NavItem(_("API tokens"), "people:tokens", Permission.MANAGE_ACCOUNTS),
)

_NAMESPACES = [item.url_name.split(":")[0] for item in NAVIGATION if item.url_name]
_SOLE_NAMESPACES = frozenset(ns for ns in _NAMESPACES if _NAMESPACES.count(ns) == 1)


def _lights(url_name: str, current: str) -> bool:
    # plan:task_list and plan:task_detail both light up "Tasks"; a room with one item (monitoring, roadmap…)
    # lights it on every page of the room; web:imports:* lights 数据导入.
    namespace = url_name.split(":")[0]
    nested = url_name.rsplit(":", 1)[0] if url_name.count(":") > 1 else ""
    return (current.split("_")[0] == url_name.split("_")[0]
            or (namespace in _SOLE_NAMESPACES and current.startswith(namespace + ":"))
            or (bool(nested) and current.startswith(nested + ":")))


@lru_cache(maxsize=1024)  # one entry per view name the site has
def lit_by(current: str) -> tuple[str, ...]:
    """The url names of the navigation items the page with view name `current` lights ('' for none)."""
    return tuple(item.url_name for item in NAVIGATION if item.url_name and _lights(item.url_name, current))


def items(user: AnyUser, lit: tuple[str, ...]) -> list[dict[str, Any]]:
    """The items the user may see (label, url, active, name), in the navigation's order; none when signed out."""
    if not user.is_authenticated:
        return []
    out: list[dict[str, Any]] = []
    for item in NAVIGATION:
        if item.url_name is None:
            out.append({"label": item.label, "url": None, "active": False, "name": None})
        elif (item.shown_to(user) if item.shown_to is not None
              else item.permission is None or can(user, item.permission)):
            out.append({"label": item.label, "url": reverse(item.url_name), "active": item.url_name in lit,
                        "name": item.url_name})
    return out
