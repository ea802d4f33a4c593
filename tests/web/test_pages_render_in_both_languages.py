"""Every page of the shell renders for the office in Chinese (default) and in English."""

from __future__ import annotations

import pytest

from tests.conftest import ClientFactory

PAGES = {
    "/": ("方案总览", "Plan overview"),
    "/plan/tasks/": ("任务分解表", "Task breakdown"),
    "/plan/tasks/41/": ("交通领域绿色低碳行动", "Green and low-carbon transport"),
    "/plan/departments/": ("责任部门与单位", "Responsible departments and bodies"),
    "/plan/departments/eco/": ("区经委", "District Economic Commission"),
    "/indicators/": ("指标与目标", "Indicators and targets"),
}


@pytest.mark.parametrize("url", PAGES)
def test_page_speaks_chinese_by_default(client_as: ClientFactory, url: str) -> None:
    response = client_as("office").get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert PAGES[url][0] in html
    assert '<html lang="zh-hans">' in html
    assert "Log out" not in html and "退出" in html


@pytest.mark.parametrize("url", PAGES)
def test_page_speaks_english_when_asked(client_as: ClientFactory, url: str) -> None:
    response = client_as("office", language="en").get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert PAGES[url][1] in html
    assert '<html lang="en">' in html
    assert "Log out" in html


def test_language_switch_is_remembered(client_as: ClientFactory) -> None:
    client = client_as("office")
    client.post("/i18n/setlang/", {"language": "en", "next": "/plan/tasks/"})
    assert "Task breakdown" in client.get("/plan/tasks/").content.decode()
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/plan/tasks/"})
    assert "任务分解表" in client.get("/plan/tasks/").content.decode()
