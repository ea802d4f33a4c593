"""Stored labels read in the reader's language: a factor set by its name (the label in the tooltip), the
half of a stored "中文 / English" text, an energy type by its name, who acted."""

from __future__ import annotations

import pytest
from django.utils import translation

from carbonpeak.web.templatetags.shown import actor, energy_name, factor_sets, in_language

LABEL = "shanghai@2026-11#5305f3c37846"


@pytest.mark.django_db
def test_a_factor_set_label_reads_as_its_name_with_the_label_in_the_tooltip() -> None:
    from carbonpeak.accounting.services import sync_bundled_factor_sets

    sync_bundled_factor_sets("test")
    with translation.override("zh-hans"):
        html = factor_sets(f"CarbonPeak 核算 {LABEL} <b>")
    assert html.startswith("CarbonPeak 核算 <span class=\"factor-set\" title=\"" + LABEL + "\">上海市现行因子")
    assert html.endswith("（2026年11月版）</span> &lt;b&gt;")
    with translation.override("en"):
        assert "Shanghai current factors" in factor_sets(LABEL)
        assert factor_sets(LABEL).endswith("(November 2026 edition)</span>")
    assert factor_sets("unknown@1#abcdef012345") == "unknown@1#abcdef012345"


@pytest.mark.parametrize(("text", "zh", "en"), [
    ("演示数据 / demo", "演示数据", "demo"),
    ("常住人口×人均（演示）/ residents × waste (demo)", "常住人口×人均（演示）", "residents × waste (demo)"),
    ("GB/T 2589-2020 当量值", "GB/T 2589-2020 当量值", "GB/T 2589-2020 当量值"),
    ("a / b", "a / b", "a / b"),
])
def test_the_reader_gets_their_half_of_a_stored_bilingual_text(text: str, zh: str, en: str) -> None:
    with translation.override("zh-hans"):
        assert in_language(text) == zh
    with translation.override("en"):
        assert in_language(text) == en


def test_energy_types_and_actors_by_name() -> None:
    with translation.override("zh-hans"):
        assert (energy_name("steam"), energy_name("nope"), actor("cli:setup (root)")) == ("蒸汽", "nope",
                                                                                           "系统初始化（命令行）")
    with translation.override("en"):
        assert (energy_name("steam"), actor("api:eco")) == ("Steam", "eco (API)")
