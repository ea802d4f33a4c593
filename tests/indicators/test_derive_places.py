"""A derived indicator split to places: each place's value by the same formula over the units located there
(KeyUnit.town), weighted so the places' mean is the district's when every unit is in a place."""

from __future__ import annotations

import pytest

from carbonpeak.indicators import place_services
from carbonpeak.indicators.derive import derive_all
from carbonpeak.indicators.evaluation import evaluate_indicator
from carbonpeak.indicators.models import Origin, PlaceObservation
from carbonpeak.indicators.place_evaluation import compare, evaluate_places
from carbonpeak.indicators.vocabulary import Agreement, BarometerLevel
from carbonpeak.plan.models import Plan
from tests.jobs.support import AS_OF, data_centre_with_pue

PUE = "existing_data_centre_pue"


def test_each_place_gets_the_pue_of_its_own_data_centres(plan: Plan) -> None:
    fengjing = data_centre_with_pue(1.50)
    shanyang = data_centre_with_pue(1.30, code="DC2", it_kwh_per_hour=300.0)
    fengjing.town, shanyang.town = "枫泾镇", "山阳镇"
    fengjing.save()
    shanyang.save()
    indicator = plan.indicators.get(code=PUE)
    for place in ("fengjing", "shanyang"):
        place_services.set_place_target(indicator, place, 2025, value=1.4, user=None, actor_label="tests")
    derive_all(plan, actor_label="tests", as_of=AS_OF, only=[PUE])
    values = {o.place.code: o for o in PlaceObservation.objects.filter(indicator=indicator, period="2026")}
    assert {code: round(o.value, 3) for code, o in values.items()} == {"fengjing": 1.5, "shanyang": 1.3}
    weights = [values[p].weight for p in ("fengjing", "shanyang")]
    assert weights[0] is not None and weights[1] == pytest.approx(3 * weights[0])  # IT electricity
    assert values["fengjing"].origin == Origin.DERIVED and values["fengjing"].provenance["units"] == ["DC1"]
    places = evaluate_places(indicator, AS_OF)
    levels = {ps.place.code: ps.progress.barometer for ps in places}
    assert levels["shanyang"] == BarometerLevel.GREEN and levels["fengjing"] != BarometerLevel.GREEN
    district = evaluate_indicator(indicator, AS_OF)
    comparison = compare(district, places)
    assert district.progress.latest is not None
    assert comparison.combined.value == pytest.approx(district.progress.latest.value)
    assert comparison.agreement == Agreement.MATCH and not comparison.combined.equal_weights


def test_a_place_without_a_target_gets_no_derived_value(plan: Plan) -> None:
    unit = data_centre_with_pue(1.50)
    unit.town = "枫泾镇"
    unit.save()
    derive_all(plan, actor_label="tests", as_of=AS_OF, only=[PUE])
    assert not PlaceObservation.objects.exists()
