"""A reading whose month was archived and dropped from the hot table is not editable: the edit is refused
(zh and en, naming the field and the month) through the library and the API, and nothing changes; a reading of
a month still in the hot table is edited as before."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.monitoring.archive import service
from carbonpeak.monitoring.models import Reading
from carbonpeak.monitoring.problems import MonitoringInputError
from carbonpeak.monitoring.readings import edits
from carbonpeak.monitoring.readings.store import ReadingStore
from tests.conftest import ClientFactory
from tests.monitoring.archive.support import START, STEP, feed, store_rollups
from tests.monitoring.support import iso

pytestmark = pytest.mark.django_db
JAN_1 = START + 2 * 86400  # 2026-01-01 00:00 +08:00: the last reading of December


def test_an_archived_reading_is_not_edited(archive_dir: Path, client_as: ClientFactory) -> None:
    meters = feed()
    e1 = meters["E1"]
    service.archive_readings(archive_dir, JAN_1, drop=True)  # December leaves the hot table, January stays
    december = JAN_1 - 4 * STEP
    assert not Reading.objects.filter(meter=e1, ts__lt=iso_moment(JAN_1 + 1)).exists()
    archived = ReadingStore().range(e1.pk, december, december)
    assert archived.ts.tolist() == [december]  # the pages still show it, from the archive
    rollups = store_rollups()

    with pytest.raises(MonitoringInputError) as refused:
        edits.edit_reading(e1, december, 1.0, reason="修正", actor_label="tests")
    (issue,) = refused.value.issues
    assert issue.field == "ts" and "2025-12" in issue.reason
    assert "已归档" in issue.reason and "archived" in issue.reason

    response = client_as("office").patch(f"/api/v1/monitoring/meters/{e1.code}/readings", json.dumps(
        {"timestamp": iso(december), "edited_value": 1.0, "reason": "修正"}), content_type="application/json")
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["field"] == "timestamp" and "2025-12" in error["reason"]

    # The reading stamped at local midnight of 1 January closes December: archived too.
    with pytest.raises(MonitoringInputError):
        edits.edit_reading(e1, JAN_1, 1.0, reason="修正", actor_label="tests")
    assert store_rollups() == rollups
    assert not ChangeRecord.objects.filter(entity=edits.AUDIT_ENTITY).exists()
    assert ReadingStore().range(e1.pk, december, december).edited.tolist() != [1.0]

    # January is still hot: its readings are edited as before.
    january = JAN_1 + 40 * STEP
    edited = edits.edit_reading(e1, january, 1.0, reason="修正", actor_label="tests")
    assert edited.edited_value == 1.0


def iso_moment(ts: int) -> object:
    from carbonpeak.monitoring.readings.sql import moment

    return moment(ts)
