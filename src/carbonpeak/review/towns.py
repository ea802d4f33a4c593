"""Where in the district a project may be: the towns, sub-districts and parks (镇、街道、园区).

`towns.yaml` lists the district's subdivisions with its source; the plan's own towns,
sub-districts and parks (plan.Department) are added, so a body the plan names is never refused.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from carbonpeak.plan.models import Department, DepartmentKind

TOWNS_FILE = Path(__file__).parent / "towns.yaml"
PLACE_KINDS = (DepartmentKind.TOWN, DepartmentKind.STREET, DepartmentKind.PARK)


@cache
def listed_towns() -> tuple[str, ...]:
    raw = yaml.safe_load(TOWNS_FILE.read_text(encoding="utf-8"))
    return tuple(str(t) for t in raw["towns"])


def known_towns() -> list[str]:
    """The file's towns in its order, then any others the plan names."""
    from_plan = Department.objects.filter(kind__in=PLACE_KINDS).order_by("name").values_list("name", flat=True)
    listed = listed_towns()
    return [*listed, *(name for name in from_plan if name not in listed)]


def town_problem(town: str) -> str | None:
    if not town or town in known_towns():
        return None
    return f"不是本区的镇、街道或园区 / not a town, sub-district or park of the district: {town!r}"
