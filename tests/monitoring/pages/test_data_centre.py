"""A data centre's page: monthly PUE against its limit (1.4 existing, 1.3 new), design PUE, IT and
facility energy, and the PUE alert."""

from __future__ import annotations

import json
import re

import pytest

from carbonpeak.monitoring.alerts import services as alerts
from carbonpeak.monitoring.models import Alert
from tests.conftest import ClientFactory
from tests.monitoring.pages.support import DATA_CENTRE, FACTORY, PUE_MONTH, RULES_NOW, District

URL = f"/monitoring/units/{DATA_CENTRE}/pue/"


def _chart(html: str, name: str) -> dict:  # type: ignore[type-arg]
    match = re.search(rf'<script id="{name}" type="application/json">(.*?)</script>', html, re.S)
    assert match, f"{name} missing"
    return json.loads(match.group(1))  # type: ignore[no-any-return]


@pytest.mark.parametrize(("username", "status"), [
    ("office", 200), ("leader", 200), ("eco", 200), ("fengjing", 200), ("enterprise", 403)])
def test_who_opens_the_data_centre(client_as: ClientFactory, district: District, username: str,
                                   status: int) -> None:
    assert client_as(username).get(URL).status_code == status


def test_anonymous_is_sent_to_log_in(client_as: ClientFactory, district: District) -> None:
    assert client_as(None).get(URL).status_code == 302


def test_a_unit_that_is_no_data_centre_has_no_pue_page(client_as: ClientFactory, district: District) -> None:
    assert client_as("office").get(f"/monitoring/units/{FACTORY}/pue/").status_code == 404


def test_monthly_pue_against_the_limit(client_as: ClientFactory, district: District) -> None:
    response = client_as("office", "en").get(URL)
    assert response.context["limit"] == 1.4 and response.context["year"] == 2026
    html = response.content.decode()
    chart = _chart(html, "pue-chart-data")
    pue = chart["series"][0]["data"]
    assert pue[0] == pytest.approx(300 / 220, abs=1e-3) and pue[PUE_MONTH - 1] == pytest.approx(1.5)
    assert pue[10] is None
    assert [limit["value"] for limit in chart["limits"]] == [1.4, 1.35]
    assert f'<tr data-month="{PUE_MONTH}" class="alert">' in html
    assert '<td class="num over">1.50</td>' in html
    assert 'id="pue-alerts"' in html and f'data-alert="{district.pue_alert.pk}"' in html
    energy = _chart(html, "pue-energy-chart-data")
    # in MWh on an English page (万千瓦时 on a Chinese one): 220 000 kWh IT, 80 000 kWh the rest
    assert energy["unit"] == "MWh" and energy["series"][0]["data"][0] == 220 and energy["series"][1]["data"][0] == 80


def test_a_new_data_centre_is_held_to_1_3(client_as: ClientFactory, district: District) -> None:
    district.data_centre.data_centre_stage = "new"
    district.data_centre.save()
    response = client_as("office").get(URL)
    assert response.context["limit"] == 1.3
    assert "task 31" in client_as("office", "en").get(URL).content.decode()


def test_last_year_is_picked(client_as: ClientFactory, district: District) -> None:
    response = client_as("office").get(f"{URL}?year=2025")
    assert all(m.pue == pytest.approx(300 / 220) for m in response.context["months"])
    assert "pue-alert-table" in response.content.decode()  # the alert stays shown whatever the year


def test_the_alert_rules_find_the_july_pue_the_page_shows(client_as: ClientFactory, district: District) -> None:
    Alert.objects.all().delete()
    alerts.evaluate(RULES_NOW, actor_label="tests")
    found = Alert.objects.get(unit=district.data_centre, kind="pue_above_limit")
    assert (found.subject, found.value, found.limit) == (f"2026-{PUE_MONTH:02d}", 1.5, 1.4)
    html = client_as("office").get(URL).content.decode()
    assert f'data-alert="{found.pk}" data-kind="pue_above_limit" data-state="open"' in html
