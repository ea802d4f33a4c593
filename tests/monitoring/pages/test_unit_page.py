"""A unit's page: figures, load curve, monthly energy against last year and the 1 % target,
daily energy, completeness, meters, alerts, budget pace; who may open it."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from carbonpeak.monitoring.alerts import rules as alert_rules
from carbonpeak.monitoring.pages.queries import budget_pace
from tests.conftest import ClientFactory
from tests.monitoring.pages.support import DATA_CENTRE, FACTORY, LOCAL, LOW_MONTH, TCE, District

URL = f"/monitoring/units/{FACTORY}/"


def _chart(html: str, name: str) -> dict:  # type: ignore[type-arg]
    match = re.search(rf'<script id="{name}" type="application/json">(.*?)</script>', html, re.S)
    assert match, f"{name} missing"
    return json.loads(match.group(1))  # type: ignore[no-any-return]


@pytest.mark.parametrize(("username", "code", "status"), [
    ("office", FACTORY, 200), ("leader", FACTORY, 200), ("eco", DATA_CENTRE, 200), ("fengjing", FACTORY, 200),
    ("enterprise", FACTORY, 200), ("enterprise", DATA_CENTRE, 403), ("office", "NO-SUCH", 404)])
def test_who_opens_a_unit(client_as: ClientFactory, district: District, username: str, code: str,
                          status: int) -> None:
    assert client_as(username).get(f"/monitoring/units/{code}/").status_code == status


def test_anonymous_is_sent_to_log_in(client_as: ClientFactory, district: District) -> None:
    assert client_as(None).get(URL).status_code == 302


def test_monthly_energy_against_last_year_and_the_saving_target(client_as: ClientFactory,
                                                                district: District) -> None:
    response = client_as("office", "en").get(URL)
    assert (response.context["year"], response.context["month"]) == (2026, 10)
    html = response.content.decode()
    this, last, target = (s["data"] for s in _chart(html, "saving-chart-data")["series"])
    assert this[0] == pytest.approx(98_000 * TCE, abs=1e-3) and this[11] is None
    assert last[0] == pytest.approx(100_000 * TCE, abs=1e-3)
    assert target[0] == pytest.approx(99_000 * TCE, abs=1e-3)  # last year's × 0.99
    assert 'href="/plan/tasks/26/"' in html


def test_load_curve_daily_energy_and_completeness(client_as: ClientFactory, district: District) -> None:
    html = client_as("office").get(URL).content.decode()
    load = _chart(html, "load-chart-data")
    assert len(load["categories"]) == 7 * 24 and load["categories"][-1] == "10-31 23:00"
    assert load["series"][0]["data"][0] == pytest.approx(98_000 / 31 / 24, abs=1e-3)
    assert load["series"][0]["name"] == "电力 (kW)"  # the energy type by its name, not its code
    daily = _chart(html, "daily-chart-data")
    assert len(daily["categories"]) == 31 and daily["series"][0]["data"][30] == pytest.approx(98_000 / 31 * TCE,
                                                                                               abs=1e-3)
    share = _chart(html, "completeness-chart-data")["series"][0]["data"]
    assert share[0] == pytest.approx(0.98, abs=1e-3) and share[LOW_MONTH - 1] == pytest.approx(0.8, abs=1e-3)
    assert f'<td class="num over" data-month="{LOW_MONTH}">80.0%</td>' in html  # the figures layer: one decimal


def test_one_day_at_fifteen_minutes(client_as: ClientFactory, district: District) -> None:
    html = client_as("office").get(f"{URL}?day=2026-10-31").content.decode()
    load = _chart(html, "load-chart-data")
    assert len(load["categories"]) == 96 and load["categories"][0] == "00:15"
    assert load["series"][0]["data"][0] == 250 and load["series"][0]["data"][39] is None  # the spike


def test_meters_budget_and_facts(client_as: ClientFactory, district: District) -> None:
    response = client_as("office", "en").get(URL)
    html = response.content.decode()
    assert '<tr data-meter="MU-TEST-F-E1">' in html
    assert "2026-11-01 00:00" in html  # the latest reading, local time
    assert response.context["budget"].budget_tce == 150 and "allowed by now" in html


@pytest.mark.parametrize(("now", "ahead"), [(dt.datetime(2026, 11, 1, tzinfo=LOCAL), False),
                                             (dt.datetime(2026, 9, 1, tzinfo=LOCAL), True)])
def test_budget_pace_is_judged_as_the_alert_judges_it(district: District, now: dt.datetime, ahead: bool) -> None:
    pace = budget_pace(district.factory, 2026, now)
    assert pace is not None and pace.ytd_tce == pytest.approx(980_000 * TCE)  # 120.4 of 150 tce
    assert pace.elapsed_share == pytest.approx(alert_rules.year_elapsed_share(int(now.timestamp()), 2026))
    assert pace.ahead is ahead  # 80.3 % used: behind 83.3 % of the year (Nov 1), ahead of 66.6 % (Sep 1)


def test_the_office_gets_the_registry_and_token_actions(client_as: ClientFactory, district: District) -> None:
    html = client_as("office").get(URL).content.decode()
    for link in (f"/monitoring/units/{FACTORY}/edit", f"/monitoring/units/{FACTORY}/meters/new",
                 f"/monitoring/units/{FACTORY}/tokens"):
        assert link in html


@pytest.mark.parametrize("username", ["leader", "eco", "enterprise"])
def test_readers_get_no_actions(client_as: ClientFactory, district: District, username: str) -> None:
    html = client_as(username).get(URL).content.decode()
    assert "/edit" not in html and 'id="token-form"' not in html


def test_a_unit_with_an_alert_shows_it(client_as: ClientFactory, district: District) -> None:
    html = client_as("office").get(f"/monitoring/units/{DATA_CENTRE}/").content.decode()
    assert 'id="unit-alerts"' in html and f'data-alert="{district.pue_alert.pk}"' in html


def test_the_hour_under_way_is_left_out_of_the_load_curve(district: District) -> None:
    from carbonpeak.monitoring.pages.queries import load_curve
    ended = load_curve(district.factory, now=dt.datetime(2026, 12, 1, tzinfo=LOCAL))
    assert ended.times[-1] == "10-31 23:00" and ended.running_hour == ""
    running = load_curve(district.factory, now=dt.datetime(2026, 10, 31, 23, 40, tzinfo=LOCAL))
    assert running.times[-1] == "10-31 22:00" and running.running_hour == "10-31 23:00"
    assert len(running.times) == len(ended.times)


def test_the_page_says_which_months_its_energy_covers(client_as: ClientFactory, district: District) -> None:
    response = client_as("office", "en").get(URL)
    assert response.context["data_months"] == (1, 10)  # from January: nothing to warn of
    assert 'id="data-months"' not in response.content.decode()
