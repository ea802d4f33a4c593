"""/accounting/ and /accounting/inventory/<year>/: the district GHG inventory page."""

from __future__ import annotations

import json
import re

import pytest

from carbonpeak.accounting.models import Inventory
from tests.conftest import ClientFactory

YEARS = [2020, 2021, 2022, 2023, 2024, 2025]
HEADING = {"zh-hans": "{year}年 区温室气体排放清单", "en": "District GHG inventory {year}"}
NAV = {"zh-hans": "能耗与碳核算", "en": "Accounting"}


def latest(year: int) -> Inventory:
    found = Inventory.objects.filter(year=year).order_by("-compiled_at", "-id").first()
    assert found is not None
    return found


def shown_total(html: str) -> int:
    """The net total in whole tonnes: the card writes it in 万 (common/figures.py), its tooltip in full."""
    match = re.search(r'data-testid="net-total" title="([^"]+)"', html)
    assert match, "net total not shown"
    return int(re.sub(r"[^\d-]", "", match.group(1)))


def charts(html: str) -> dict:  # type: ignore[type-arg]
    match = re.search(r'<script id="inventory-charts-data" type="application/json">(.*?)</script>', html, re.S)
    assert match
    return json.loads(match.group(1))  # type: ignore[no-any-return]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("username", ["office", "eco", "leader"])
def test_latest_year_is_shown(client_as: ClientFactory, username: str, language: str) -> None:
    response = client_as(username, language).get("/accounting/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert HEADING[language].format(year=2025) in html
    assert NAV[language] in html
    assert "GPC" in html
    assert shown_total(html) == round(latest(2025).total_co2e_t)
    assert len(re.findall(r'<tr data-line="', html)) == 22
    for year in YEARS:
        assert f'href="/accounting/inventory/{year}/"' in html
    assert 'href="/accounting/inventory/2025/xlsx"' in html


def test_a_chosen_year_is_shown(client_as: ClientFactory) -> None:
    response = client_as("leader", "en").get("/accounting/inventory/2021/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "District GHG inventory 2021" in html
    assert shown_total(html) == round(latest(2021).total_co2e_t)
    assert 'href="/accounting/inventory/2021/" aria-current="page"' in html


def test_lines_show_their_gpc_reference_and_notation(client_as: ClientFactory) -> None:
    html = client_as("office", "en").get("/accounting/inventory/2023/").content.decode()
    landfill = re.search(r'<tr data-line="waste\.landfill">(.*?)</tr>', html, re.S)
    assert landfill is not None
    assert "III.1.1" in landfill.group(1) and ">NO<" in landfill.group(1)
    product_use = re.search(r'<tr data-line="ippu\.product_use">(.*?)</tr>', html, re.S)
    assert product_use is not None and ">NE<" in product_use.group(1)
    transport = re.search(r'<tr data-line="energy\.transport\.indirect">(.*?)</tr>', html, re.S)
    assert transport is not None and "II.1.2" in transport.group(1)
    # 3000 × 1.25³ = 5859.375 10⁴ kWh × 4.2 t = 24 609.375 t CO2 in 2023.
    assert 'data-co2e="24609.375' in transport.group(1)


def test_chart_data_follow_the_inventories(client_as: ClientFactory) -> None:
    data = charts(client_as("leader", "en").get("/accounting/inventory/2023/").content.decode())
    assert data["trend"]["years"] == [str(y) for y in YEARS]
    assert data["trend"]["net"]["data"] == [round(latest(y).total_co2e_t / 1e4, 2) for y in YEARS]
    assert [s["name"] for s in data["trend"]["series"]] == [
        "Energy", "Industrial processes", "Agriculture", "Waste", "LULUCF"]
    lulucf = data["trend"]["series"][-1]["data"]
    assert all(v < 0 for v in lulucf)
    values = [i["value"] for i in data["breakdown"]["items"]]
    assert values == sorted(values, reverse=True) and all(v > 0 for v in values)


def test_only_the_office_sees_the_compile_button(client_as: ClientFactory) -> None:
    form = 'action="/accounting/inventory/2025/compile"'
    assert form in client_as("office").get("/accounting/").content.decode()
    assert form not in client_as("leader").get("/accounting/").content.decode()
    assert form not in client_as("eco").get("/accounting/").content.decode()


def test_year_without_inventory_is_404(client_as: ClientFactory) -> None:
    assert client_as("office").get("/accounting/inventory/2019/").status_code == 404


def test_no_inventory_at_all_shows_the_empty_page(client_as: ClientFactory) -> None:
    Inventory.objects.all().delete()
    response = client_as("office", "en").get("/accounting/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "No inventory has been compiled yet." in html
    assert "carbonpeak" not in html  # no command to run: the office imports and compiles here
    assert 'id="activity-import"' in html and "Compile 2023" in html
    leader = client_as("leader", "en").get("/accounting/").content.decode()
    assert 'id="activity-import"' not in leader and "Compile 2023" not in leader


@pytest.mark.parametrize("url", ["/accounting/", "/accounting/inventory/2023/", "/accounting/inventory/2023/xlsx"])
def test_enterprise_gets_403(client_as: ClientFactory, url: str) -> None:
    assert client_as("enterprise").get(url).status_code == 403


def test_anonymous_is_sent_to_log_in(client_as: ClientFactory) -> None:
    response = client_as(None).get("/accounting/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
