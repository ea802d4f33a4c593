"""Where in the district something is: its towns, sub-districts and parks (镇、街道、园区).

Pure module (no Django). `towns.yaml` lists the district's subdivisions with its source; the plan's
own towns, sub-districts and parks are joined to them on the Django side (`plan.queries.known_towns`),
so a body the plan names is never refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from carbonpeak.common.yaml_files import parse_yaml

TOWNS_FILE = Path(__file__).with_name("towns.yaml")


@cache
def listed_towns() -> tuple[str, ...]:
    raw = parse_yaml(TOWNS_FILE.read_text(encoding="utf-8"))
    return tuple(str(t) for t in raw["towns"])


def with_listed(named: Iterable[str]) -> list[str]:
    """The file's towns in its order, then any of `named` it does not list."""
    listed = listed_towns()
    return [*listed, *(name for name in named if name not in listed)]


def town_problem(town: str, known: Iterable[str]) -> str | None:
    """Why `town` is refused (zh / en), or None for a known place or none at all."""
    if not town or town in known:
        return None
    listed = "、".join(known)
    return (f"不是本区的镇、街道或园区，可填：{listed} / not a town, sub-district or park of the district: {town!r}; "
            f"accepted: {listed}")
