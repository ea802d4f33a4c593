"""The importers the rooms declare, found from a fixed list of modules (a room without `imports.py` has none)."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from functools import cache

from carbonpeak.http.imports import Importer
from carbonpeak.people.permissions import AnyUser, can

# The modules that may declare `IMPORTERS`, in the order the index lists them. A module that does not
# exist is skipped, so a room adds importers by writing its imports.py, and nothing here changes.
MODULES = (
    "carbonpeak.web.imports.plan_file",
    "carbonpeak.indicators.imports",
    "carbonpeak.accounting.imports",
    "carbonpeak.accounting.factor_set_imports",  # beside the activity data's imports.py, written at the same time
    "carbonpeak.monitoring.imports",
    "carbonpeak.enterprise.imports",
    "carbonpeak.supervision.imports",
    "carbonpeak.review.imports",
    "carbonpeak.roadmap.imports",
)


def _declared(name: str) -> Sequence[Importer]:
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:  # the room has no imports.py; a missing import inside one is a real error
            return ()
        raise
    return tuple(getattr(module, "IMPORTERS", ()))


@cache
def all_importers() -> tuple[Importer, ...]:
    found: list[Importer] = []
    for name in MODULES:
        found.extend(_declared(name))
    kinds = [i.kind for i in found]
    doubled = sorted({k for k in kinds if kinds.count(k) > 1})
    if doubled:
        raise RuntimeError(f"two importers declare the kind {doubled}")
    return tuple(found)


def find(kind: str) -> Importer | None:
    return next((i for i in all_importers() if i.kind == kind), None)


def permitted(user: AnyUser) -> list[Importer]:
    """The importers this user may use (the index lists them, the navigation shows 数据导入 when there is one)."""
    return [i for i in all_importers() if can(user, i.permission)]
