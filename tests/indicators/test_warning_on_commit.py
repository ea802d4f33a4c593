"""Saving a value re-evaluates that indicator's 预警 when the transaction commits, without the jobs loop."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from carbonpeak.indicators.models import EarlyWarning
from carbonpeak.indicators.services import import_records
from carbonpeak.plan.models import Plan
from tests.indicators.conftest import FOREST, FOREST_OFF_TRACK, records


def test_an_off_track_value_warns_once_committed(plan: Plan, django_capture_on_commit_callbacks: Callable[..., Any]
                                                 ) -> None:
    with django_capture_on_commit_callbacks(execute=False) as pending:
        import_records(plan, records(FOREST, FOREST_OFF_TRACK), user=None, actor_label="tests", source="tests")
    assert not EarlyWarning.objects.exists()  # nothing before the commit
    assert len(pending) == 1  # one re-evaluation for the batch, not one per row
    pending[0]()
    warning = EarlyWarning.objects.get(indicator__code=FOREST, closed_at__isnull=True)
    assert warning.level == "red"
    assert [d.name for d in warning.departments.all()] == ["区绿化市容局"]


def test_an_unchanged_value_schedules_nothing(plan: Plan, django_capture_on_commit_callbacks: Callable[..., Any]
                                              ) -> None:
    import_records(plan, records(FOREST, FOREST_OFF_TRACK), user=None, actor_label="tests", source="tests")
    with django_capture_on_commit_callbacks(execute=True) as again:
        import_records(plan, records(FOREST, FOREST_OFF_TRACK), user=None, actor_label="tests", source="tests")
    assert again == []
