"""The dashboard's headline and tiles read as one text in each language (issue 18): the figure with its year
in the language's brackets, what it is read against named (the target of that year, or the path's value for
an earlier year) with a Chinese colon in Chinese, the six status counts in a grid of their own, and the
actions without indicators named under the chart that has no row for them."""

from __future__ import annotations

import re

import pytest

from carbonpeak.plan.models import Plan
from tests.conftest import ClientFactory
from tests.indicators.conftest import INTENSITY, store


def _card(html: str) -> str:
    return html.split('data-testid="headline-intensity"', 1)[1].split("</div>", 1)[0]


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", fragment)).strip()


@pytest.mark.parametrize(("language", "figure", "against"), [
    ("zh-hans", "−22.0%（2025）", "2025年目标：−14.0%"),
    ("en", "−22.0% (2025)", "Target for 2025: −14.0%"),
])
def test_the_headline_figure_carries_its_year_and_its_target(plan: Plan, client_as: ClientFactory, language: str,
                                                            figure: str, against: str) -> None:
    store(plan, INTENSITY, {2023: -15.2, 2025: -22.005})
    card = _card(client_as("leader", language).get("/dashboard/").content.decode())
    line = card.split('class="figure-line"', 1)[1].split("</strong>", 1)[0]
    assert _text(line.split(">", 1)[1]) == figure  # the figure and its year: one phrase, kept on one line
    path = _text(card.split('data-testid="headline-path">', 1)[1].split("</small>", 1)[0])
    assert path == against  # in the target year the path's value is the target: named once
    if language == "zh-hans":
        assert "(" not in _text(card) and "进度" not in card and ": " not in path
    else:
        assert "（" not in _text(card)


@pytest.mark.parametrize(("language", "against"), [("zh-hans", "按进度2023年应达到 "),
                                                   ("en", "Expected on the path for 2023: ")])
def test_an_earlier_year_is_read_against_the_path(plan: Plan, client_as: ClientFactory, language: str,
                                                 against: str) -> None:
    store(plan, INTENSITY, {2021: -3.0, 2023: -12.0})
    card = _card(client_as("leader", language).get("/dashboard/").content.decode())
    path = _text(card.split('data-testid="headline-path">', 1)[1].split("</small>", 1)[0])
    assert path.startswith(against) and ("2025年目标：−14.0%" in path or "Target for 2025: −14.0%" in path)


def test_the_status_counts_fill_a_grid_of_their_own(plan: Plan, client_as: ClientFactory) -> None:
    html = client_as("leader").get("/dashboard/").content.decode()
    headline = html.split('<section class="headline">', 1)[1].split("</section>", 1)[0]
    counts = html.split('<section class="status-counts"', 1)[1].split("</section>", 1)[0]
    assert "data-count=" not in headline and len(re.findall(r"data-count=", counts)) == 6
    assert "web/dashboard.css" in html  # where the grid is drawn


def test_actions_without_indicators_are_named_under_the_chart(plan: Plan, client_as: ClientFactory) -> None:
    with_indicators = set(plan.indicators.exclude(action__isnull=True).values_list("action__number", flat=True))
    missing = [n for n in plan.actions.order_by("number").values_list("number", flat=True)
               if n not in with_indicators]
    assert missing  # the Jinshan plan gives some actions no indicator (1, 7, 9 and 10)
    html = client_as("leader").get("/dashboard/").content.decode()
    note = _text(html.split('data-testid="uncharted-actions">', 1)[1].split("</p>", 1)[0])
    assert note == f"行动{'、'.join(map(str, missing))}在方案中未设指标，图中不列。"
    english = client_as("leader", "en").get("/dashboard/").content.decode()
    note = _text(english.split('data-testid="uncharted-actions">', 1)[1].split("</p>", 1)[0])
    assert note.startswith(f"Actions {', '.join(map(str, missing))} have no indicator in the plan")


@pytest.mark.parametrize(("language", "bracketed"), [("zh-hans", "（2025）"), ("en", " (2025)")])
def test_tiles_write_the_period_in_the_languages_brackets(plan: Plan, client_as: ClientFactory, language: str,
                                                          bracketed: str) -> None:
    store(plan, INTENSITY, {2025: -22.005})
    html = client_as("leader", language).get("/dashboard/").content.decode()
    tile = html.split(f'data-indicator="{INTENSITY}"', 1)[1].split("</small>", 1)[0]
    assert tile.split('data-testid="tile-value">', 1)[1].startswith("−22.0%</span>" + bracketed)
