"""Alerts: the list with its filters, one alert with its history; the office acknowledges and
closes with a note (required, the error names the field); readers only read."""

from __future__ import annotations

import re

import pytest

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.monitoring.alerts import services as alerts
from carbonpeak.monitoring.models import Alert
from tests.conftest import ClientFactory
from tests.monitoring.pages.support import District


def _listed(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr data-alert="(\d+)"', html)]


@pytest.fixture
def silent(district: District) -> Alert:
    """A second alert, on the enterprise's own factory."""
    return Alert.objects.create(unit=district.factory, kind="silent", subject="", message_zh="单位 26 小时无数据",
                                message_en="No data from the unit for 26 hours", value=26, limit=24)


@pytest.mark.parametrize(("username", "visible"), [
    ("office", {"pue", "silent"}), ("leader", {"pue", "silent"}), ("eco", {"pue", "silent"}),
    ("enterprise", {"silent"})])
def test_each_user_lists_the_alerts_they_may_see(client_as: ClientFactory, district: District, silent: Alert,
                                                username: str, visible: set[str]) -> None:
    ids = {"pue": district.pue_alert.pk, "silent": silent.pk}
    html = client_as(username).get("/monitoring/alerts/").content.decode()
    assert set(_listed(html)) == {ids[k] for k in visible}


@pytest.mark.parametrize(("query", "kinds"), [
    ("kind=silent", {"silent"}), ("kind=pue_above_limit", {"pue_above_limit"}), ("state=closed", set()),
    ("state=open", {"silent", "pue_above_limit"}), ("state=all&kind=silent", {"silent"})])
def test_filters(client_as: ClientFactory, district: District, silent: Alert, query: str, kinds: set[str]) -> None:
    response = client_as("office").get(f"/monitoring/alerts/?{query}")
    assert {a.kind for a in response.context["alerts"]} == kinds


def test_closed_alerts_leave_the_default_list(client_as: ClientFactory, district: District) -> None:
    alerts.close(district.pue_alert, "已处理", actor_label="tests")
    assert _listed(client_as("office").get("/monitoring/alerts/").content.decode()) == []
    assert _listed(client_as("office").get("/monitoring/alerts/?state=all").content.decode()) == [
        district.pue_alert.pk]


@pytest.mark.parametrize(("username", "which", "status"), [
    ("office", "pue", 200), ("leader", "pue", 200), ("eco", "pue", 200), ("enterprise", "silent", 200),
    ("enterprise", "pue", 403)])
def test_who_opens_an_alert(client_as: ClientFactory, district: District, silent: Alert, username: str,
                            which: str, status: int) -> None:
    pk = district.pue_alert.pk if which == "pue" else silent.pk
    assert client_as(username).get(f"/monitoring/alerts/{pk}/").status_code == status


def test_the_alert_page_says_what_and_links_the_data_centre(client_as: ClientFactory, district: District) -> None:
    html = client_as("office").get(f"/monitoring/alerts/{district.pue_alert.pk}/").content.decode()
    assert "2026年7月 PUE 1.50 高于限值 1.4" in html
    assert 'href="/monitoring/units/MU-TEST-DC/pue/"' in html
    assert 'id="acknowledge-form"' in html and 'id="close-form"' in html
    english = client_as("office", "en").get(f"/monitoring/alerts/{district.pue_alert.pk}/").content.decode()
    assert "PUE 1.50 in July 2026 above the limit 1.4" in english


def test_the_office_acknowledges_then_closes_with_a_note(client_as: ClientFactory, district: District) -> None:
    client = client_as("office", "en")
    url = f"/monitoring/alerts/{district.pue_alert.pk}/"
    assert client.post(url + "acknowledge").status_code == 302
    alert = Alert.objects.get(pk=district.pue_alert.pk)
    assert alert.state == "acknowledged" and alert.acknowledged_by is not None
    html = client.get(url).content.decode()
    assert 'id="acknowledge-form"' not in html and 'data-step="acknowledged"' in html
    assert client.post(url + "close", {"note": "冷机检修后 8 月 PUE 回落至 1.36"}).status_code == 302
    alert.refresh_from_db()
    assert alert.state == "closed" and alert.note == "冷机检修后 8 月 PUE 回落至 1.36"
    html = client.get(url).content.decode()
    assert 'id="close-form"' not in html and "冷机检修后 8 月 PUE 回落至 1.36" in html
    assert ChangeRecord.objects.filter(entity=alerts.AUDIT_ENTITY, entity_key=str(alert.pk)).count() == 2
    assert html.count('class="meta">') >= 2  # the audit trail is listed in the history


def test_closing_without_a_note_names_the_field(client_as: ClientFactory, district: District) -> None:
    response = client_as("office", "en").post(f"/monitoring/alerts/{district.pue_alert.pk}/close", {"note": "   "})
    assert response.status_code == 200
    assert set(response.context["errors"]) == {"note"}
    assert "a note is required to close an alert" in response.content.decode()
    assert Alert.objects.get(pk=district.pue_alert.pk).state == "open"


def test_acknowledging_twice_is_refused_politely(client_as: ClientFactory, district: District) -> None:
    client = client_as("office", "en")
    url = f"/monitoring/alerts/{district.pue_alert.pk}/acknowledge"
    client.post(url)
    response = client.post(url, follow=True)
    assert "only an open alert can be acknowledged" in response.content.decode()


@pytest.mark.parametrize("username", ["leader", "eco", "enterprise"])
def test_readers_cannot_handle_alerts(client_as: ClientFactory, district: District, username: str) -> None:
    client = client_as(username)
    url = f"/monitoring/alerts/{district.pue_alert.pk}/"
    assert client.post(url + "acknowledge").status_code == 403
    assert client.post(url + "close", {"note": "x"}).status_code == 403
    assert Alert.objects.get(pk=district.pue_alert.pk).state == "open"
