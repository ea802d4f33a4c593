"""The overview's year on year (同比) compares the ended months with data in both years and names them
(issue 18, "one truth per figure"): a part year is not read against a whole one, nor a running month
against a whole one; with no such month the page shows — and why. The API gives the months (`yoy_months`)."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from carbonpeak.monitoring.models import KeyUnit
from carbonpeak.monitoring.pages import overview, views
from tests.conftest import ClientFactory
from tests.monitoring.pages.support import DATA_CENTRE, FACTORY, LOCAL, TCE, District, Rollups, local

MID_OCTOBER = dt.datetime(2026, 10, 20, 12, tzinfo=LOCAL)
MID_NOVEMBER_2027 = dt.datetime(2027, 11, 15, 12, tzinfo=LOCAL)
OCTOBER_2026_KWH = 98_000 + 300_000


def _now(monkeypatch: pytest.MonkeyPatch, now: dt.datetime) -> None:
    """The clock of the page and of the API (which reads the overview's)."""
    monkeypatch.setattr(views, "_now", lambda: now)
    monkeypatch.setattr(overview.timezone, "now", lambda: now)


def _headline(html: str) -> str:
    match = re.search(r'<div class="headline-card[^"]*" data-testid="yoy">(.*?)</div>', html, re.S)
    assert match, "year-on-year card missing"
    return re.sub(r"<[^>]+>", " ", match.group(1))


def _part_year_2027() -> None:
    """Metering of 2027 kept only from October: October whole, November under way (to the 15th)."""
    rollups = Rollups()
    factory, dc = KeyUnit.objects.get(code=FACTORY), KeyUnit.objects.get(code=DATA_CENTRE)
    rollups.add("unit", FACTORY, "month", local(2027, 10), 90_000.0, unit=factory)
    rollups.add("unit", DATA_CENTRE, "month", local(2027, 10), 300_000.0, unit=dc)
    rollups.add("unit", FACTORY, "month", local(2027, 11), 40_000.0, unit=factory)
    rollups.save()


def test_a_part_year_is_compared_on_its_common_ended_months_only(
        client_as: ClientFactory, district: District, monkeypatch: pytest.MonkeyPatch) -> None:
    _part_year_2027()
    _now(monkeypatch, MID_NOVEMBER_2027)
    zh = client_as("office").get("/monitoring/?year=2027")
    o = zh.context["o"]
    assert (o.first_month, o.last_month, o.yoy_months) == (1, 11, (10,))  # November: no data in 2026
    assert o.total.tce == pytest.approx(430_000 * TCE)  # the period keeps all its energy
    assert o.total.yoy_tce == pytest.approx(390_000 * TCE)
    assert o.total.last_year_tce == pytest.approx(OCTOBER_2026_KWH * TCE)  # not all of 2026
    assert o.total.yoy == pytest.approx(390_000 / OCTOBER_2026_KWH - 1)  # −2.0 %, not −89 %
    card = _headline(zh.content.decode())
    assert "同比（10月，两年均有数据的已结束月份）" in card and "−2.01%" in card
    industry = json.loads(re.search(r'<script id="industry-chart-data" type="application/json">(.*?)</script>',
                                    zh.content.decode(), re.S).group(1))  # type: ignore[union-attr]
    assert [s["name"] for s in industry["series"]] == ["2027年10月", "2026年10月"]
    en = _headline(client_as("office", "en").get("/monitoring/?year=2027").content.decode())
    assert "Year on year (October, ended months with data in both years)" in en and "−2.01%" in en


def test_the_running_month_is_left_out(client_as: ClientFactory, district: District,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    _now(monkeypatch, MID_OCTOBER)
    response = client_as("office").get("/monitoring/")
    o = response.context["o"]
    assert o.yoy_months == tuple(range(1, 10)) and o.compared.running_left_out == 10
    assert o.total.last_year_tce == pytest.approx(9 * 400_000 * TCE)
    assert o.total.yoy == pytest.approx((9 * 98_000 + 9 * 300_000 + 30_000) / (9 * 400_000) - 1)
    assert "同比（1—9月，两年均有数据的已结束月份）" in _headline(response.content.decode())


def test_without_a_common_ended_month_the_page_shows_a_dash_and_why(
        client_as: ClientFactory, district: District, monkeypatch: pytest.MonkeyPatch) -> None:
    _now(monkeypatch, MID_OCTOBER)
    running = _headline(client_as("office").get("/monitoring/?year=2026&month=10").content.decode())
    assert "—" in running and "10月尚未结束，且没有两年均有数据的已结束月份。" in running and "%" not in running
    running_en = _headline(client_as("office", "en").get("/monitoring/?year=2026&month=10").content.decode())
    assert "Month 10 is not over, and no ended month has data in both years." in running_en
    first_year = client_as("office").get("/monitoring/?year=2025")  # 2024 has no data
    assert first_year.context["o"].total.yoy is None
    assert "没有两年均有数据的已结束月份。" in _headline(first_year.content.decode())
    en = _headline(client_as("office", "en").get("/monitoring/?year=2025").content.decode())
    assert "No ended month has data in both years." in en and "同比" not in en


def test_the_api_names_the_compared_months(client_as: ClientFactory, district: District,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    _part_year_2027()
    _now(monkeypatch, MID_NOVEMBER_2027)
    client = client_as("office")
    body = client.get("/api/v1/monitoring/overview?year=2027").json()
    assert (body["yoy_months"], body["yoy_reason"], body["yoy_running_month_left_out"]) == ([10], None, None)
    assert body["total"]["yoy_tce"] == pytest.approx(390_000 * TCE)
    assert body["total"]["last_year_tce"] == pytest.approx(OCTOBER_2026_KWH * TCE)
    assert body["total"]["yoy"] == pytest.approx(390_000 / OCTOBER_2026_KWH - 1)
    running = client.get("/api/v1/monitoring/overview?year=2027&month=11").json()
    assert (running["yoy_months"], running["yoy_reason"]) == ([], "no_common_month")
    assert running["total"]["yoy"] is None and running["total"]["last_year_tce"] == 0
    _now(monkeypatch, MID_OCTOBER)
    october = client.get("/api/v1/monitoring/overview?year=2026&month=10").json()
    assert (october["yoy_months"], october["yoy_reason"], october["yoy_running_month_left_out"]) == (
        [], "only_running_month", 10)
