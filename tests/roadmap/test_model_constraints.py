"""The database holds the scenario invariants whatever the code path: no scenario is its own parent,
versions count from 1, a scenario with children cannot be deleted."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from carbonpeak.roadmap.models import Scenario, ScenarioVersion


def _scenario(slug: str = "s", **fields: object) -> Scenario:
    return Scenario.objects.create(slug=slug, name_zh="情景", name_en="Scenario", updated_by_label="t", **fields)


def test_a_scenario_is_not_its_own_parent(db: None) -> None:
    s = _scenario()
    s.parent = s
    with pytest.raises(IntegrityError), transaction.atomic():
        s.save()


@pytest.mark.parametrize("version", [0])
def test_versions_count_from_one(db: None, version: int) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        _scenario(version=version)
    s = _scenario()
    with pytest.raises(IntegrityError), transaction.atomic():
        ScenarioVersion.objects.create(scenario=s, version=version, snapshot={}, created_by_label="t")


def test_a_version_number_is_used_once(db: None) -> None:
    s = _scenario()
    ScenarioVersion.objects.create(scenario=s, version=1, snapshot={}, created_by_label="t")
    with pytest.raises(IntegrityError), transaction.atomic():
        ScenarioVersion.objects.create(scenario=s, version=1, snapshot={}, created_by_label="t")


def test_ids_are_unique_and_not_empty(db: None) -> None:
    _scenario("twice")
    with pytest.raises(IntegrityError), transaction.atomic():
        _scenario("twice")
    with pytest.raises(IntegrityError), transaction.atomic():
        _scenario("")


def test_a_scenario_needs_a_name(db: None) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Scenario.objects.create(slug="nameless", name_zh="", name_en="", updated_by_label="t")


def test_a_parent_with_children_is_protected(db: None) -> None:
    plan = Scenario.objects.get(slug="plan")
    with pytest.raises(ProtectedError), transaction.atomic():
        plan.delete()
    assert Scenario.objects.filter(slug="plan").exists()
