"""Running scenarios on a page: pathways, wedges, fan, tornado and the comparison table, with the same
figures as the CLI, and the IAMC downloads."""

from __future__ import annotations

import json
import re

from tests.conftest import ClientFactory, UserGetter
from tests.roadmap.support import stored_child


def test_compare_the_plan_and_a_child(client_as: ClientFactory, user: UserGetter) -> None:
    stored_child(user)
    response = client_as("leader", "en").get("/roadmap/run/?scenario=plan&scenario=plan-more-pv&runs=200&seed=2")
    assert response.status_code == 200
    context = response.context
    assert context["focus"] == "plan-more-pv"  # the user's scenario is the one examined
    # The baseline is added so that the wedges reach it.
    assert list(context["data"]["scenarios"]) == ["baseline", "plan", "plan-more-pv"]
    rows = {c.id: c for c in context["comparison"]}
    assert rows["plan-more-pv"].peak_year == context["data"]["scenarios"]["plan-more-pv"]["peak_year"]
    assert rows["plan-more-pv"].p_peak_by_2030 is not None and rows["plan"].p_peak_by_2030 is not None
    wedges = context["wedges"]
    assert wedges["scenario_name"] == "Plan with twice the new PV" and wedges["baseline_name"].startswith("Baseline")
    assert {m["id"] for m in wedges["measures"]} >= {"pv_new", "offshore_wind"}
    fan = context["fan"]
    # the bands are named for the reader (the share of runs inside), not by their percentiles
    assert [b["name"] for b in fan["bands"]] == ["90% range", "50% range"] and len(fan["median"]) == len(fan["years"])
    assert context["tornado"]["labels"]
    html = response.content.decode()
    for chart in ("roadmap-pathways", "roadmap-wedges", "roadmap-fan", "roadmap-tornado"):
        assert f'id="{chart}"' in html and f'id="{chart}-data"' in html
    assert "/static/vendor/echarts/echarts.min.js" in html and "cdn" not in html.lower()
    pathways = json.loads(html.split('id="roadmap-pathways-data" type="application/json">')[1].split("</script>")[0])
    assert [s["id"] for s in pathways["series"]] == ["baseline", "plan", "plan-more-pv"]
    assert 'data-testid="export-csv"' in html and "scenario=plan-more-pv" in html


def test_all_scenarios_by_default(client_as: ClientFactory) -> None:
    response = client_as("office").get("/roadmap/run/?runs=50")
    assert list(response.context["data"]["scenarios"]) == ["baseline", "plan", "plan_slow", "progress"]


def test_bad_numbers_are_shown_not_run(client_as: ClientFactory) -> None:
    response = client_as("office", "en").get("/roadmap/run/?runs=many&horizon=2200")
    assert response.status_code == 200
    assert set(response.context["errors"]) == {"runs"}
    response = client_as("office", "en").get("/roadmap/run/?horizon=2200")
    assert "horizon" in " ".join(response.context["problems"])
    assert "data" not in response.context


def test_unknown_scenario_is_named(client_as: ClientFactory) -> None:
    response = client_as("office", "en").get("/roadmap/run/?scenario=nope")
    assert "no such scenario: nope" in " ".join(response.context["problems"])


def test_page_downloads(client_as: ClientFactory) -> None:
    client = client_as("eco")
    csv_response = client.get("/roadmap/export.csv?scenario=plan")
    assert csv_response["Content-Disposition"] == 'attachment; filename="carbonpeak-roadmap-iamc.csv"'
    assert csv_response.content.decode().startswith("Model,Scenario,Region,Variable,Unit")
    xlsx = client.get("/roadmap/export.xlsx?scenario=plan")
    assert xlsx.content[:2] == b"PK"


