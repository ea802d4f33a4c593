"""The plan overview: counts, headline targets and the ECharts data for tasks by action."""

from __future__ import annotations

import json
import re

from tests.conftest import ClientFactory


def _chart_data(html: str) -> dict[str, list]:  # type: ignore[type-arg]
    match = re.search(r'<script id="tasks-by-action-data" type="application/json">(.*?)</script>', html, re.S)
    assert match, "chart data missing"
    return json.loads(match.group(1))  # type: ignore[no-any-return]


def test_overview_counts_actions_tasks_and_indicators(client_as: ClientFactory) -> None:
    html = client_as("leader").get("/?overview=1").content.decode()
    assert "金府发〔2023〕1号" in html
    assert "<strong>10</strong>" in html and "<strong>80</strong>" in html


def test_chart_series_add_up_to_the_tasks_of_each_action(client_as: ClientFactory) -> None:
    data = _chart_data(client_as("leader").get("/?overview=1").content.decode())
    assert len(data["categories"]) == 10
    ongoing, by_2025 = (s["data"] for s in data["series"])
    totals = [a + b for a, b in zip(ongoing, by_2025, strict=True)]
    assert sum(totals) == 80
    assert totals == [8, 14, 10, 8, 8, 11, 6, 5, 6, 4]
    assert sum(by_2025) == 11  # rows 10, 13, 26, 44, 48, 53, 59, 66, 67, 68, 70 of the table


def test_headline_shows_the_energy_intensity_target(client_as: ClientFactory) -> None:
    html = client_as("leader").get("/?overview=1").content.decode()
    assert "较2020年 −14.0%" in html  # the figures layer: a real minus, one decimal; Chinese word order


def test_task_filters_combine(client_as: ClientFactory) -> None:
    html = client_as("office").get("/plan/tasks/?action=5&time_node=by_2025").content.decode()
    assert sorted(int(n) for n in re.findall(r'data-task="(\d+)"', html)) == [44, 48]


def test_leaders_land_on_the_dashboard_and_others_on_the_overview(client_as: ClientFactory) -> None:
    response = client_as("leader").get("/")
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    assert client_as("office").get("/").status_code == 200
    assert client_as("eco").get("/").status_code == 200
