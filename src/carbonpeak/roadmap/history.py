"""What changed between two saved versions of a scenario, field by field (pure: no Django).

A snapshot is `Scenario.snapshot()`: slug, names, parent, overrides {path: value}, measures
[{id, …}], description. Overrides are compared per parameter path and measures per measure id,
so the history reads "overrides.pv.capacity_mw: 300 → 400" rather than "overrides changed".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

PLAIN_FIELDS = ("slug", "name_zh", "name_en", "parent", "description")


@dataclass(frozen=True)
class Change:
    field: str  # "parent", "overrides.<path>", "measures.<id>", "measures.<id>.<param>"
    before: Any  # None: absent before
    after: Any  # None: absent after

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "before": self.before, "after": self.after}


def _measures_by_id(snapshot: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {str(m.get("id")): dict(m) for m in snapshot.get("measures") or []}


def _measure_changes(mid: str, before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[Change]:
    if before is None or after is None:
        return [Change(f"measures.{mid}", before, after)]
    out = []
    for key in sorted(set(before) | set(after)):
        if key == "params":
            b, a = before.get("params") or {}, after.get("params") or {}
            out += [Change(f"measures.{mid}.{p}", b.get(p), a.get(p))
                    for p in sorted(set(b) | set(a)) if b.get(p) != a.get(p)]
        elif before.get(key) != after.get(key):
            out.append(Change(f"measures.{mid}.{key}", before.get(key), after.get(key)))
    return out


def changes(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> list[Change]:
    """Every field that differs; with no `before` (the first version) every field set in `after`."""
    old: Mapping[str, Any] = before or {}
    out = [Change(f, old.get(f), after.get(f)) for f in PLAIN_FIELDS
           if old.get(f) != after.get(f) and (before is not None or after.get(f) not in (None, ""))]
    b_over, a_over = old.get("overrides") or {}, after.get("overrides") or {}
    out += [Change(f"overrides.{p}", b_over.get(p), a_over.get(p))
            for p in sorted(set(b_over) | set(a_over)) if b_over.get(p) != a_over.get(p)]
    b_meas, a_meas = _measures_by_id(old), _measures_by_id(after)
    for mid in [*b_meas, *(m for m in a_meas if m not in b_meas)]:
        if b_meas.get(mid) != a_meas.get(mid):
            out += _measure_changes(mid, b_meas.get(mid), a_meas.get(mid))
    return out
