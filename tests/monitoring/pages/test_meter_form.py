"""The office adds and edits a meter: role (total / IT load / sub-meter), kind, multiplier; bad input
keeps the form and names the field; a meter with readings keeps what its readings were judged as."""

from __future__ import annotations

import pytest

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.monitoring.models import Meter
from carbonpeak.monitoring.registry import services as registry
from tests.conftest import ClientFactory
from tests.monitoring.pages.support import DATA_CENTRE, FACTORY, District

NEW = f"/monitoring/units/{DATA_CENTRE}/meters/new"
FORM = {"code": "MU-TEST-DC-COOL", "energy_type": "electricity", "unit_of_measure": "kWh", "kind": "cumulative",
        "multiplier": "80", "role": "sub_meter", "interval_s": "900", "register_max": "", "minimum": "",
        "maximum": "", "active": "1"}


@pytest.mark.parametrize(("username", "status"), [
    ("office", 200), ("leader", 403), ("eco", 403), ("enterprise", 403), (None, 302)])
def test_who_opens_the_meter_form(client_as: ClientFactory, district: District, username: str | None,
                                  status: int) -> None:
    assert client_as(username).get(NEW).status_code == status
    assert client_as(username).get(f"/monitoring/meters/{FACTORY}-E1/edit").status_code == status


def test_the_office_adds_a_sub_meter(client_as: ClientFactory, district: District) -> None:
    response = client_as("office").post(NEW, FORM)
    assert response.status_code == 302 and response["Location"] == f"/monitoring/units/{DATA_CENTRE}/"
    meter = Meter.objects.get(code="MU-TEST-DC-COOL")
    assert (meter.unit.code, meter.role, meter.multiplier, meter.kind) == (DATA_CENTRE, "sub_meter", 80, "cumulative")
    assert ChangeRecord.objects.filter(entity=registry.METER_ENTITY, entity_key=meter.code, action="created").exists()


def test_bad_input_keeps_the_form_and_names_each_field(client_as: ClientFactory, district: District) -> None:
    response = client_as("office", "en").post(NEW, FORM | {"unit_of_measure": "t", "multiplier": "-2",
                                                           "interval_s": "7"})
    assert response.status_code == 200
    assert set(response.context["errors"]) == {"unit_of_measure", "multiplier", "interval_s"}
    html = response.content.decode()
    assert 'name="multiplier" value="-2"' in html and 'name="unit_of_measure" value="t"' in html
    assert '<option value="sub_meter" selected>' in html
    assert not Meter.objects.filter(code="MU-TEST-DC-COOL").exists()


def test_a_meter_with_readings_keeps_its_energy_type(client_as: ClientFactory, district: District) -> None:
    client = client_as("office", "en")
    url = f"/monitoring/meters/{FACTORY}-E1/edit"
    form = client.get(url).context["form"]
    response = client.post(url, form | {"energy_type": "natural_gas", "unit_of_measure": "m3"})
    assert response.status_code == 200 and "energy_type" in response.context["errors"]
    assert Meter.objects.get(code=f"{FACTORY}-E1").energy_type == "electricity"
    ok = client.post(url, form | {"multiplier": "2"})
    assert ok.status_code == 302 and Meter.objects.get(code=f"{FACTORY}-E1").multiplier == 2


@pytest.mark.parametrize("username", ["leader", "eco", "enterprise"])
def test_readers_cannot_post(client_as: ClientFactory, district: District, username: str) -> None:
    assert client_as(username).post(NEW, FORM).status_code == 403
    assert not Meter.objects.filter(code="MU-TEST-DC-COOL").exists()
