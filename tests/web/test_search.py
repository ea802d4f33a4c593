"""One search box: tasks, indicators, departments, key units and projects, each narrowed to what the reader
may see, grouped by kind on one page, every link one the reader may follow, and exported as xlsx."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from carbonpeak.plan.models import Plan
from tests.conftest import ClientFactory, UserGetter
from tests.monitoring.support import USCC_A, USCC_B, make_unit
from tests.review.support import stored_project


@pytest.fixture
def things(plan: Plan, user: UserGetter) -> None:
    for code, uscc, name in (("SOLAR-A", USCC_A, "光伏组件厂甲"),  # the demo enterprise's unit
                             ("SOLAR-B", USCC_B, "光伏组件厂乙")):  # another enterprise's
        unit = make_unit(code, uscc=uscc)
        unit.name = name
        unit.save()
    stored_project(user, name="光伏组件扩建项目")


def kinds(client_or_response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    return {g.kind: [h.title for h in g.hits] for g in client_or_response.context["groups"]}


def test_the_box_is_in_every_pages_top_bar(client_as: ClientFactory) -> None:
    html = client_as("eco").get("/plan/tasks/").content.decode()
    assert re.search(r'<form class="search-box" role="search" action="/search/"', html)


# who finds what: office / leader / department / town / enterprise
EXPECTED = {
    "office": {"task", "indicator", "unit", "project"},
    "leader": {"task", "indicator", "unit", "project"},
    "eco": {"task", "indicator", "unit"},
    "fengjing": {"task", "indicator", "unit"},
    "enterprise": {"indicator", "unit"},
}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_each_role_finds_only_what_it_may_see_and_every_link_opens(
        things: None, client_as: ClientFactory, who: str) -> None:
    client = client_as(who)
    response = client.get("/search/", {"q": "光伏"})
    assert response.status_code == 200
    found = kinds(response)
    assert set(found) == EXPECTED[who], found
    if who == "enterprise":
        assert found["unit"] == ["光伏组件厂甲"]  # its own unit, not the other enterprise's
    else:
        assert set(found["unit"]) == {"光伏组件厂甲", "光伏组件厂乙"}
    html = response.content.decode()
    results = html.split('class="search-results"', 1)[1]
    for link in set(re.findall(r'href="(/[^"#]+)', results)):
        assert client.get(link).status_code == 200, (who, link)


def test_a_department_finds_its_tasks_and_its_own_page_only(things: None, client_as: ClientFactory) -> None:
    eco = kinds(client_as("eco").get("/search/", {"q": "区"}))
    assert eco["department"] == ["区经委"]
    office = kinds(client_as("office").get("/search/", {"q": "区"}))
    assert len(office["department"]) > 5
    # fengjing is not on task 53 (a greening task): searching its number finds nothing for the town
    assert "task" not in kinds(client_as("fengjing").get("/search/", {"q": "53"}))
    assert kinds(client_as("eco").get("/search/", {"q": "53"}))["task"] == ["任务53"]


def test_an_indicator_links_to_its_page_only_for_who_may_read_the_figures(client_as: ClientFactory) -> None:
    html = client_as("enterprise").get("/search/", {"q": "光伏"}).content.decode()
    assert re.search(r'href="/indicators/#\w+"', html) and not re.search(r'href="/indicators/[a-z_]+/"', html)
    html = client_as("eco").get("/search/", {"q": "光伏"}).content.decode()
    assert re.search(r'href="/indicators/[a-z_0-9]+/"', html)


def test_nothing_typed_nothing_found_and_odd_input_is_harmless(client_as: ClientFactory) -> None:
    assert client_as("office").get("/search/").context["groups"] == []
    for q in ("%", "_", "'; DROP TABLE", "x" * 5000, "\u200b"):
        assert client_as("office").get("/search/", {"q": q}).status_code == 200
    assert client_as(None).get("/search/", {"q": "光伏"}).status_code == 302


def test_the_results_export_what_the_page_shows(things: None, client_as: ClientFactory) -> None:
    response = client_as("enterprise").get("/search.xlsx", {"q": "光伏"})
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "搜索 · 光伏"
    assert rows[1] == ("类别", "名称", "说明", "链接")
    units = [r for r in rows[2:] if r[0] == "重点用能单位"]
    assert [r[1] for r in units] == ["光伏组件厂甲"] and units[0][3].endswith("/monitoring/units/SOLAR-A/")
    assert not [r for r in rows[2:] if r[0] == "重点任务"]


def test_the_results_page_fits_a_phone_in_english_too(client_as: ClientFactory) -> None:
    html = client_as("office", "en").get("/search/", {"q": "PV"}).content.decode()
    assert 'id="results-indicator"' in html
