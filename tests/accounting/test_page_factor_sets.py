"""/accounting/factors/ and /accounting/factors/<code>/: the factor sets and their sources."""

from __future__ import annotations

import csv
import re

import pytest

from tests.accounting._hand import FACTOR_DIR
from tests.conftest import ClientFactory

HEADING = {"zh-hans": "<h1>因子集</h1>", "en": "<h1>Factor sets</h1>"}
DEFAULT_BADGE = {"zh-hans": "方案默认", "en": "plan default"}
# A row inherited from cn-national says so; the set's name is in its tooltip (test_page_factor_set.py).
INHERITED = {"zh-hans": "继承</small>", "en": "inherited</small>"}


def national_rows() -> int:
    with (FACTOR_DIR / "cn-national.csv").open(encoding="utf-8") as f:
        return len(list(csv.DictReader(f)))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("username", ["office", "eco", "leader"])
def test_list_page(client_as: ClientFactory, username: str, language: str) -> None:
    response = client_as(username, language).get("/accounting/factors/")
    assert response.status_code == 200
    html = response.content.decode()
    assert HEADING[language] in html
    assert 'href="/accounting/factors/shanghai/"' in html and 'href="/accounting/factors/cn-national/"' in html
    # The plan's default (shanghai) carries the badge, once.
    assert html.count(DEFAULT_BADGE[language]) == 1
    shanghai_row = re.search(r'<code>shanghai</code>.*?</tr>', html, re.S)
    assert shanghai_row is not None and DEFAULT_BADGE[language] in shanghai_row.group(0)
    name = "Shanghai current factors" if language == "en" else "上海市现行因子"
    assert name in html


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("username", ["office", "eco", "leader"])
def test_shanghai_page_shows_inherited_rows(client_as: ClientFactory, username: str, language: str) -> None:
    response = client_as(username, language).get("/accounting/factors/shanghai/")
    assert response.status_code == 200
    html = response.content.decode()
    rows = re.findall(r"<tr( class=\"inherited\")? data-subject=", html)
    assert len(rows) == 5 + national_rows()
    assert sum(1 for r in rows if r) == national_rows() == html.count(INHERITED[language])
    assert 'href="/accounting/factors/cn-national/"' in html
    assert "shanghai@2026-11#" in html
    assert "沪环气〔2022〕34号" in html and "GB/T 2589-2020" in html


def test_national_page_has_no_inherited_rows(client_as: ClientFactory) -> None:
    html = client_as("office", "en").get("/accounting/factors/cn-national/").content.decode()
    assert 'class="inherited"' not in html
    assert "dual-control basis: calorific value" in html


def test_unknown_set_is_404(client_as: ClientFactory) -> None:
    assert client_as("office").get("/accounting/factors/atlantis/").status_code == 404


@pytest.mark.parametrize("url", ["/accounting/factors/", "/accounting/factors/shanghai/"])
def test_enterprise_gets_403(client_as: ClientFactory, url: str) -> None:
    assert client_as("enterprise").get(url).status_code == 403
