"""The indicator pages write a figure one way (issue 18): a PUE with two decimals wherever it stands (its own
table, the places' table, the limit, the target), a ratio's gap to its path in its own unit, never as a
percentage; targets in Chinese word order; the heading of the PUE's sources names the months it holds; the
expected path drawn from where it starts; a period typed as Chinese writes it."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from carbonpeak.indicators import place_services
from carbonpeak.indicators.derive import derive_all
from carbonpeak.indicators.evaluation import evaluate_indicator, series_for_chart
from carbonpeak.indicators.models import Observation
from carbonpeak.indicators.observations import ObservationRow
from carbonpeak.indicators.templatetags.indicator_format import as_entered, footnotes
from carbonpeak.monitoring.vocabulary import MeterRole
from carbonpeak.plan.models import Department, Plan
from tests.conftest import ClientFactory
from tests.indicators.conftest import INTENSITY, SAVING, store
from tests.jobs.support import AS_OF, HOUR, data_centre_with_pue, hourly_month
from tests.monitoring.support import LOCAL, make_meter, make_unit

PUE = "existing_data_centre_pue"
# November 2026 measured, the month after the last one ended when the jobs' tests look (AS_OF: 2027-01-15) …
ONE_MONTH_NOW = int(dt.datetime(2027, 1, 15, 12, tzinfo=LOCAL).timestamp())


def visible(html: str) -> str:
    """The page's words: no scripts (a chart's data keep their numbers), no tags."""
    return re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>", "", html, flags=re.S))


def _place_pue(plan: Plan, place: str, value: float) -> None:
    """The place's PUE target (the district's ceiling) and its measured value, as the derivation stores it."""
    indicator = plan.indicators.get(code=PUE)
    place_services.set_place_target(indicator, place, 2025, value=1.4, note="演示 / demo", user=None,
                                    actor_label="tests")
    row = ObservationRow(row=1, indicator=PUE, period="2026", period_start=dt.date(2026, 1, 1),
                         period_end=dt.date(2026, 12, 31), value=value, entered_value=value, entered_unit="",
                         reference_value=None, source="在线监测 / monitoring", note="")
    place_services.store_place_values(indicator, [(Department.objects.get(code=place), row, 1.0, {})],
                                      derivation="tests", actor_label="tests")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_pue_reads_with_two_decimals_everywhere_on_its_page(plan: Plan, client_as: ClientFactory,
                                                              language: str) -> None:
    data_centre_with_pue(1.50)
    data_centre_with_pue(1.30, code="DC2")
    derive_all(plan, actor_label="tests", as_of=AS_OF, only=[PUE])
    _place_pue(plan, "shihua", 1.446)
    html = client_as("office", language).get(f"/indicators/{PUE}/").content.decode()
    # The plan's words stay as printed, and the column of unrounded figures is raw by design (its heading says so).
    text = visible(re.sub(r'<q class="plan-text".*?</q>|<td data-label="[^"]*" class="as-entered">.*?</td>', "", html,
                          flags=re.S))
    assert "1.45" in text and "1.446" not in text  # the place's value, as the data centres' own
    loose = [text[max(0, m.start() - 40):m.end() + 10] for m in re.finditer(r"(?<![\d.])1\.4(?![\d])", text)]
    assert not loose, f"the limit and the targets read 1.40, never 1.4: {loose}"
    assert text.count("1.40") >= 4  # the district value, the limit (×2 rows), the target, the place's target
    behind = "未落后" if language == "zh-hans" else "Not behind"
    assert behind in text and "0.0%" not in text  # a ratio's gap is not a percentage
    aside = r"1\.45\s*（2026）" if language == "zh-hans" else r"1\.45\s+\(2026\)"
    assert re.search(aside, text)  # the period bracketed as the reader's language brackets it


def test_a_ratio_behind_its_path_says_the_gap_in_its_own_unit(plan: Plan, client_as: ClientFactory) -> None:
    store(plan, PUE, {2024: 1.50, 2026: 1.46}, unit="")
    html = client_as("office").get(f"/indicators/{PUE}/").content.decode()
    behind = html.split('data-testid="behind-path">', 1)[1].split("</dd>", 1)[0]
    assert behind == "0.06"  # 1.46 against the 1.40 the path expects (2025's ceiling, kept), not "60.0%"


def test_the_sources_heading_names_the_months_the_pue_holds(plan: Plan, client_as: ClientFactory) -> None:
    unit = make_unit("DC9", industry="6450", data_centre=True)
    make_meter(unit, "DC9-TOTAL", interval_s=HOUR)
    make_meter(unit, "DC9-IT", role=MeterRole.IT_LOAD.value, interval_s=HOUR)
    hourly_month("DC9-TOTAL", 2026, 11, 132.0, ONE_MONTH_NOW)
    hourly_month("DC9-IT", 2026, 11, 100.0, ONE_MONTH_NOW)
    derive_all(plan, actor_label="tests", as_of=AS_OF, only=[PUE])
    obs = Observation.objects.get(indicator__code=PUE, period="2026")
    assert obs.source.startswith("CarbonPeak 在线监测：1个既有数据中心 2026年11月 / ")  # not 1—12月
    assert obs.source.endswith("2026, month 11")
    zh = client_as("office").get(f"/indicators/{PUE}/").content.decode()
    heading = zh.split('data-testid="pue-months">', 1)[1].split(" · ", 1)[0]
    assert heading == "11月的 PUE（本年已结束的1—12月中数据完整的月份）"
    en = client_as("office", "en").get(f"/indicators/{PUE}/").content.decode()
    assert "PUE over month 11, the months with complete data (ended so far: months 1–12)" in en


def test_a_chinese_month_range_takes_the_em_dash_and_the_english_one_the_en_dash() -> None:
    from carbonpeak.indicators.from_monitoring import _months_label, _months_label_en

    assert _months_label(list(range(1, 11))) == "1—10月"  # GB/T 15834-2011, as the monitoring pages write it
    assert _months_label([1, 3]) == "1、3月"
    assert _months_label_en(list(range(1, 11))) == ", months 1–10"


@pytest.mark.parametrize(("language", "target"), [("zh-hans", "2025年：较2020年 −14.0%"),
                                                  ("en", "2025: −14.0% vs 2020")])
def test_a_target_reads_in_the_readers_word_order(plan: Plan, client_as: ClientFactory, language: str,
                                                  target: str) -> None:
    store(plan, INTENSITY, {2023: -15.2})
    for url in (f"/indicators/{INTENSITY}/", "/indicators/"):
        assert target in visible(client_as("office", language).get(url).content.decode())


def test_the_expected_path_starts_at_the_first_value_when_the_plan_gives_no_base(plan: Plan) -> None:
    store(plan, PUE, {2024: 1.50, 2026: 1.46}, unit="")
    indicator = plan.indicators.get(code=PUE)
    chart = series_for_chart(evaluate_indicator(indicator, dt.date(2026, 12, 1)))
    path = dict(zip(chart["years"], chart["path"], strict=True))
    assert path["2020"] is None and path["2023"] is None  # nothing drawn before the first value
    assert path["2024"] == 1.5 and path["2025"] == 1.4
    Observation.objects.filter(indicator__code=PUE, period="2024").delete()
    lone = series_for_chart(evaluate_indicator(plan.indicators.get(code=PUE), dt.date(2026, 12, 1)))
    assert lone["path"] == []  # a first value after the target year: no path, not a flat line across the years


def test_a_base_year_path_still_starts_at_the_base(plan: Plan) -> None:
    store(plan, INTENSITY, {2023: -15.2})
    chart = series_for_chart(evaluate_indicator(plan.indicators.get(code=INTENSITY), dt.date(2026, 12, 1)))
    assert chart["path"][chart["years"].index("2020")] == 0.0


@pytest.mark.parametrize("period", ["2025年", "2025"])
def test_a_period_written_the_chinese_way_is_accepted_on_the_page(plan: Plan, client_as: ClientFactory,
                                                                  period: str) -> None:
    response = client_as("eco").post(f"/indicators/{SAVING}/", {"period": period, "value": "1.2", "unit": "%"})
    assert response.status_code == 302, response.content[:300]
    assert Observation.objects.get(indicator__code=SAVING, period="2025").value == 1.2
    html = client_as("eco").get(f"/indicators/{SAVING}/").content.decode()
    assert "期间（如 2025年、2025年第二季度、2025年6月）" in html


def test_the_data_table_names_each_cell_for_a_phone(plan: Plan, client_as: ClientFactory) -> None:
    store(plan, INTENSITY, {2023: -8.397})
    html = client_as("office").get(f"/indicators/{INTENSITY}/").content.decode()
    table = html.split('id="observations"', 1)[1].split("</table>", 1)[0]
    assert 'data-label="出处"' in table and 'data-label="填报原值（未修约）"' in table
    assert "−8.397%" in table and "−8.397 %" not in table  # the raw figure, spaced as the layer spaces %


def test_footnote_markers_and_raw_figures() -> None:
    assert footnotes("力争能源利用效率（PUE²）不高于1.4。") == "力争能源利用效率（PUE[注2]）不高于1.4。"
    assert footnotes("改造面积 100 m²") == "改造面积 100 m²"  # a unit's power stays a power
    assert as_entered(-8.397, "%") == "−8.397%"
    assert as_entered(1.3165, "") == "1.3165"
    assert as_entered(50000000, "千瓦时") == "50,000,000千瓦时"
    assert as_entered(None, "%") == "—"
