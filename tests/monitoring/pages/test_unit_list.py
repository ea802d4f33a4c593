"""The list of key energy-using units: filters, and each user sees the units they may see."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ClientFactory
from tests.monitoring.pages.support import DATA_CENTRE, FACTORY, District


def _listed(html: str) -> list[str]:
    return re.findall(r'<tr data-unit="([^"]+)">', html)


@pytest.mark.parametrize(("username", "units"), [
    ("office", [DATA_CENTRE, FACTORY]), ("leader", [DATA_CENTRE, FACTORY]), ("eco", [DATA_CENTRE, FACTORY]),
    ("enterprise", [FACTORY])])
def test_each_user_lists_the_units_they_may_see(client_as: ClientFactory, district: District, username: str,
                                               units: list[str]) -> None:
    response = client_as(username).get("/monitoring/units/")
    assert response.status_code == 200
    assert _listed(response.content.decode()) == units


def test_anonymous_is_sent_to_log_in(client_as: ClientFactory, district: District) -> None:
    response = client_as(None).get("/monitoring/units/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(("query", "units"), [
    ("town=漕泾镇", [FACTORY]), ("industry=65", [DATA_CENTRE]), ("dc=1", [DATA_CENTRE]), ("dc=0", [FACTORY]),
    ("level=city", [FACTORY]), ("level=national", []), ("town=亭林镇&dc=1", [DATA_CENTRE])])
def test_filters_combine(client_as: ClientFactory, district: District, query: str, units: list[str]) -> None:
    html = client_as("office").get(f"/monitoring/units/?{query}").content.decode()
    assert _listed(html) == units


def test_the_list_shows_energy_and_open_alerts(client_as: ClientFactory, district: District) -> None:
    response = client_as("office", "en").get("/monitoring/units/")
    rows = dict((u.code, (u.open_alerts, e)) for u, e in response.context["units"])
    assert rows[DATA_CENTRE][0] == 1 and rows[FACTORY][0] == 0
    assert rows[FACTORY][1].tce == pytest.approx(980_000 * 0.1229e-3)  # January to October
    html = response.content.decode()
    assert 'href="/monitoring/units/new"' in html  # the office adds units
    assert 'href="/monitoring/units/MU-TEST-DC/pue/"' in html


def test_readers_get_no_add_button(client_as: ClientFactory, district: District) -> None:
    assert 'href="/monitoring/units/new"' not in client_as("leader").get("/monitoring/units/").content.decode()


def test_an_enterprise_sees_its_own_units_energy(client_as: ClientFactory, district: District) -> None:
    response = client_as("enterprise").get("/monitoring/units/")
    [(unit, energy)] = response.context["units"]
    assert unit.code == FACTORY and energy.tce == pytest.approx(980_000 * 0.1229e-3)
