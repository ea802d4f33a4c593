"""The dashboard's monitoring card: open alerts and data centres above their PUE limit."""

from __future__ import annotations

import pytest

from carbonpeak.monitoring.alerts import services as alerts
from tests.conftest import ClientFactory
from tests.monitoring.pages.support import District


@pytest.mark.parametrize("username", ["office", "leader", "eco"])
def test_watchers_see_the_monitoring_card(client_as: ClientFactory, district: District, username: str) -> None:
    response = client_as(username, "en").get("/dashboard/")
    assert response.context["monitoring"] == {"open_alerts": 1, "pue_over": 1}
    html = response.content.decode()
    assert 'data-testid="monitoring-alerts"' in html and "1 data centre above its PUE limit" in html


def test_a_closed_alert_leaves_the_card(client_as: ClientFactory, district: District) -> None:
    alerts.close(district.pue_alert, "已整改", actor_label="tests")
    assert client_as("office").get("/dashboard/").context["monitoring"] == {"open_alerts": 0, "pue_over": 0}
