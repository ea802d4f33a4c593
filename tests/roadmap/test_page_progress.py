"""The progress scenario's page lists what it is anchored on: each inventory year with the model's CO2 beside
it, and each observation with its indicator's name, period, origin and the lever it replaces."""

from __future__ import annotations

import re

from carbonpeak.indicators.models import Origin
from tests.conftest import ClientFactory
from tests.roadmap.progress_support import observe


def test_the_page_names_every_input(client_as: ClientFactory) -> None:
    observe("new_pv_capacity", "2024", 180.0)
    observe("energy_intensity_change", "2024", -12.5, origin=Origin.DERIVED)
    html = client_as("leader", "en").get("/roadmap/s/progress/").content.decode()
    assert 'id="anchored"' in html and "Projected from 2025, the year of the latest compiled inventory" in html
    assert '<tr data-year="2025">' in html and '<tr data-year="2020">' in html
    pv = html.split('<tr data-indicator="new_pv_capacity" data-period="2024">')[1].split("</tr>")[0]
    assert "New photovoltaic installed capacity" in pv and "180 MW" in pv and "Entered" in pv
    assert "New PV capacity (at least 300 MW by 2025)" in pv
    ei = html.split('<tr data-indicator="energy_intensity_change" data-period="2024">')[1].split("</tr>")[0]
    assert "Derived" in ei and "Energy intensity (change versus the base year)" in ei
    assert "−12.5%" in ei and "-12.5" not in ei  # as the dashboard writes it (common/figures.py)


def test_in_chinese_names_not_codes(client_as: ClientFactory) -> None:
    observe("nev_clean_energy_bus_share", "2024", 93.0)
    html = client_as("leader").get("/roadmap/s/progress/").content.decode()
    row = html.split('<tr data-indicator="nev_clean_energy_bus_share" data-period="2024">')[1].split("</tr>")[0]
    assert "新能源和清洁能源公交车比例" in row and "新能源公交车比例达到96%" in row
    text = re.sub(r"<[^>]+>", " ", row)
    assert "nev_clean" not in text and "bus_nev" not in text and "entered" not in text


def test_other_scenarios_have_no_such_section(client_as: ClientFactory) -> None:
    assert 'id="anchored"' not in client_as("leader", "en").get("/roadmap/s/plan/").content.decode()
