"""Every monitoring page renders with the demo fleet (`monitoring.demo`, a few days of readings
through the store) after the alert rules have run over it."""

from __future__ import annotations

import datetime as dt

import pytest

from carbonpeak.monitoring.alerts import services as alerts
from carbonpeak.monitoring.demo.load import DEMO_ENTERPRISE_UNIT, load_demo
from carbonpeak.monitoring.models import Alert, KeyUnit, Meter
from tests.conftest import ClientFactory

END = dt.datetime(2026, 7, 20, tzinfo=dt.UTC)


@pytest.fixture
def demo(db: None) -> None:
    load_demo(days=3, units=12, end=END)
    alerts.evaluate(END, actor_label="tests")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_page_renders_with_the_demo_fleet(client_as: ClientFactory, demo: None, language: str) -> None:
    client = client_as("office", language)
    units = list(KeyUnit.objects.all())
    assert len(units) == 12 and any(u.is_data_centre for u in units)
    pages = ["/monitoring/", "/monitoring/?year=2026&month=7", "/monitoring/units/", "/monitoring/units/?dc=1",
             "/monitoring/alerts/", "/monitoring/alerts/?state=all", "/monitoring/units/new"]
    for unit in units:
        pages += [f"/monitoring/units/{unit.code}/", f"/monitoring/units/{unit.code}/edit",
                  f"/monitoring/units/{unit.code}/?day=2026-07-18", f"/monitoring/units/{unit.code}/meters/new"]
        if unit.is_data_centre:
            pages.append(f"/monitoring/units/{unit.code}/pue/")
    for meter in Meter.objects.all()[:5]:
        pages += [f"/monitoring/meters/{meter.code}/", f"/monitoring/meters/{meter.code}/edit"]
    pages += [f"/monitoring/alerts/{a.pk}/" for a in Alert.objects.all()[:5]]
    for page in pages:
        assert client.get(page).status_code == 200, page


def test_the_demo_enterprise_user_sees_its_unit(client_as: ClientFactory, demo: None) -> None:
    client = client_as("enterprise")
    response = client.get("/monitoring/")
    assert [u.code for u, _e in response.context["units"]] == [DEMO_ENTERPRISE_UNIT]
    assert client.get(f"/monitoring/units/{DEMO_ENTERPRISE_UNIT}/").status_code == 200
    other = KeyUnit.objects.exclude(code=DEMO_ENTERPRISE_UNIT).first()
    assert other is not None and client.get(f"/monitoring/units/{other.code}/").status_code == 403
