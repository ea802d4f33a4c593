"""Bad scenarios are refused with every issue naming its field, and nothing is stored."""

from __future__ import annotations

import pytest

from carbonpeak.roadmap import services
from carbonpeak.roadmap.models import Scenario, ScenarioVersion
from carbonpeak.roadmap.services import RoadmapInputError
from tests.conftest import UserGetter
from tests.roadmap.support import BAD_FIELDS, BAD_INPUT, child_data, stored_child


def _refused(data: dict[str, object], existing: Scenario | None = None) -> set[str]:
    before = (Scenario.objects.count(), ScenarioVersion.objects.count())
    with pytest.raises(RoadmapInputError) as caught:
        if existing is None:
            services.create_scenario(data, actor_label="tests")
        else:
            services.update_scenario(existing, data, actor_label="tests")
    assert (Scenario.objects.count(), ScenarioVersion.objects.count()) == before
    for issue in caught.value.issues:
        assert "/" in issue.reason  # Chinese and English
    return {i.field for i in caught.value.issues}


def test_out_of_range_unknown_and_not_a_number(db: None) -> None:
    assert _refused(child_data(**BAD_INPUT)) == BAD_FIELDS


def test_unknown_parent(db: None) -> None:
    assert _refused(child_data(parent="no-such")) == {"parent"}


@pytest.mark.parametrize("slug", ["", "Has Capitals", "plan", "a" * 65])
def test_bad_or_taken_id(db: None, slug: str) -> None:
    assert _refused(child_data(id=slug)) == {"id"}


def test_a_cycle_is_refused(db: None, user: UserGetter) -> None:
    a = stored_child(user, id="cycle-a")
    stored_child(user, id="cycle-b", parent="cycle-a")
    fields = _refused(child_data(parent="cycle-b"), existing=a)
    assert fields == {"parent"}
    a.refresh_from_db()
    assert a.parent is not None and a.parent.slug == "plan"


def test_bad_custom_measure_names_its_fields(db: None) -> None:
    measures = [
        {"id": "more-gas", "kind": "fuel_shift", "params": {"fraction": 2, "from_fuel": "coal", "to_fuel": "coal"}},
        {"id": "x", "kind": "no_such_kind"},
    ]
    fields = _refused(child_data(measures=measures))
    assert fields == {"measures[0].params.fraction", "measures[1].kind"}


def test_a_change_that_breaks_a_child_is_refused(db: None, user: UserGetter) -> None:
    parent = stored_child(user, measures=[{"id": "extra", "kind": "generation", "params": {"capacity_mw": 10}}])
    stored_child(user, id="kid", parent="plan-more-pv", overrides={"measure.extra.capacity_mw": 20})
    with pytest.raises(RoadmapInputError) as caught:
        services.update_scenario(parent, child_data(measures=[]), actor_label="tests")
    assert any("kid" in i.where for i in caught.value.issues)
    assert Scenario.objects.get(slug="plan-more-pv").measures


def test_names_and_shapes(db: None) -> None:
    fields = _refused(child_data(name_zh="", name_en="", overrides=["x"], measures="none"))
    assert fields == {"name_zh", "overrides", "measures"}


def test_inconsistent_years_name_the_lever_parameter(db: None) -> None:
    fields = _refused(child_data(overrides={"measure.pv_new.start_year": 2028}))
    assert fields == {"overrides.measure.pv_new.target_year"}  # must not be before start_year
