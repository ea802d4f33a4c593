"""A plan file splits an indicator's target to places (`places:` of an indicator, docs/plan-data.md): validated
with every problem named, stored in one transaction with a change record, again without change, and a file that
says nothing about places leaves the office's own splits alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.indicators import place_services
from carbonpeak.indicators.models import PlaceTarget
from carbonpeak.plan.models import Plan
from carbonpeak.plan.plan_file import PlaceTargetSpec, PlanFileError, parse_plan
from carbonpeak.plan.services import load_plan_from_path
from tests.plan._support import bundled_raw, indicator_of, write_plan

SPLIT = [{"place": "fengjing", "year": 2025, "share": 30},
         {"place": "山阳镇", "year": 2025, "value": 120, "note": "含农光互补"},
         {"place": "langxia", "year": 2025, "share": 30}]


def with_places(places: list[dict[str, Any]], code: str = "new_pv_capacity") -> dict[str, Any]:
    raw = bundled_raw()
    indicator_of(raw, code)["places"] = places
    return raw


def test_places_are_read_by_code_or_name() -> None:
    spec = parse_plan(with_places(SPLIT))
    pv = next(i for i in spec.indicators if i.code == "new_pv_capacity")
    assert pv.places == (PlaceTargetSpec("fengjing", 2025, None, 30.0), PlaceTargetSpec("shanyang", 2025, 120.0, None,
                                                                                       "含农光互补"),
                         PlaceTargetSpec("langxia", 2025, None, 30.0))
    assert next(i for i in spec.indicators if i.code == "forest_cover_rate").places is None


@pytest.mark.parametrize(("place", "field", "words"), [
    ({"place": "周浦镇", "year": 2025, "share": 10}, "place", "departments"),  # the plan does not name it (Pudong)
    ({"place": "eco", "year": 2025, "share": 10}, "place", "departments"),  # a bureau is no place
    ({"place": "fengjing", "year": 2025, "share": 130}, "share", "100%"),
    ({"place": "fengjing", "year": 2030, "value": 10}, "year", "2025"),
    ({"place": "fengjing", "year": 2025}, "value", "二者取一"),
    ({"place": "fengjing", "year": 2025, "share": "a lot"}, "share", "数值"),
])
def test_a_bad_place_target_is_named(place: dict[str, Any], field: str, words: str) -> None:
    with pytest.raises(PlanFileError) as caught:
        parse_plan(with_places([place]))
    found = [i for i in caught.value.issues if i.field == field]
    assert found and words in found[0].reason and "new_pv_capacity" in found[0].where, caught.value.issues


def test_a_share_of_a_rate_and_a_repeated_place_are_refused() -> None:
    with pytest.raises(PlanFileError) as caught:
        parse_plan(with_places([{"place": "fengjing", "year": 2025, "share": 50}], "forest_cover_rate"))
    assert [i.field for i in caught.value.issues] == ["share"]
    with pytest.raises(PlanFileError) as caught:
        parse_plan(with_places([{"place": "fengjing", "year": 2025, "share": 50},
                                {"place": "枫泾镇", "year": 2025, "share": 20}]))
    assert [i.field for i in caught.value.issues] == ["year"]


def test_a_file_with_places_stores_them_once(plan: Plan, tmp_path: Path) -> None:
    path = write_plan(with_places(SPLIT), tmp_path)
    load_plan_from_path(path, actor_label="tests")
    stored = {(t.place.code, t.year, t.value, t.share) for t in PlaceTarget.objects.select_related("place")}
    assert stored == {("fengjing", 2025, None, 30.0), ("shanyang", 2025, 120.0, None), ("langxia", 2025, None, 30.0)}
    assert ChangeRecord.objects.filter(entity="place_targets").count() == 1
    result = load_plan_from_path(path, actor_label="tests")
    assert ChangeRecord.objects.filter(entity="place_targets").count() == 1 and not result.changed


def test_a_file_silent_on_places_keeps_the_offices_split(plan: Plan, tmp_path: Path) -> None:
    pv = plan.indicators.get(code="new_pv_capacity")
    place_services.set_place_target(pv, "fengjing", 2025, share=30, user=None, actor_label="tests")
    load_plan_from_path(write_plan(bundled_raw(), tmp_path), actor_label="tests")
    assert PlaceTarget.objects.filter(indicator=pv).count() == 1
    load_plan_from_path(write_plan(with_places([]), tmp_path, "empty.yaml"), actor_label="tests")
    assert not PlaceTarget.objects.filter(indicator=pv).exists()  # `places: []` says: no split


def test_an_indicator_with_a_places_value_cannot_be_removed(plan: Plan, tmp_path: Path) -> None:
    from carbonpeak.indicators.models import PlaceObservation
    from carbonpeak.plan.models import Department

    pv = plan.indicators.get(code="new_pv_capacity")
    place_services.set_place_target(pv, "fengjing", 2025, share=30, user=None, actor_label="tests")
    place_services.enter_place_value(pv, Department.objects.get(code="fengjing"), {"period": "2025", "value": "5"},
                                     user=None, actor_label="tests")
    raw = bundled_raw()
    raw["indicators"] = [i for i in raw["indicators"] if i["code"] != "new_pv_capacity"]
    with pytest.raises(PlanFileError) as caught:
        load_plan_from_path(write_plan(raw, tmp_path), actor_label="tests")
    assert caught.value.issues[0].field == "indicators"
    assert PlaceObservation.objects.filter(indicator=pv).exists()
