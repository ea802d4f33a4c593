"""The 晴雨表 of places is in the main navigation for those who may open it (the office, leaders, departments and
towns), not for an enterprise; the item lights up on its own page only."""

from __future__ import annotations

import re

import pytest

from carbonpeak.plan.models import Plan
from tests.conftest import ClientFactory

ITEM = re.compile(r'<a[^>]*href="/indicators/places/"[^>]*>\s*分地区晴雨表\s*</a>')


@pytest.mark.parametrize("username", ["office", "leader", "eco", "fengjing"])
def test_who_may_see_the_places_finds_them_in_the_navigation(plan: Plan, client_as: ClientFactory,
                                                             username: str) -> None:
    client = client_as(username)
    html = client.get("/indicators/").content.decode()
    assert ITEM.search(html), f"{username}: no 分地区晴雨表 item"
    assert client.get("/indicators/places/").status_code == 200


def test_an_enterprise_has_no_places_item(plan: Plan, client_as: ClientFactory) -> None:
    client = client_as("enterprise")
    html = client.get("/indicators/").content.decode()
    assert "/indicators/places/" not in html
    assert client.get("/indicators/places/").status_code == 403


def test_the_item_is_current_on_the_places_page_only(plan: Plan, client_as: ClientFactory) -> None:
    client = client_as("office")
    current = re.compile(r'<a[^>]*href="/indicators/places/"[^>]*aria-current="page"')
    assert current.search(client.get("/indicators/places/").content.decode())
    assert not current.search(client.get("/indicators/").content.decode())