def _between(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


def test_the_central_peak_and_the_runs_are_labelled_side_by_side(client_as: ClientFactory) -> None:
    """Issue 18: the comparison's peak year (central pathway) and the uncertainty box's probability and
    percentiles (Monte Carlo) are two figures; each is named, and the page says why they differ."""
    url = "/roadmap/run/?scenario=baseline&scenario=plan&focus=plan&runs=200&seed=3"
    response = client_as("leader").get(url)
    context, html = response.context, response.content.decode()
    central = context["data"]["scenarios"]["plan"]["peak_year"]
    assert "达峰年份（中心估计）" in html  # the comparison's column
    assert "中心估计" in _between(html, 'data-testid="two-figures"', "</p>") and "200次蒙特卡洛模拟" in html
    box = _between(html, 'id="monte-carlo"', "</section>")
    shown_central = re.search(r'data-testid="central-peak-year">([^<]+)<', box)
    assert shown_central and shown_central.group(1) == (str(central) if central else "预测期后")
    assert "200次模拟中2030年前达峰的概率" in box and 'data-testid="p-peak-2030"' in box
    assert "200次模拟的达峰年份" in box and "中位数" in _between(box, 'data-testid="why-differ"', "</p>")
    en = client_as("leader", "en").get(url).content.decode()
    box = _between(en, 'id="monte-carlo"', "</section>")
    assert "Peak year, central estimate" in box and "Probability of peaking by 2030, over 200 runs" in box
    assert "Why the central estimate and the runs differ" in box


def test_english_words_not_symbols(client_as: ClientFactory) -> None:
    """Issue 18 (shots2 B): the English page said P(peak by 2030); the Chinese header read 峰值 (万吨…) with ASCII
    brackets; the scenarios were a multiple select with no word on how to pick several."""
    url = "/roadmap/run/?scenario=baseline&scenario=plan&focus=plan&runs=50"
    en = client_as("leader", "en").get(url).content.decode()
    assert "P(peak" not in en and "Probability of peaking by 2030" in en
    zh = client_as("leader").get(url).content.decode()
    assert "峰值（万吨二氧化碳）" in zh and "峰值 (" not in zh
    form = _between(zh, 'id="run-form"', "</form>")
    assert "<select" not in form and "情景（可多选）" in form
    ticked = re.findall(r'<input type="checkbox" name="scenario" value="([^"]+)"( checked)?>', form)
    assert {v for v, c in ticked} == {"baseline", "plan", "plan_slow", "progress"}
    assert {v for v, c in ticked if c} == {"baseline", "plan"}


def test_the_wedges_key_adds_up(client_as: ClientFactory) -> None:
    """Issue 18 (shots2 A12): the wedges' ECharts legend was paged and drawn over the axis's unit. The page
    draws a key instead: the baseline, each measure taken off it (in its own colour, none repeated) and the
    scenario, in 2030, which add up; and it says why the wedges are net CO₂ while the peak is gross."""
    url = "/roadmap/run/?scenario=baseline&scenario=plan&focus=plan&runs=0"
    response = client_as("leader").get(url)
    wedges, html = response.context["wedges"], response.content.decode()
    assert wedges["key_year"] == "2030"
    measures = wedges["measures"]
    colours = [m["colour"] for m in measures]
    assert len(set(colours)) == len(colours) and wedges["baseline_colour"] not in colours
    keys = [abs(m["key"]) for m in measures]
    assert keys == sorted(keys, reverse=True)  # stacked and listed largest first
    assert abs(wedges["baseline_key"] - sum(m["key"] for m in measures) - wedges["scenario_key"]) < 0.01
    key = _between(html, 'id="wedges-key"', "</table>")
    rows = re.findall(r'<tr[^>]*data-series="([^"]+)"[^>]*>.*?<td class="num">([^<]+)</td>', key, re.S)
    assert [r[0] for r in rows] == [wedges["baseline_name"]] + [m["name"] for m in measures] + [wedges["scenario_name"]]
    assert rows[1][1].startswith("−")  # a measure takes its share off the baseline
    assert "2030年二氧化碳净排放（万吨二氧化碳）" in key
    note = _between(html, 'data-testid="net-not-gross"', "</p>")
    assert "净排放的沙普利值" in note and "的 沙普利值" not in note and "二氧化碳排放总量" in note
    en = client_as("leader", "en").get(url).content.decode()
    assert "which sinks do not lower" in _between(en, 'data-testid="net-not-gross"', "</p>")
