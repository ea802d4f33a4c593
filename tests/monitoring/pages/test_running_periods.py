"""Periods still under way are marked, never drawn as drops (issue 18, shots2 point 6): the running day of
逐日能耗, the running month of 分月能耗, of 数据完整率 (counted over its elapsed part) and of the PUE
table and charts carry an `open` mark the charts draw lighter and hatched, labelled with how far the data
reach, and a sentence under the chart says so. Units read as people write them (吨标准煤, 万千瓦时)."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from carbonpeak.monitoring.figures.open_periods import data_through, open_day, open_month
from carbonpeak.monitoring.figures.units import scaled_quantity, unit_text
from carbonpeak.monitoring.pages import views
from tests.conftest import ClientFactory
from tests.monitoring.pages.support import DATA_CENTRE, FACTORY, LOCAL, District

UNIT_URL = f"/monitoring/units/{FACTORY}/"
PUE_URL = f"/monitoring/units/{DATA_CENTRE}/pue/"
# Noon of 20 October 2026: the district's data (to 1 November) run past it, so October is under way.
MID_OCTOBER = dt.datetime(2026, 10, 20, 12, tzinfo=LOCAL)


def _chart(html: str, name: str) -> dict:  # type: ignore[type-arg]
    match = re.search(rf'<script id="{name}" type="application/json">(.*?)</script>', html, re.S)
    assert match, f"{name} missing"
    return json.loads(match.group(1))  # type: ignore[no-any-return]


@pytest.fixture
def mid_october(monkeypatch: pytest.MonkeyPatch) -> dt.datetime:
    monkeypatch.setattr(views, "_now", lambda: MID_OCTOBER)
    return MID_OCTOBER


# --- the pure rules ---------------------------------------------------------------------------------

def test_the_running_month_and_day_are_found_in_local_time() -> None:
    now = dt.datetime(2026, 11, 30, 17, 30, tzinfo=dt.UTC)  # 01:30 on 1 December in Shanghai
    assert open_month(2026, now) is not None and open_month(2026, now).index == 11  # type: ignore[union-attr]
    assert open_month(2025, now) is None
    day = open_day(2026, 12, now)
    assert day is not None and day.index == 0 and day.through_text == "12-01 01:30"
    assert open_day(2026, 11, now) is None  # November has ended


def test_the_data_reach_the_last_reading_never_beyond_now() -> None:
    now = dt.datetime(2026, 12, 7, 13, 5, tzinfo=LOCAL)
    last = dt.datetime(2026, 12, 7, 12, 45, tzinfo=LOCAL)
    assert data_through(now, last) == last
    assert data_through(now, now + dt.timedelta(hours=2)) == now  # a clock ahead does not end the day sooner
    assert data_through(now, None) == now


@pytest.mark.parametrize(("unit", "english", "shown"), [
    ("tce", False, "吨标准煤"), ("tce", True, "tce"), ("tCO₂", False, "吨二氧化碳"), ("tCO₂", True, "t CO₂"),
    ("kWh", False, "千瓦时"), ("m3", True, "m³"), ("h", False, "小时"), ("furlongs", False, "furlongs"),
    ("", False, "")])
def test_units_in_the_reader_s_words(unit: str, english: bool, shown: str) -> None:
    assert unit_text(unit, english) == shown


def test_large_kwh_figures_in_wan_kwh_or_mwh() -> None:
    assert scaled_quantity(1_210_785_148, "kWh", False) == (121_078.5148, "万千瓦时")
    assert scaled_quantity(1_210_785_148, "kWh", True) == (1_210_785.148, "MWh")
    assert scaled_quantity(250, "kWh", False) == (250, "千瓦时")  # small: not 0.025万千瓦时
    assert scaled_quantity(None, "kWh", True) == (None, "kWh")


# --- the unit page ----------------------------------------------------------------------------------

def test_the_running_day_and_month_are_marked_on_the_unit_page(client_as: ClientFactory, district: District,
                                                                mid_october: dt.datetime) -> None:
    html = client_as("office").get(f"{UNIT_URL}?year=2026&month=10").content.decode()
    daily = _chart(html, "daily-chart-data")["series"][0]
    assert daily["open"] == {"index": 19, "label": "截至 10-20 12:00"}
    assert daily["data"][19] is not None  # kept, drawn as a part day: never dropped silently
    saving = _chart(html, "saving-chart-data")["series"]
    assert saving[0]["open"]["index"] == 9 and "open" not in saving[1]  # last October has ended
    assert 'id="running-day"' in html and 'id="running-month"' in html
    completeness = _chart(html, "completeness-chart-data")["series"][0]
    assert completeness["open"]["index"] == 9
    assert re.search(r'data-month="10">[^<]*<br><small class="meta" data-running="true">未结束</small>', html)
    assert 'id="running-completeness"' in html and "10-20 12:00" in html


def test_a_finished_month_has_no_mark(client_as: ClientFactory, district: District,
                                      mid_october: dt.datetime) -> None:
    html = client_as("office").get(f"{UNIT_URL}?year=2026&month=9").content.decode()
    assert "open" not in _chart(html, "daily-chart-data")["series"][0]
    assert 'id="running-day"' not in html
    html = client_as("office").get(f"{UNIT_URL}?year=2025").content.decode()
    assert all("open" not in s for s in _chart(html, "saving-chart-data")["series"])
    assert 'data-running="true"' not in html and 'id="running-completeness"' not in html


def test_the_running_month_s_completeness_counts_its_elapsed_part(client_as: ClientFactory, district: District,
                                                                  mid_october: dt.datetime) -> None:
    html = client_as("office").get(UNIT_URL).content.decode()
    share = _chart(html, "completeness-chart-data")["series"][0]["data"]
    # October's 98 % of a month's readings, expected up to the 20th noon only: more than a whole month's share
    assert share[9] > 0.98 and share[10] is None


def test_energy_reads_in_tonnes_of_standard_coal_in_chinese(client_as: ClientFactory, district: District) -> None:
    zh = client_as("office").get(UNIT_URL).content.decode()
    energy = re.search(r'<dd id="year-energy">(.*?)</dd>', zh, re.S)
    assert energy and "吨标准煤（当量值）" in energy.group(1) and "吨标准煤（等价值）" in energy.group(1)
    assert "tce" not in energy.group(1) and "吨二氧化碳" in energy.group(1)
    assert _chart(zh, "daily-chart-data")["unit"] == "吨标准煤"
    en = client_as("office", "en").get(UNIT_URL).content.decode()
    energy = re.search(r'<dd id="year-energy">(.*?)</dd>', en, re.S)
    assert energy and "tce (calorific value)" in energy.group(1) and "tce (equivalent value)" in energy.group(1)
    assert "equal value" not in energy.group(1)  # the basis named as the yearbook names it


# --- the data centre's PUE ------------------------------------------------------------------------------

def test_the_pue_month_table_and_charts_in_wan_kwh(client_as: ClientFactory, district: District) -> None:
    zh = client_as("office").get(PUE_URL).content.decode()
    assert "总能耗（万千瓦时）" in zh
    assert re.search(r'<tr data-month="1"><td>2026-01</td><td class="num">30</td><td class="num">22</td>', zh)
    assert _chart(zh, "pue-energy-chart-data")["unit"] == "万千瓦时"
    en = client_as("office", "en").get(PUE_URL).content.decode()
    assert "Facility energy (MWh)" in en and _chart(en, "pue-energy-chart-data")["unit"] == "MWh"


def test_the_running_month_s_pue_is_marked_not_drawn_as_a_month(client_as: ClientFactory, district: District,
                                                                 mid_october: dt.datetime) -> None:
    html = client_as("office").get(PUE_URL).content.decode()
    assert '<tr data-month="10" data-running="true">' in html and "未结束" in html
    assert '<tr data-month="9">' in html
    pue = _chart(html, "pue-chart-data")["series"][0]
    assert pue["open"] == {"index": 9, "label": "截至 10-20 12:00"}
    energy = _chart(html, "pue-energy-chart-data")["series"]
    assert [s["open"]["index"] for s in energy] == [9, 9] and energy[0]["open"]["label"] == ""  # one label a stack
    assert 'id="running-pue"' in html and 'id="running-energy"' in html


def test_remarks_in_the_reader_s_brackets(client_as: ClientFactory, district: District) -> None:
    """（…；…） on a Chinese page, never "(方案任务30…)" or "月份; 方案…" (shots2, point B)."""
    zh = client_as("office").get(PUE_URL).content.decode()
    limit = re.search(r'<dd id="pue-limit">(.*?)</dd>', zh, re.S)
    assert limit and '<small class="meta">（方案任务30' in limit.group(1) and "(" not in limit.group(1)
    year = re.search(r'<dd id="pue-year">(.*?)</dd>', zh, re.S)
    assert year and "；" in year.group(1) and ";" not in year.group(1) and "（" in year.group(1)
    en = client_as("office", "en").get(PUE_URL).content.decode()
    assert "(the plan&#x27;s task 30: existing data centres not above 1.4)" in en
