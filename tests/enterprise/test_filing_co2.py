"""CO2 of a filing through the API: direct, indirect (green power out), feedstock out, process lines in;
bad parts named; the office's table of all units' CO2."""

from __future__ import annotations

import pytest

from carbonpeak.monitoring.figures.energy import current_factors
from tests.conftest import ClientFactory
from tests.enterprise.support import MONITORED_KWH, two_units

pytestmark = pytest.mark.django_db
URL = "/api/v1/enterprise/filings"


@pytest.fixture
def own(client_as: ClientFactory) -> int:
    two_units()
    client_as("office").post(URL, {"unit": "OTHER", "year": 2026}, content_type="application/json")
    opened = client_as("enterprise").post(URL, {"unit": "OWN", "year": 2026}, content_type="application/json")
    return int(opened.json()["id"])


def test_direct_indirect_and_process_co2(own: int, client_as: ClientFactory) -> None:
    firm = client_as("enterprise")
    body = {"energy": [
        {"energy_type": "electricity", "unit_of_measure": "kWh", "quantity": MONITORED_KWH, "green_power": 160},
        {"energy_type": "natural_gas", "unit_of_measure": "m3", "quantity": 1000, "feedstock": 250},
    ], "process_emissions": [{"source": "碳酸盐分解", "method": "排放因子法", "co2_t": 1.5}]}
    saved = firm.put(f"{URL}/{own}", body, content_type="application/json")
    assert saved.status_code == 200, saved.content
    got = saved.json()
    factors = current_factors()
    grid = factors.of("electricity", "kWh", 2026)
    gas = factors.of("natural_gas", "m3", 2026)
    # Indirect: (960 − 160) kWh of grid power; direct: (1,000 − 250) m3 of gas burnt.
    assert got["indirect_co2_t"] == pytest.approx(800 * grid.to_basis * grid.co2_t)
    assert got["direct_co2_t"] == pytest.approx(750 * gas.to_basis * gas.co2_t)
    assert got["process_co2_t"] == 1.5
    assert got["total_co2_t"] == pytest.approx(got["direct_co2_t"] + got["indirect_co2_t"] + 1.5)
    scopes = {e["energy_type"]: e["co2_scope"] for e in got["energy"]}
    assert scopes == {"electricity": "indirect", "natural_gas": "direct"}


@pytest.mark.parametrize(("row", "field"), [
    ({"energy_type": "electricity", "unit_of_measure": "kWh", "quantity": 960, "feedstock": 1}, "energy[0].feedstock"),
    ({"energy_type": "electricity", "unit_of_measure": "kWh", "quantity": 960, "green_power": 961},
     "energy[0].green_power"),
    ({"energy_type": "natural_gas", "unit_of_measure": "m3", "quantity": 10, "green_power": 1},
     "energy[0].green_power"),
    ({"energy_type": "natural_gas", "unit_of_measure": "m3", "quantity": 10, "feedstock": -1}, "energy[0].feedstock"),
])
def test_a_part_that_cannot_be_is_refused_naming_it(own: int, client_as: ClientFactory, row: dict[str, object],
                                                     field: str) -> None:
    refused = client_as("enterprise").put(f"{URL}/{own}", {"energy": [row]}, content_type="application/json")
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == field


def test_a_process_line_names_its_method(own: int, client_as: ClientFactory) -> None:
    refused = client_as("enterprise").put(f"{URL}/{own}", {"process_emissions": [
        {"source": "石灰石分解", "method": "", "co2_t": 1}]}, content_type="application/json")
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "process_emissions[0].method"


@pytest.mark.parametrize(("who", "units"), [
    ("office", {"OWN", "OTHER"}), ("leader", {"OWN", "OTHER"}), ("eco", {"OWN", "OTHER"}), ("enterprise", {"OWN"}),
])
def test_the_emissions_table(own: int, client_as: ClientFactory, who: str, units: set[str]) -> None:
    page = client_as(who).get("/enterprise/emissions/?year=2026").content.decode()
    assert {u for u in ("OWN", "OTHER") if f'data-unit="{u}"' in page} == units


def test_the_page_takes_feedstock_green_power_and_a_process_line(own: int, client_as: ClientFactory) -> None:
    firm = client_as("enterprise")
    firm.post(f"/enterprise/filings/{own}/action", {"action": "save", "g_electricity": "160",
                                                    "process_source": "碳酸盐分解", "process_method": "排放因子法",
                                                    "process_co2_t": "1.5"})
    got = firm.get(f"{URL}/{own}").json()
    assert got["energy"][0]["green_power"] == 160 and got["process_co2_t"] == 1.5
    page = firm.get(f"/enterprise/filings/{own}/").content.decode()
    assert "碳酸盐分解" in page and 'name="g_electricity" value="160"' in page
    assert "因子集：" in page and "因子集:" not in page  # the Chinese colon, inside the translated sentence
    assert "<dd>金山卫镇</dd>" in page
    english = client_as("enterprise", "en").get(f"/enterprise/filings/{own}/").content.decode()
    assert "<dd>Jinshanwei Town</dd>" in english and "Factor set: " in english
