"""registry.save_unit / save_meter: the office's forms, checked exactly as an imported row, audited."""

from __future__ import annotations

import pytest

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.monitoring.models import KeyUnit
from carbonpeak.monitoring.problems import MonitoringInputError
from carbonpeak.monitoring.registry import services as registry
from tests.conftest import UserGetter
from tests.monitoring.support import USCC_A, USCC_B

pytestmark = pytest.mark.django_db

UNIT = {"code": "U9", "name": "金山示范厂", "uscc": USCC_A, "industry_code": "2614", "town": "金山卫镇",
        "level": "city", "is_data_centre": False, "active": True}
METER = {"code": "U9-E1", "energy_type": "electricity", "unit_of_measure": "kWh", "kind": "cumulative",
         "multiplier": "80", "role": "total", "interval_s": "900", "active": True}


def test_a_unit_and_its_meter_are_added_and_edited_with_change_records(user: UserGetter) -> None:
    office = user("office")
    unit = registry.save_unit(UNIT, user=office, actor_label="office")
    meter = registry.save_meter(unit, METER, user=office, actor_label="office")
    assert (unit.level, unit.enterprise.uscc if unit.enterprise else None) == ("city", USCC_A)
    assert (meter.unit, meter.multiplier, meter.kind) == (unit, 80.0, "cumulative")

    registry.save_unit({**UNIT, "name": "金山示范厂（二期）", "active": False}, unit=unit, user=office,
                       actor_label="office")
    unit.refresh_from_db()
    assert unit.name == "金山示范厂（二期）" and not unit.active
    change = ChangeRecord.objects.filter(entity="monitoring.unit", entity_key="U9").order_by("id").last()
    assert change is not None and change.actor == office
    assert change.before == {"name": "金山示范厂", "active": True}
    assert change.after == {"name": "金山示范厂（二期）", "active": False}


def test_form_errors_are_named_by_the_forms_fields() -> None:
    bad = {**UNIT, "uscc": "123", "is_data_centre": True, "town": "火星镇"}
    with pytest.raises(MonitoringInputError) as exc:
        registry.save_unit(bad, actor_label="tests")
    assert {i.field for i in exc.value.issues} == {"uscc", "data_centre_stage", "town"}
    assert all(i.row == 0 for i in exc.value.issues)
    assert not KeyUnit.objects.exists()


def test_codes_are_keys_and_cannot_change_or_repeat() -> None:
    unit = registry.save_unit(UNIT, actor_label="tests")
    with pytest.raises(MonitoringInputError) as exc:
        registry.save_unit({**UNIT, "code": "U10"}, unit=unit, actor_label="tests")
    assert [i.field for i in exc.value.issues] == ["code"]
    with pytest.raises(MonitoringInputError):
        registry.save_unit(UNIT, actor_label="tests")
    registry.save_meter(unit, METER, actor_label="tests")
    with pytest.raises(MonitoringInputError) as dup:
        registry.save_meter(unit, METER, actor_label="tests")
    assert [i.field for i in dup.value.issues] == ["code"]


def test_an_it_load_meter_needs_a_data_centre_and_a_unit_its_enterprise() -> None:
    unit = registry.save_unit(UNIT, actor_label="tests")
    with pytest.raises(MonitoringInputError) as exc:
        registry.save_meter(unit, {**METER, "role": "it_load"}, actor_label="tests")
    assert [i.field for i in exc.value.issues] == ["role"]
    centre = registry.save_unit({**UNIT, "code": "DC", "uscc": USCC_B, "is_data_centre": True,
                                 "data_centre_stage": "new", "enterprise_uscc": USCC_A}, actor_label="tests")
    assert centre.enterprise is not None and centre.enterprise.uscc == USCC_A
    assert registry.save_meter(centre, {**METER, "code": "DC-IT", "role": "it_load"}, actor_label="tests").role == \
        "it_load"
