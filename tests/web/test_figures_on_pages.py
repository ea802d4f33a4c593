"""Pages write figures through the one layer (common/figures.py): the dashboard's headline and the
indicator's tile show one figure one way, targets use a real minus, charts load the shared formatter."""

from __future__ import annotations

import re

import pytest

from carbonpeak.common.figures import format_figure
from carbonpeak.plan.models import Plan
from tests.conftest import ClientFactory
from tests.indicators.conftest import INTENSITY, store


def _text(html: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}">([^<]*)<', html)
    assert match, f"no {testid}"
    return match.group(1).strip()


def _tile(html: str, code: str) -> str:
    match = re.search(rf'data-indicator="{code}".*?data-testid="tile-value">([^<]*)<', html, re.S)
    assert match, f"no tile value for {code}"
    return match.group(1).strip()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_headline_and_the_tile_write_the_intensity_alike(plan: Plan, client_as: ClientFactory,
                                                             language: str) -> None:
    store(plan, INTENSITY, {2023: -15.2, 2025: -22.005})
    html = client_as("leader", language).get("/dashboard/").content.decode()
    assert _text(html, "headline-value") == _tile(html, INTENSITY) == "−22.0%"  # was −22.0 % beside −22.005 %
    page = client_as("leader", language).get(f"/indicators/{INTENSITY}/").content.decode()
    assert _text(page, "latest-value") == "−22.0%"  # the indicator's own page agrees (was −22.01 %)
    shown = re.sub(r"<script.*?</script>", "", html, flags=re.S)  # the sparklines' data keep the number
    assert "22.005" not in shown


@pytest.mark.parametrize(("language", "target"), [("zh-hans", "较2020年 −14.0%"), ("en", "−14.0% vs 2020")])
def test_targets_read_with_a_real_minus_and_their_unit(plan: Plan, client_as: ClientFactory, language: str,
                                                      target: str) -> None:
    html = client_as("leader", language).get("/?overview=1").content.decode()
    assert target in html
    # 既有公共建筑节能改造面积: +1,000,000 m² by 2030, in 万 for a Chinese reader
    assert ("较2020年新增 100万平方米" if language == "zh-hans" else "+1 million m² since 2020") in html


def test_every_page_loads_the_chart_formatter_before_the_charts(plan: Plan, client_as: ClientFactory) -> None:
    html = client_as("leader").get("/dashboard/").content.decode()
    assert html.index("web/figures.js") < html.index("web/chart-fit.js")


def test_the_filters_are_the_layer(client_as: ClientFactory, db: None) -> None:
    """A room's filter and the layer write one figure alike (monitoring's qty, roadmap's pct …)."""
    from django.utils import translation

    from carbonpeak.indicators.templatetags.indicator_format import num, share
    from carbonpeak.monitoring.templatetags.monitoring_format import delta, pct, pue, qty
    from carbonpeak.review.templatetags.review_figures import percent
    from carbonpeak.roadmap.templatetags.roadmap_format import signed, wan

    with translation.override("zh-hans"):
        assert qty(12345.678, "tce") == format_figure(12345.678, "quantity", "zh", unit="吨标准煤", compact=False)
        assert pct(0.875) == share(0.875) == percent(0.875) == "87.5%"
        assert delta(-0.01) == "−1.0%" and pue(1.3) == "1.30" and num(455000.0) == "455,000"
        assert wan(11_614_000) == "1,161" and signed(-14.23) == "−14.2%"
