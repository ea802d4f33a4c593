"""`refresh_progress(as_of, actor_label=…)`, called by the scheduled jobs: it runs the progress scenario
only when its inputs (inventories, observations, engine) changed, and says what it did."""

from __future__ import annotations

import datetime as dt

import pytest

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.roadmap import running
from carbonpeak.roadmap.models import Scenario
from carbonpeak.roadmap.tracking import ENTITY, refresh_progress
from tests.roadmap.progress_support import AS_OF, inventory, observe


def test_a_second_call_with_no_new_data_does_nothing(db: None) -> None:
    assert refresh_progress(AS_OF, actor_label="jobs") == {"runs": 1, "cached": 0}
    assert refresh_progress(AS_OF, actor_label="jobs") == {"runs": 0, "cached": 1}
    records = ChangeRecord.objects.filter(entity=ENTITY)
    assert records.count() == 1 and records.get().actor_label == "jobs"
    assert set(records.get().after) >= {"base_year", "input_version", "peak_by_2030", "intensity_2025"}


def test_a_new_observation_makes_a_new_run(db: None) -> None:
    refresh_progress(AS_OF, actor_label="jobs")
    observe("new_pv_capacity", "2025", 150.0)
    assert refresh_progress(AS_OF, actor_label="jobs")["runs"] == 1
    answer = running.run([running.PROGRESS], as_of=AS_OF)
    used = answer["progress"]["observations"]
    assert [(o["indicator"], o["period"], o["origin"]) for o in used] == [("new_pv_capacity", "2025", "entered")]
    assert refresh_progress(AS_OF, actor_label="jobs")["runs"] == 0


def test_a_changed_observation_makes_a_new_run(db: None) -> None:
    row = observe("nev_clean_energy_bus_share", "2024", 90.0)
    refresh_progress(AS_OF, actor_label="jobs")
    row.value = 91.0
    row.save()
    assert refresh_progress(AS_OF, actor_label="jobs")["runs"] == 1


def test_saving_the_same_value_again_changes_nothing(db: None) -> None:
    row = observe("existing_data_centre_pue", "2024", 1.45)
    refresh_progress(AS_OF, actor_label="jobs")
    row.save()  # a derivation job storing the same value again
    assert refresh_progress(AS_OF, actor_label="jobs") == {"runs": 0, "cached": 1}


def test_a_new_inventory_moves_the_base_year(db: None) -> None:
    refresh_progress(AS_OF, actor_label="jobs")
    before = running.run([running.PROGRESS], as_of=AS_OF)["base_year"]
    assert before == 2025  # the demo inventories are compiled for 2020–2025
    inventory(2026, 9_000_000.0)
    assert refresh_progress(dt.date(2027, 3, 1), actor_label="jobs")["runs"] == 1
    answer = running.run([running.PROGRESS], as_of=dt.date(2027, 3, 1))
    assert answer["base_year"] == 2026
    assert answer["scenarios"]["progress"]["series"]["2026"]["co2_t"] == pytest.approx(9_000_000.0)
    latest = answer["progress"]["inventories"][-1]
    assert latest["year"] == 2026 and latest["factor_set"] == "shanghai@test" and "inventory_id" in latest


def test_data_after_the_date_is_not_read(db: None) -> None:
    observe("new_pv_capacity", "2026", 200.0)
    early = running.run([running.PROGRESS], as_of=dt.date(2025, 12, 31), runs=0)
    assert early["progress"]["observations"] == []
    later = running.run([running.PROGRESS], as_of=AS_OF, runs=0)
    assert [o["period"] for o in later["progress"]["observations"]] == ["2026"]


def test_without_a_progress_scenario_nothing_runs(db: None) -> None:
    Scenario.objects.filter(slug="progress").delete()
    assert refresh_progress(AS_OF, actor_label="jobs") == {"runs": 0, "cached": 0, "skipped": 1}
