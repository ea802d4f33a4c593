"""Targets split to places: the office sets a place's target (a value or a share of the district's), a place's
users enter its value, each place is judged like the district, and the district value is set beside the places'
sum. Bad input is refused naming the field, and nothing is stored."""

from __future__ import annotations

import datetime as dt

import pytest

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.indicators import place_services
from carbonpeak.indicators.evaluation import evaluate_indicator
from carbonpeak.indicators.models import PlaceObservation, PlaceTarget
from carbonpeak.indicators.observations import ObservationInputError
from carbonpeak.indicators.place_evaluation import compare, evaluate_places, grid
from carbonpeak.indicators.vocabulary import Agreement, BarometerLevel, ProgressStatus
from carbonpeak.plan.models import Plan
from tests.indicators.conftest import FOREST, store
from tests.indicators.places_support import PV, place_value, split_pv

DAY = dt.date(2026, 6, 1)


def refused(call: object) -> dict[str, str]:
    assert callable(call)
    with pytest.raises(ObservationInputError) as caught:
        call()
    return {i.field: i.reason for i in caught.value.issues}


def test_a_share_of_the_district_target_becomes_the_place_target(plan: Plan) -> None:
    pv = split_pv(plan)
    by_place = {ps.place.code: ps for ps in evaluate_places(pv, DAY)}
    assert list(by_place) == ["fengjing", "langxia", "shanyang"]  # the district's order of towns (towns.yaml)
    assert by_place["fengjing"].resolved == {2025: pytest.approx(90.0)}
    assert by_place["shanyang"].resolved == {2025: pytest.approx(120.0)}
    record = ChangeRecord.objects.get(entity="place_target", entity_key="jinshan-2023/new_pv_capacity/fengjing/2025")
    assert record.after == {"place": "fengjing", "year": 2025, "value": None, "share": 30.0, "note": ""}


def test_changing_a_place_target_is_recorded_and_setting_it_again_is_not(plan: Plan) -> None:
    pv = split_pv(plan)
    place_services.set_place_target(pv, "fengjing", 2025, value="100", user=None, actor_label="tests")
    place_services.set_place_target(pv, "fengjing", "2025", value=100, user=None, actor_label="tests")
    records = ChangeRecord.objects.filter(entity_key="jinshan-2023/new_pv_capacity/fengjing/2025").order_by("seq")
    assert [r.action for r in records] == ["created", "updated"]
    assert records.last().after == {"value": 100.0, "share": None}  # type: ignore[union-attr]


def test_a_place_gets_the_district_status_rules_and_level(plan: Plan) -> None:
    pv = split_pv(plan)
    place_value(pv, "fengjing", "2025", 95)  # ≥ 90: achieved
    place_value(pv, "shanyang", "2025", 30)  # far below 120 in the target year: off track (red)
    by_place = {ps.place.code: ps for ps in evaluate_places(pv, DAY)}
    assert by_place["fengjing"].progress.status == ProgressStatus.ACHIEVED
    assert by_place["fengjing"].progress.barometer == BarometerLevel.GREEN
    assert by_place["shanyang"].progress.status == ProgressStatus.OFF_TRACK
    assert by_place["shanyang"].progress.barometer == BarometerLevel.RED
    assert by_place["langxia"].progress.status == ProgressStatus.NO_DATA


def test_the_district_value_is_set_beside_the_places_sum(plan: Plan) -> None:
    pv = split_pv(plan)
    store(plan, PV, {2025: 250}, unit="MW")
    place_value(pv, "fengjing", "2025", 100)
    place_value(pv, "shanyang", "2025", 100)
    c = compare(evaluate_indicator(pv, DAY), evaluate_places(pv, DAY))
    assert (c.period, c.district, c.combined.value) == ("2025", 250, 200)
    assert (c.combined.reported, c.combined.expected) == (2, 3)
    assert c.agreement == Agreement.PARTIAL  # langxia has not reported
    assert c.district_target == 300 and c.places_target == pytest.approx(300.0)
    place_value(pv, "langxia", "2025", 50)
    assert compare(evaluate_indicator(pv, DAY), evaluate_places(pv, DAY)).agreement == Agreement.MATCH
    place_value(pv, "langxia", "2025", 80)
    assert compare(evaluate_indicator(pv, DAY), evaluate_places(pv, DAY)).agreement == Agreement.MISMATCH


@pytest.mark.parametrize(("place", "year", "value", "share", "field"), [
    ("zhoupu", 2025, None, 30, "place"),  # a town the plan does not name (周浦镇 is in Pudong)
    ("eco", 2025, None, 30, "place"),  # a district bureau is no place
    ("fengjing", 2025, None, 130, "share"),  # above 100 %
    ("fengjing", 2025, None, 0, "share"),
    ("fengjing", 2024, None, 30, "year"),  # the district has no 2025 target … only 2025
    ("fengjing", 2025, None, None, "value"),  # neither
    ("fengjing", 2025, 90, 30, "value"),  # both
    ("fengjing", 2025, "ninety", None, "value"),
])
def test_a_bad_place_target_is_refused_naming_the_field(plan: Plan, place: str, year: int, value: object,
                                                        share: object, field: str) -> None:
    pv = plan.indicators.get(code=PV)
    errors = refused(lambda: place_services.set_place_target(pv, place, year, value=value, share=share, user=None,
                                                             actor_label="tests"))
    assert field in errors and "/" in errors[field]
    assert not PlaceTarget.objects.exists() and not ChangeRecord.objects.filter(entity="place_target").exists()


def test_a_share_of_a_rate_is_refused(plan: Plan) -> None:
    forest = plan.indicators.get(code=FOREST)
    errors = refused(lambda: place_services.set_place_target(forest, "fengjing", 2025, share=50, user=None,
                                                             actor_label="tests"))
    assert "share" in errors
    # A level of its own is fine.
    place_services.set_place_target(forest, "fengjing", 2025, value=18, user=None, actor_label="tests")


def test_a_place_without_a_target_cannot_enter_and_a_bad_value_stores_nothing(plan: Plan) -> None:
    pv = split_pv(plan, {"fengjing": 30})
    errors = refused(lambda: place_value(pv, "shanyang", "2025", 10))
    assert "place" in errors
    errors = refused(lambda: place_services.enter_place_value(
        pv, pv.place_targets.get().place, {"period": "2099", "value": "-5"}, user=None, actor_label="tests"))
    assert {"period", "value"} <= set(errors)
    assert not PlaceObservation.objects.exists()


def test_removing_a_place_target_is_recorded(plan: Plan) -> None:
    pv = split_pv(plan)
    place_services.remove_place_target(pv, "langxia", "2025", user=None, actor_label="tests")
    assert set(pv.place_targets.values_list("place__code", flat=True)) == {"fengjing", "shanyang"}
    assert ChangeRecord.objects.get(entity_key="jinshan-2023/new_pv_capacity/langxia/2025", action="deleted")
    assert "year" in refused(lambda: place_services.remove_place_target(pv, "langxia", "2025", user=None,
                                                                         actor_label="tests"))


def test_the_grid_has_a_row_per_place_and_a_column_per_split_indicator(plan: Plan) -> None:
    pv = split_pv(plan)
    place_value(pv, "fengjing", "2025", 95)
    g = grid(plan, DAY)
    assert [i.code for i in g.columns] == [PV]
    assert {r.place.code: r.level for r in g.rows} == {
        "fengjing": BarometerLevel.GREEN, "shanyang": BarometerLevel.NONE, "langxia": BarometerLevel.NONE}
