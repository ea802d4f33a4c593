"""Loading the same plan file again changes nothing and records nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.plan.models import Plan, PlanRevision
from carbonpeak.plan.services import file_digest, load_plan_from_path
from tests.plan._support import db_state


def test_reloading_the_bundled_file_changes_nothing(plan: Plan, plan_path: Path) -> None:
    before = db_state()
    result = load_plan_from_path(plan_path, actor_label="test reload")
    assert result.changed is False
    assert dict(result.counts) == {}
    assert result.revision is None
    assert result.plan.pk == plan.pk
    assert db_state() == before
    assert not ChangeRecord.objects.filter(actor_label="test reload").exists()
    assert not PlanRevision.objects.filter(actor_label="test reload").exists()


def test_reloading_a_copy_under_another_name_changes_nothing(plan: Plan, plan_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.yaml"
    shutil.copyfile(plan_path, copy)
    before = db_state()
    result = load_plan_from_path(copy, actor_label="test copy")
    assert result.changed is False
    assert db_state() == before


def test_initial_load_recorded_one_revision_with_the_file_digest(plan: Plan, plan_path: Path) -> None:
    revisions = list(plan.revisions.all())
    assert len(revisions) == 1
    assert revisions[0].file_name == "jinshan-2023.yaml"
    assert revisions[0].content_sha256 == file_digest(plan_path) == plan.content_sha256
    assert revisions[0].summary["task.created"] == 80
    assert revisions[0].summary["indicator.created"] == 36
    assert revisions[0].summary["action.created"] == 10
    assert ChangeRecord.objects.filter(entity="task", action="created").count() == 80
