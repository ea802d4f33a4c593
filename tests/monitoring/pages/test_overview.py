"""The district overview (/monitoring/): headline figures, charts, top consumers, completeness,
the period picker; who may open it."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from carbonpeak.monitoring.pages.views import _district_data_months
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
    card = re.search(r'data-testid="energy-tce"><span>(.*?)</span><strong>(.*?)</strong>', html, re.S)
    assert card and "tce" in card.group(1) and card.group(2) == "492.8"  # the label names the unit, once
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


def test_the_period_is_named_as_the_reader_says_it(client_as: ClientFactory, district: District) -> None:
    zh = client_as("office").get("/monitoring/")
    assert zh.context["period_title"] == "2026年1—10月"
    assert zh.context["data_months"] is None and 'id="data-months"' not in zh.content.decode()  # data since January
    en = client_as("office", "en").get("/monitoring/?year=2026&month=9")
    assert en.context["period_title"] == "September 2026" and "month 9" not in en.content.decode().split("<h2")[0]
    ytd = client_as("office", "en").get("/monitoring/")
    assert ytd.context["period_title"] == "January–October 2026"
    assert '<small id="completeness-month">October 2026</small>' in ytd.content.decode()
    assert '<small id="completeness-month">2026年10月</small>' in zh.content.decode()


def test_totals_of_a_year_whose_data_start_late_say_which_months_they_hold(client_as: ClientFactory,
                                                                            district: District) -> None:
    o = replace(client_as("office").get("/monitoring/").context["o"], first_month=1, last_month=12)
    assert _district_data_months(o, [None] * 10 + [5.0, 3.0]) == (11, 12)  # （仅含11—12月）
    assert _district_data_months(o, [None] * 11 + [3.0]) == (12, 12)
    assert _district_data_months(o, [1.0] + [None] * 10 + [3.0]) is None  # from January: the year to date
    assert _district_data_months(replace(o, month=12), [None] * 11 + [3.0]) is None  # one month picked


def test_the_english_page_names_divisions_and_towns_in_english(client_as: ClientFactory, district: District) -> None:
    html = client_as("office", "en").get("/monitoring/").content.decode()
    assert _chart(html, "industry-chart-data")["categories"] == ["Division 65", "Division 26"]
    assert _chart(html, "town-chart-data")["categories"] == ["Tinglin Town", "Caojing Town"]
    names = [s["name"] for s in _chart(html, "town-chart-data")["series"]]
    assert all("month" not in n for n in names) and names[0].endswith("2026"), names
    ranking = html.split('id="top-consumers"')[1].split("</table>")[0]
    assert "Caojing Town" in ranking and "漕泾镇" not in ranking and "亭林镇" not in ranking


def test_the_ranking_becomes_cards_on_a_phone(client_as: ClientFactory, district: District) -> None:
    html = client_as("office").get("/monitoring/").content.decode()
    assert '<table class="grid stack-on-phone" id="top-consumers">' in html
    ranking = html.split('id="top-consumers"')[1].split("</table>")[0]
    assert re.search(r'<td data-label="[^"]+">漕泾镇</td>', ranking) and 'class="row-title"' in ranking
    static = Path(__file__).parents[3] / "src/carbonpeak"
    site = (static / "web/static/web/phone.css").read_text()  # the cards, for every room's page
    assert "table.stack-on-phone td[data-label]::before { content: attr(data-label)" in site
    room = (static / "monitoring/static/monitoring/monitoring.css").read_text()
    assert "table.stack-on-phone tr { display: flex" in room
