"""What changed between two versions of a scenario, field by field (roadmap.history, pure)."""

from __future__ import annotations

from carbonpeak.roadmap.history import Change, changes

V1 = {"slug": "s", "name_zh": "甲", "name_en": "A", "parent": "plan", "description": "",
      "overrides": {"growth.decay": 0.02, "measure.pv_new.capacity_mw_2025": 400},
      "measures": [{"id": "gas", "kind": "fuel_shift", "params": {"fraction": 0.3}, "enabled": True}]}


def test_first_version_lists_what_is_set() -> None:
    fields = [c.field for c in changes(None, V1)]
    assert fields == ["slug", "name_zh", "name_en", "parent", "overrides.growth.decay",
                      "overrides.measure.pv_new.capacity_mw_2025", "measures.gas"]


def test_overrides_and_measure_parameters_change_one_by_one() -> None:
    v2 = {**V1, "parent": "baseline", "overrides": {"growth.decay": 0.03},
          "measures": [{"id": "gas", "kind": "fuel_shift", "params": {"fraction": 0.5}, "enabled": False},
                       {"id": "sun", "kind": "generation", "params": {}, "enabled": True}]}
    assert changes(V1, v2) == [
        Change("parent", "plan", "baseline"),
        Change("overrides.growth.decay", 0.02, 0.03),
        Change("overrides.measure.pv_new.capacity_mw_2025", 400, None),
        Change("measures.gas.enabled", True, False),
        Change("measures.gas.fraction", 0.3, 0.5),
        Change("measures.sun", None, v2["measures"][1]),  # type: ignore[index]
    ]


def test_unchanged_is_empty() -> None:
    assert changes(V1, dict(V1)) == []
