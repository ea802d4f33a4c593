"""The nightly audit.verify job: ok while the change records' chain holds, failed and naming the record once
one is edited behind the product's back."""

from __future__ import annotations

from django.db import connection

from carbonpeak.audit.models import ChangeAction, ChangeRecord
from carbonpeak.jobs import runner
from carbonpeak.jobs.catalogue import BY_NAME
from carbonpeak.jobs.models import JobRun


def _record(key: str) -> ChangeRecord:
    return ChangeRecord.objects.create(actor_label="tests", entity="jobs.test", entity_key=key,
                                       action=ChangeAction.UPDATED, before={"v": 1}, after={"v": 2})


def test_the_job_counts_the_records_it_checked(db: None) -> None:
    _record("a")
    result = runner.run_job(BY_NAME["audit.verify"], actor_label="tests")
    assert result.outcome == "ok" and result.counts["records"] == ChangeRecord.objects.count()
    assert result.changed == 0


def test_an_edited_record_fails_the_run_and_is_named(db: None) -> None:
    _record("a")
    edited = _record("b")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_changerecord SET after = %s WHERE id = %s", ['{"v": 3}', edited.pk])
    result = runner.run_job(BY_NAME["audit.verify"], actor_label="tests")
    assert result.outcome == "failed"
    assert f"id={edited.pk}" in result.error and "jobs.test" in result.error
    assert JobRun.objects.filter(job="audit.verify").latest("started").outcome == "failed"
