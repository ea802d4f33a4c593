"""A link is drawn only where its viewer may follow it: every task and department link on the plan
overview, the indicator pages, a department page and the monitoring pages opens for the user who sees it."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ClientFactory

LINK = re.compile(r'href="(/plan/(?:tasks|departments)/[^"]*)"')
PAGES = ("/?overview=1", "/indicators/", "/indicators/energy_intensity_change/", "/monitoring/")


def links_on(client: object, path: str) -> set[str]:
    response = client.get(path)  # type: ignore[attr-defined]
    if response.status_code != 200:
        return set()
    return set(LINK.findall(response.content.decode()))


@pytest.mark.parametrize("username", ["eco", "fengjing", "enterprise", "leader"])
def test_every_task_or_department_link_opens(client_as: ClientFactory, username: str) -> None:
    client = client_as(username)
    links = set().union(*(links_on(client, p) for p in PAGES))
    department = client.get("/plan/departments/")
    if department.status_code == 200:
        for path in set(re.findall(r'href="(/plan/departments/[^/"]+/)"', department.content.decode())):
            links |= links_on(client, path)
    dead = sorted(p for p in links if client.get(p.replace("&amp;", "&")).status_code >= 400)
    assert dead == [], f"{username} is shown links it may not follow: {dead}"


def test_the_enterprise_sees_task_numbers_without_links(client_as: ClientFactory) -> None:
    html = client_as("enterprise").get("/indicators/").content.decode()
    assert "/plan/tasks/" not in html
    assert "/plan/tasks/?action=" not in client_as("enterprise").get("/?overview=1").content.decode()


def test_a_department_still_gets_links_to_its_own_tasks(client_as: ClientFactory) -> None:
    assert re.search(r'href="/plan/tasks/\d+/"', client_as("eco").get("/indicators/").content.decode())
