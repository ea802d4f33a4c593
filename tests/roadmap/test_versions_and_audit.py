"""Every save of a scenario is a new version with its snapshot and an audit change record; an unchanged
save makes neither; bundled scenarios are read-only and loading them again never touches users' work."""

from __future__ import annotations

import pytest

from carbonpeak.audit.models import ChangeAction, ChangeRecord
from carbonpeak.roadmap import loading, services
from carbonpeak.roadmap.models import Scenario, ScenarioVersion
from carbonpeak.roadmap.scenario import default_scenarios
from carbonpeak.roadmap.services import RoadmapInputError
from tests.conftest import UserGetter
from tests.roadmap.support import child_data, stored_child


def _records(slug: str) -> list[ChangeRecord]:
    return list(ChangeRecord.objects.filter(entity="roadmap_scenario", entity_key=slug).order_by("at", "id"))


def test_the_bundled_scenarios_are_stored_once(db: None) -> None:
    assert list(Scenario.objects.filter(bundled=True).values_list("slug", flat=True)) == [
        "baseline", "plan", "plan_slow", "progress"]
    again = loading.load_defaults(actor_label="tests")
    assert again.created == again.updated == []
    assert ScenarioVersion.objects.filter(scenario__slug="plan").count() == 1
    plan = Scenario.objects.get(slug="plan")
    assert plan.parent is not None and plan.parent.slug == "baseline"
    bundled = default_scenarios()["plan"]
    assert [m["id"] for m in plan.measures] == [m.id for m in bundled.measures]


def test_creating_makes_version_one_and_a_record(db: None, user: UserGetter) -> None:
    child = stored_child(user)
    assert child.version == 1 and child.updated_by == user("office")
    version = child.versions.get()
    assert version.snapshot["overrides"] == {"measure.pv_new.capacity_mw_2025": 600.0}
    assert version.snapshot["parent"] == "plan"
    (record,) = _records("plan-more-pv")
    assert record.action == ChangeAction.CREATED and record.after["version"] == 1
    assert record.after["parent"] == "plan"


def test_saving_a_change_makes_the_next_version_with_before_and_after(db: None, user: UserGetter) -> None:
    child = stored_child(user)
    saved = services.update_scenario(child, child_data(overrides={"measure.pv_new.capacity_mw_2025": 800}),
                                     user=user("office"), actor_label="office", comment="more PV")
    assert saved.version == 2
    assert [v.version for v in saved.versions.all()] == [2, 1]
    assert saved.versions.get(version=2).comment == "more PV"
    record = _records("plan-more-pv")[-1]
    assert record.action == ChangeAction.UPDATED
    assert record.before == {"overrides": {"measure.pv_new.capacity_mw_2025": 600.0}}
    assert record.after == {"overrides": {"measure.pv_new.capacity_mw_2025": 800.0}, "version": 2}


def test_saving_unchanged_makes_no_version(db: None, user: UserGetter) -> None:
    child = stored_child(user)
    saved = services.update_scenario(child, child_data(), user=user("office"), actor_label="office")
    assert saved.version == 1 and saved.versions.count() == 1 and len(_records("plan-more-pv")) == 1


def test_bundled_scenarios_are_read_only(db: None, user: UserGetter) -> None:
    plan = Scenario.objects.get(slug="plan")
    with pytest.raises(RoadmapInputError) as caught:
        services.update_scenario(plan, {**services.as_input(plan), "overrides": {"growth.decay": 0.01}},
                                 user=user("office"), actor_label="office")
    assert [i.field for i in caught.value.issues] == ["id"]
    assert Scenario.objects.get(slug="plan").version == 1


def test_reloading_the_bundled_scenarios_keeps_users_scenarios(db: None, user: UserGetter) -> None:
    child = stored_child(user)
    services.update_scenario(child, child_data(overrides={"measure.pv_new.capacity_mw_2025": 700}),
                             user=user("office"), actor_label="office")
    summary = loading.load_defaults(actor_label="tests")
    assert summary.updated == [] and summary.skipped == []
    child.refresh_from_db()
    assert child.version == 2 and child.overrides == {"measure.pv_new.capacity_mw_2025": 700.0}


def test_a_users_scenario_holding_a_bundled_id_is_not_overwritten(db: None, user: UserGetter) -> None:
    Scenario.objects.filter(slug="plan_slow").delete()
    mine = stored_child(user, id="plan_slow")
    summary = loading.load_defaults(actor_label="tests")
    assert summary.skipped == ["plan_slow"]
    mine.refresh_from_db()
    assert not mine.bundled and mine.version == 1


def test_a_scenario_with_children_is_not_deleted(db: None, user: UserGetter) -> None:
    child = stored_child(user)
    stored_child(user, id="grandchild", parent="plan-more-pv")
    with pytest.raises(RoadmapInputError) as caught:
        services.delete_scenario(child, actor_label="office")
    assert "grandchild" in caught.value.issues[0].reason
    assert Scenario.objects.filter(slug="plan-more-pv").exists()


def test_deleting_keeps_the_last_state_in_the_audit(db: None, user: UserGetter) -> None:
    child = stored_child(user)
    services.delete_scenario(child, user=user("office"), actor_label="office")
    assert not Scenario.objects.filter(slug="plan-more-pv").exists()
    record = _records("plan-more-pv")[-1]
    assert record.action == ChangeAction.DELETED and record.before["overrides"]


def test_bundled_scenarios_cannot_be_deleted(db: None) -> None:
    with pytest.raises(RoadmapInputError):
        services.delete_scenario(Scenario.objects.get(slug="baseline"), actor_label="office")
