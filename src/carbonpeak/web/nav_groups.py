"""The top bar's sections: the navigation's items grouped so that the bar holds one row on a desktop.

`navigation.NAVIGATION` says what exists and who may open it; this module only says where each item
sits: the pages people open every day are sections of their own (驾驶舱, 重点任务, 调度督查, 路线图), the rest
sit in a few menus. A menu holding one item the user may open is drawn as that item's link. An item no group
names (a new room) is a section of its own, so nothing added to the navigation is ever hidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Group:
    label: str | Promise
    url_names: tuple[str, ...]


# In the bar's order; a group of one url name is a section (a plain link).
GROUPS = (
    Group(_("Dashboard"), ("web:dashboard",)),
    Group(_("Tasks"), ("plan:task_list",)),
    Group(_("Supervision"), ("supervision:round_list",)),
    Group(_("Indicators and warnings"), ("indicators:indicator_list", "indicators:places", "indicators:warning_list")),
    Group(_("Energy & carbon"), ("accounting:inventory", "accounting:calculate", "monitoring:home",
                                   "enterprise:filing_list", "review:queue")),
    Group(_("Roadmap"), ("roadmap:home",)),
    Group(_("More"), ("web:home", "plan:department_list", "jobs:status", "web:imports:index", "public:office",
                      "people:locks", "people:tokens")),
)


def grouped(items: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The bar's entries from the items the user may see (dicts with name, label, url, active): each entry has
    `items` (one: a plain link) and, for a menu, its `label` and whether one of its pages is open (`active`)."""
    by_name = {item.get("name"): item for item in items}
    placed: set[str | None] = set()
    out: list[dict[str, Any]] = []
    for group in GROUPS:
        members = [by_name[name] for name in group.url_names if name in by_name]
        placed.update(group.url_names)
        if len(group.url_names) == 1 or len(members) == 1:
            out.extend({"label": None, "items": [m], "active": m["active"]} for m in members)
        elif members:
            out.append({"label": group.label, "items": members, "active": any(m["active"] for m in members)})
    out.extend({"label": None, "items": [item], "active": item["active"]}
               for item in items if item.get("name") not in placed)
    return out
