"""The district overview (/monitoring/): headline figures, charts, top consumers, completeness,
the period picker; who may open it."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import ClientFactory
from tests.monitoring.pages.support import DATA_CENTRE, FACTORY, TCE, District


def _chart(html: str, name: str) -> dict:  # type: ignore[type-arg]
    match = re.search(rf'<script id="{name}" type="application/json">(.*?)</script>', html, re.S)
    assert match, f"{name} missing"
    return json.loads(match.group(1))  # type: ignore[no-any-return]


@pytest.mark.parametrize(("username", "status"), [
    ("office", 200), ("leader", 200), ("eco", 200), ("fengjing", 200), ("enterprise", 200), (None, 302)])
def test_who_opens_the_monitoring_home(client_as: ClientFactory, district: District, username: str | None,
                                       status: int) -> None:
    assert client_as(username).get("/monitoring/").status_code == status


def test_an_enterprise_lands_on_its_own_units(client_as: ClientFactory, district: District) -> None:
    response = client_as("enterprise").get("/monitoring/")
    html = response.content.decode()
    assert "monitoring/overview.html" not in [t.name for t in response.templates]
    assert f'data-unit="{FACTORY}"' in html and f'data-unit="{DATA_CENTRE}"' not in html


def test_the_office_sees_the_district_year_to_date(client_as: ClientFactory, district: District) -> None:
    response = client_as("office", "en").get("/monitoring/")
    o = response.context["o"]
    assert (o.year, o.month, o.last_month) == (2026, None, 10)
    kwh = 10 * (98_000 + 300_000) + 30_000  # July's extra 30 000 kWh at the data centre
    assert o.total.tce == pytest.approx(kwh * TCE)
    assert o.total.last_year_tce == pytest.approx(10 * (100_000 + 300_000) * TCE)
    assert o.total.yoy == pytest.approx(kwh / 4_000_000 - 1)
    assert (o.units_reporting, response.context["units_active"]) == (2, 2)
    assert [r.key for r in o.top_units] == [DATA_CENTRE, FACTORY]
    html = response.content.decode()
    assert "+0.25%" in html  # 4 010 000 / 4 000 000 − 1 = 0.25 %: below 10 % a second decimal (common/figures.py)
    assert "492.8 tce" in html
    assert 'href="/monitoring/units/MU-TEST-F/"' in html


def test_charts_carry_both_years_and_the_breakdowns(client_as: ClientFactory, district: District) -> None:
    html = client_as("office").get("/monitoring/").content.decode()
    monthly = _chart(html, "monthly-chart-data")
    this, last = (s["data"] for s in monthly["series"])
    assert this[6] == pytest.approx((98_000 + 330_000) * TCE, abs=1e-3) and this[10] is None
    assert last[0] == pytest.approx(400_000 * TCE, abs=1e-3)
    industry = _chart(html, "industry-chart-data")
    assert industry["categories"][0].startswith("65 ") and industry["categories"][1].startswith("26 ")
    town = _chart(html, "town-chart-data")
    assert town["categories"] == ["亭林镇", "漕泾镇"]
    assert "vendor/echarts/echarts.min.js" in html and "monitoring/charts.js" in html


def test_one_month_is_picked(client_as: ClientFactory, district: District) -> None:
    response = client_as("leader").get("/monitoring/?year=2026&month=9")
    o = response.context["o"]
    assert o.total.tce == pytest.approx(398_000 * TCE)
    assert o.total.last_year_tce == pytest.approx(400_000 * TCE)
    low = response.context["low_completeness"]
    assert [(u.code, round(share, 2)) for u, share in low] == [(FACTORY, 0.8)]
    assert 'id="low-completeness"' in response.content.decode()


def test_the_pue_alert_is_listed(client_as: ClientFactory, district: District) -> None:
    html = client_as("office").get("/monitoring/").content.decode()
    assert '<ul id="pue-alerts">' in html and "2026-07 · PUE 1.50 &gt; 1.40" in html


def test_an_empty_district_still_renders(client_as: ClientFactory, db: None) -> None:
    response = client_as("office").get("/monitoring/?year=2030")
    assert response.status_code == 200
    assert response.context["o"].total.tce == 0
