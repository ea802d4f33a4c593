"""GET /api/v1/accounting/inventories and /inventories/{year}: the compiled district inventories."""

from __future__ import annotations

import pytest

from carbonpeak.accounting import services
from tests.conftest import ClientFactory

# The demo land areas grow from 9000 ha forest (+1.5 %/a) and 7800 ha wetland (+0.5 %/a) in 2020,
# stored rounded to 0.1 ha; sink rates 3.9 and 0.6 t CO2/ha/a (cn-national).
FOREST_2023_HA = 9411.1  # 9000 × 1.015³ = 9411.105…
WETLAND_2023_HA = 7917.6  # 7800 × 1.005³ = 7917.586…
REMOVALS_2023 = -(FOREST_2023_HA * 3.9 + WETLAND_2023_HA * 0.6)  # −41 453.85 t


@pytest.mark.parametrize("username", ["office", "eco", "leader"])
def test_list_has_one_inventory_per_demo_year(client_as: ClientFactory, username: str) -> None:
    response = client_as(username).get("/api/v1/accounting/inventories")
    assert response.status_code == 200
    body = response.json()
    assert [i["year"] for i in body] == [2020, 2021, 2022, 2023, 2024, 2025]
    assert all(i["factor_set"].startswith("shanghai@") for i in body)
    assert all(i["gross_co2e_t"] > i["total_co2e_t"] > 0 for i in body)


def test_year_lines_add_up_to_the_total(client_as: ClientFactory) -> None:
    response = client_as("office").get("/api/v1/accounting/inventories/2023")
    assert response.status_code == 200
    body = response.json()
    assert body["year"] == 2023
    lines = body["lines"]
    assert len(lines) == 22
    assert sum(line["co2e_t"] for line in lines) == pytest.approx(body["total_co2e_t"], rel=1e-9)
    gross = sum(line["co2e_t"] for line in lines if line["category"] != "lulucf")
    assert gross == pytest.approx(body["gross_co2e_t"], rel=1e-9)
    assert body["gross_co2e_t"] - body["total_co2e_t"] == pytest.approx(-REMOVALS_2023, abs=1e-6)
    assert body["gwp"] == {"co2": 1.0, "ch4": 28.0, "n2o": 265.0}
    assert all({"code", "gpc", "scope", "co2e_t", "notation", "quality"} <= set(line) for line in lines)


def test_list_and_detail_agree(client_as: ClientFactory) -> None:
    client = client_as("leader")
    listed = {i["year"]: i for i in client.get("/api/v1/accounting/inventories").json()}
    detail = client.get("/api/v1/accounting/inventories/2021").json()
    assert {k: detail[k] for k in listed[2021]} == listed[2021]


def test_the_newest_compilation_of_a_year_is_served(client_as: ClientFactory) -> None:
    before = client_as("office").get("/api/v1/accounting/inventories/2022").json()
    saved = services.save_inventory(2022, "cn-national", actor_label="test")
    after = client_as("office").get("/api/v1/accounting/inventories/2022").json()
    assert after["factor_set"] == saved.factor_set
    assert after["factor_set"].startswith("cn-national@") and before["factor_set"].startswith("shanghai@")
    assert after["compiled_at"] > before["compiled_at"]
    # National factors for 2022 are higher than Shanghai's (electricity 0.5366 vs 0.42 kg/kWh,
    # heat 0.11 vs 0.06 t/GJ), so the total rises.
    assert after["total_co2e_t"] > before["total_co2e_t"]
    assert len(client_as("office").get("/api/v1/accounting/inventories").json()) == 6


def test_unknown_year_is_404(client_as: ClientFactory) -> None:
    assert client_as("office").get("/api/v1/accounting/inventories/2019").status_code == 404


@pytest.mark.parametrize("path", ["/api/v1/accounting/inventories", "/api/v1/accounting/inventories/2023"])
def test_enterprise_gets_403(client_as: ClientFactory, path: str) -> None:
    assert client_as("enterprise").get(path).status_code == 403


@pytest.mark.parametrize("path", ["/api/v1/accounting/inventories", "/api/v1/accounting/inventories/2023"])
def test_anonymous_gets_401(client_as: ClientFactory, path: str) -> None:
    assert client_as(None).get(path).status_code == 401
