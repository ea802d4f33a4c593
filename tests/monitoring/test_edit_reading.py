"""A reading edited by hand: the raw value stays, the edit is audited and the rollups follow it."""

from __future__ import annotations

import datetime as dt

import pytest

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.monitoring.models import Reading
from carbonpeak.monitoring.problems import MonitoringInputError
from carbonpeak.monitoring.readings import edits
from carbonpeak.monitoring.vocabulary import Flag, Grain, Scope
from tests.conftest import UserGetter
from tests.monitoring.support import (
    STEP,
    T0,
    assert_rollups_consistent,
    iso,
    make_meter,
    make_unit,
    records,
    rollup_map,
    send,
)

pytestmark = pytest.mark.django_db

LOAD = [10.0 + (i % 5) * 0.5 for i in range(96)]


def test_an_edit_keeps_the_raw_value_is_audited_and_corrects_the_rollups(user: UserGetter) -> None:
    meter = make_meter(make_unit())
    values = list(LOAD)
    values[50] = 400.0  # a spike: its energy is not trusted
    send(records("M1", values))
    when = T0 + 51 * STEP
    ((key, (day_before, *_)),) = rollup_map(Scope.UNIT, Grain.DAY).items()

    reading = edits.edit_reading(meter, iso(when), "11.5", reason="表计通讯错误，按现场读数修正",
                                 user=user("office"), actor_label="office")

    assert reading.value == 400.0 and reading.edited_value == 11.5
    assert reading.flags & Flag.EDITED and not reading.flags & Flag.SPIKE
    assert reading.energy == 11.5
    assert rollup_map(Scope.UNIT, Grain.DAY)[key][0] == pytest.approx(day_before + 11.5)
    (record,) = edits.history(meter, reading.ts)
    assert record.actor == user("office") and record.reason == "表计通讯错误，按现场读数修正"
    assert record.before["edited_value"] is None and record.after["edited_value"] == 11.5
    assert record.before["value"] == record.after["value"] == 400.0
    assert "spike" in record.before["flags"] and "edited" in record.after["flags"]
    assert_rollups_consistent()


def test_withdrawing_an_edit_lets_the_raw_value_count_again() -> None:
    meter = make_meter(make_unit())
    send(records("M1", LOAD))
    when = dt.datetime.fromtimestamp(T0 + 10 * STEP, dt.UTC)
    edits.edit_reading(meter, when, 20.0, reason="试改", actor_label="tests")
    reading = edits.edit_reading(meter, when, None, reason="撤回", actor_label="tests")
    assert reading.edited_value is None and not reading.flags & Flag.EDITED
    assert reading.energy == LOAD[9]
    assert ChangeRecord.objects.filter(entity=edits.AUDIT_ENTITY).count() == 2
    assert_rollups_consistent()


def test_editing_a_cumulative_register_moves_the_energy_of_both_neighbouring_intervals() -> None:
    meter = make_meter(make_unit(), kind="cumulative")
    registers = [100.0 + 10 * k for k in range(1, 40)]
    send(records("M1", registers))
    edits.edit_reading(meter, T0 + 20 * STEP, registers[19] + 4, reason="修正", actor_label="tests")
    energies = {int(r.ts.timestamp()): r.energy for r in Reading.objects.filter(meter=meter)}
    assert energies[T0 + 20 * STEP] == pytest.approx(14.0)
    assert energies[T0 + 21 * STEP] == pytest.approx(6.0)
    assert_rollups_consistent()


def test_a_bad_edit_names_each_field_and_changes_nothing() -> None:
    meter = make_meter(make_unit())
    send(records("M1", LOAD[:10], skip=[5]))
    with pytest.raises(MonitoringInputError) as bad:
        edits.edit_reading(meter, "yesterday", "lots", reason=" ", actor_label="tests")
    assert {i.field for i in bad.value.issues} == {"ts", "value", "reason"}
    with pytest.raises(MonitoringInputError) as estimate:
        edits.edit_reading(meter, T0 + 6 * STEP, 1.0, reason="x", actor_label="tests")
    assert "estimate" in estimate.value.issues[0].reason
    with pytest.raises(MonitoringInputError) as missing:
        edits.edit_reading(meter, T0 + 60 * STEP, 1.0, reason="x", actor_label="tests")
    assert missing.value.issues[0].field == "ts"
    assert not Reading.objects.filter(edited_value__isnull=False).exists()
