"""/accounting/factors/<code>/ reads in the reader's language: subjects, parameters and units by their names,
the doubts translated, Chinese sources kept as written (with their English description on the English page);
a translation alone is stored again without moving the set's digest."""

from __future__ import annotations

import dataclasses
import html as html_lib
import re

import pytest

from carbonpeak.accounting import factor_sets as fs
from carbonpeak.accounting import services
from carbonpeak.accounting.models import Factor, FactorSet
from tests.conftest import ClientFactory

SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
TAGS = re.compile(r"<[^>]+>")


def table_text(page: str) -> str:
    """What the factor table shows (no attributes: tooltips may keep the codes)."""
    table = re.search(r'<section[^>]*id="factors".*?</section>', page, re.S)
    assert table is not None
    return html_lib.unescape(TAGS.sub(" ", table.group(0)))


def test_the_chinese_page_names_everything_in_chinese(client_as: ClientFactory) -> None:
    response = client_as("office").get("/accounting/factors/shanghai/")
    assert response.status_code == 200
    text = table_text(response.content.decode())
    for shown in ("电力", "热力", "焦炉煤气", "甲烷（CH₄）", "林地", "排放因子", "绿色电力排放因子", "单位热值含碳量",
                  "平均低位发热量", "全球增温潜势（GWP）", "吨二氧化碳/万千瓦时", "吨碳/太焦", "千克二氧化碳/千瓦时",
                  "吉焦/万立方米", "2022年调整前的数值", "数值取自软件程序中录入的该表，未查阅标准原文。",
                  "第8章 表8.7（GWP100）", "沪环气〔2022〕34号", "附录C 表C.1", "继承"):
        assert shown in text, shown
    assert SNAKE.findall(text) == []
    assert "<title>上海市现行因子" in response.content.decode()  # the tab names the set, not its id
    for english in ("electricity", "emission_factor", "t_CO2", "t_C/TJ", "Code transcription", "The value before",
                    "Chapter 8", "Shanghai Municipal", "Appendix"):
        assert english not in text, english
    # A dimensionless factor (a GWP, an oxidation rate) shows a dash, not "1".
    page = response.content.decode()
    assert re.search(r'<td class="unit" title="1"><span class="dimensionless" title="无量纲">—</span></td>', page)


def test_the_english_page_names_everything_in_english(client_as: ClientFactory) -> None:
    page = client_as("office", "en").get("/accounting/factors/shanghai/").content.decode()
    text = table_text(page)
    for shown in ("Electricity", "Coke-oven gas", "Methane (CH₄)", "Emission factor", "Carbon content per unit of heat",
                  "t CO₂/10⁴ kWh", "t C/TJ", "kg CO₂/kWh", "The value before the 2022 adjustment",
                  "Code transcription of the table.", "Chapter 8 Table 8.7 (GWP100)", "inherited"):
        assert shown in text, shown
    assert SNAKE.findall(text) == []
    assert "调整前的数值" not in text and "软件程序" not in text
    # A Chinese source stays exactly as written, marked as Chinese, its English description after it.
    assert ('<span lang="zh">沪环气〔2022〕34号</span> <small class="gloss">(Shanghai Municipal Bureau of Ecology and '
            'Environment, notice Hu Huan Qi [2022] No. 34)</small>') in page
    assert "附录C 表C.1</span> (Appendix C, Table C.1) (2024)" in page


def test_codes_stay_in_the_tooltips(client_as: ClientFactory) -> None:
    page = client_as("office").get("/accounting/factors/cn-national/").content.decode()
    assert '<span class="subject" title="coke_oven_gas">焦炉煤气</span>' in page
    assert '<td class="parameter" title="carbon_content">单位热值含碳量</td>' in page
    assert '<td class="unit" title="t_C/TJ">吨碳/太焦</td>' in page


@pytest.mark.django_db
def test_a_translation_alone_is_stored_and_keeps_the_digest() -> None:
    spec = fs.bundled_factor_sets()["shanghai"]
    before = FactorSet.objects.get(code="shanghai").digest
    first = spec.rows[0]
    corrected = dataclasses.replace(spec, rows=(dataclasses.replace(first, doubt_zh="更正后的说明。"), *spec.rows[1:]))
    assert services.store_factor_set(corrected, actor_label="test", bundled=True)
    assert FactorSet.objects.get(code="shanghai").digest == before == spec.digest()
    assert Factor.objects.filter(factor_set__code="shanghai", doubt_zh="更正后的说明。").count() == 1
    assert services.resolve_factor_set("shanghai").label() == "shanghai@2026-11#5305f3c37846"
    # The same again is unchanged.
    assert not services.store_factor_set(corrected, actor_label="test", bundled=True)
