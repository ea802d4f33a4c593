"""The office adds and edits a unit: every field kept and its error named when the input is bad
(the USCC by its GB 32100 check digit), nothing stored then; every change audited."""

from __future__ import annotations

import pytest

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.monitoring.models import KeyUnit, UnitBudget
from carbonpeak.monitoring.registry import services as registry
from tests.conftest import ClientFactory
from tests.monitoring.pages.support import DEMO_ENTERPRISE, FACTORY, District, valid_uscc

USCC = valid_uscc("91310116MA1JX0001")
FORM = {"code": "MU-NEW", "name": "新登记数据中心", "uscc": USCC, "enterprise_uscc": "", "industry_code": "6550",
        "town": "漕泾镇", "level": "city", "is_data_centre": "1", "data_centre_stage": "new", "design_pue": "1.25",
        "annual_budget_tce": "8000", "active": "1"}


@pytest.mark.parametrize(("username", "status"), [
    ("office", 200), ("leader", 403), ("eco", 403), ("enterprise", 403), (None, 302)])
def test_who_opens_the_unit_form(client_as: ClientFactory, district: District, username: str | None,
                                 status: int) -> None:
    assert client_as(username).get("/monitoring/units/new").status_code == status
    assert client_as(username).get(f"/monitoring/units/{FACTORY}/edit").status_code == status


def test_the_office_adds_a_data_centre(client_as: ClientFactory, district: District) -> None:
    response = client_as("office").post("/monitoring/units/new", FORM)
    assert response.status_code == 302 and response["Location"] == "/monitoring/units/MU-NEW/"
    unit = KeyUnit.objects.get(code="MU-NEW")
    assert (unit.is_data_centre, unit.data_centre_stage, unit.design_pue, unit.level) == (True, "new", 1.25, "city")
    assert unit.enterprise is not None and unit.enterprise.uscc == USCC  # its own credit code names it
    assert UnitBudget.objects.get(unit=unit).budget_tce == 8000
    record = ChangeRecord.objects.get(entity=registry.UNIT_ENTITY, entity_key="MU-NEW")
    assert record.action == "created" and record.actor_label == "office"


def test_a_bad_check_digit_is_named_and_the_form_kept(client_as: ClientFactory, district: District) -> None:
    bad = USCC[:-1] + ("0" if USCC[-1] != "0" else "1")
    response = client_as("office", "en").post("/monitoring/units/new", FORM | {"uscc": bad, "town": "火星镇",
                                                                               "design_pue": "0.9"})
    assert response.status_code == 200
    errors = response.context["errors"]
    assert set(errors) == {"uscc", "town", "design_pue"}
    assert f"check character should be {USCC[-1]}" in errors["uscc"][0]
    html = response.content.decode()
    assert f'name="uscc" value="{bad}"' in html and 'name="design_pue" value="0.9"' in html
    assert 'name="name" value="新登记数据中心"' in html
    assert '<p class="error" data-field="uscc">' in html
    assert not KeyUnit.objects.filter(code="MU-NEW").exists()
    assert not ChangeRecord.objects.filter(entity=registry.UNIT_ENTITY).exists()


@pytest.mark.parametrize(("change", "field"), [
    ({"code": FACTORY}, "code"), ({"industry_code": "9999"}, "industry_code"), ({"name": ""}, "name"),
    ({"data_centre_stage": ""}, "data_centre_stage"), ({"annual_budget_tce": "-1"}, "annual_budget_tce"),
    ({"enterprise_uscc": "91310116MA1J00000X"}, "enterprise_uscc")])
def test_each_bad_field_is_named(client_as: ClientFactory, district: District, change: dict[str, str],
                                 field: str) -> None:
    response = client_as("office", "en").post("/monitoring/units/new", FORM | change)
    assert response.status_code == 200 and set(response.context["errors"]) == {field}
    assert not KeyUnit.objects.filter(code="MU-NEW").exists()


def test_the_office_edits_a_unit_and_the_change_is_audited(client_as: ClientFactory, district: District) -> None:
    client = client_as("office")
    form = client.get(f"/monitoring/units/{FACTORY}/edit").context["form"]
    assert form["uscc"] == DEMO_ENTERPRISE and form["annual_budget_tce"] in ("", "150")
    response = client.post(f"/monitoring/units/{FACTORY}/edit",
                           form | {"name": "测试化工厂（更名）", "level": "national"})
    assert response.status_code == 302
    unit = KeyUnit.objects.get(code=FACTORY)
    assert (unit.name, unit.level) == ("测试化工厂（更名）", "national")
    record = ChangeRecord.objects.get(entity=registry.UNIT_ENTITY, entity_key=FACTORY)
    assert record.before == {"name": "测试化工厂", "level": "city"}
    assert record.after == {"name": "测试化工厂（更名）", "level": "national"}


def test_a_bad_edit_changes_nothing(client_as: ClientFactory, district: District) -> None:
    client = client_as("office", "en")
    form = client.get(f"/monitoring/units/{FACTORY}/edit").context["form"]
    response = client.post(f"/monitoring/units/{FACTORY}/edit", form | {"name": "", "industry_code": "26"})
    assert set(response.context["errors"]) == {"name", "industry_code"}
    assert KeyUnit.objects.get(code=FACTORY).name == "测试化工厂"


@pytest.mark.parametrize("username", ["leader", "eco", "enterprise"])
def test_readers_cannot_post(client_as: ClientFactory, district: District, username: str) -> None:
    assert client_as(username).post("/monitoring/units/new", FORM).status_code == 403
    assert client_as(username).post(f"/monitoring/units/{FACTORY}/edit", FORM | {"code": FACTORY}).status_code == 403
    assert not KeyUnit.objects.filter(code="MU-NEW").exists()
