"""The calculator's "factors used" table names each factor as the factor set's page does: subject and parameter
by their names and the unit in words in the reader's language, the value as cited (every digit); the codes
and every digit of the value as cited stay in the tooltips (issue 18, screenshots A1)."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from tests.accounting._hand import DIESEL_AND_ELECTRICITY_CSV
from tests.conftest import ClientFactory

URL = "/accounting/calculate/"
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
TAGS = re.compile(r"<[^>]+>")


def factors_used(client: object) -> tuple[str, str]:
    page = client.post(URL, {"csv": DIESEL_AND_ELECTRICITY_CSV}).content.decode()  # type: ignore[attr-defined]
    assert "{#" not in page and "factor_names" not in page  # no template comment leaks into the page
    table = re.search(r'<table[^>]*id="factors-used".*?</table>', page, re.S)
    assert table is not None, "no factors-used table"
    return table.group(0), html_lib.unescape(TAGS.sub(" ", table.group(0)))


def row(table: str, subject: str, parameter: str) -> str:
    found = re.search(rf'<tr data-subject="{subject}" data-parameter="{parameter}">.*?</tr>', table, re.S)
    assert found is not None, (subject, parameter)
    return found.group(0)


@pytest.mark.parametrize(("language", "shown", "absent"), [
    ("zh-hans", ("柴油", "电力", "平均低位发热量", "排放因子", "折标准煤系数（当量值）", "吨二氧化碳/万千瓦时",
                 "千克标准煤/千克", "吉焦/吨", "沪环气〔2022〕34号"),
     ("Diesel", "Emission factor", "t CO₂", "GJ/t")),
    ("en", ("Diesel", "Electricity", "Net calorific value", "Emission factor", "t CO₂/10⁴ kWh", "kgce/kg", "GJ/t"),
     ("柴油", "平均低位发热量", "吨二氧化碳")),  # a Chinese source stays as written, its description after it
])
def test_factors_read_by_their_names_in_the_reader_language(client_as: ClientFactory, language: str,
                                                             shown: tuple[str, ...], absent: tuple[str, ...]) -> None:
    _table, text = factors_used(client_as("enterprise", language))
    for name in shown:
        assert name in text, name
    for name in absent:
        assert name not in text, name
    assert SNAKE.findall(text) == []  # no code left in the cells (emission_factor, t_CO2 …)


@pytest.mark.parametrize(("value", "shown"), [
    (42.652, "42.652"), (29307.6, "29,307.6"), (28.0, "28"), (-0.5, "\u22120.5"), (0.00001, "0.00001"),
    (1234567, "1,234,567"), ("0.2700", "0.2700"), (-0.0, "0"), (None, "—"),
])
def test_a_cited_factor_is_written_as_given(value: object, shown: str) -> None:
    from carbonpeak.accounting.templatetags.factor_lines import as_cited

    assert as_cited(value) == shown  # type: ignore[arg-type]


def test_values_are_written_as_cited_and_the_codes_stay_in_tooltips(client_as: ClientFactory) -> None:
    table, _text = factors_used(client_as("enterprise"))
    ncv = row(table, "diesel", "ncv")
    # 42.652 GJ/t as cited: a factor quoted from a standard keeps every digit it has (never 42.65).
    assert '<td class="num value" title="42.652">42.652</td>' in ncv
    assert '<td class="unit" title="GJ/t">吉焦/吨</td>' in ncv
    assert '<td class="parameter" title="ncv">平均低位发热量</td>' in ncv
    grid = row(table, "electricity", "emission_factor")
    assert '<td class="num value" title="4.2">4.2</td>' in grid
    assert '<td class="unit" title="t_CO2/(1e4*kWh)">吨二氧化碳/万千瓦时</td>' in grid
    assert "<code>" not in table


def test_the_result_line_uses_the_language_s_colon(client_as: ClientFactory) -> None:
    zh = client_as("enterprise").post(URL, {"csv": DIESEL_AND_ELECTRICITY_CSV}).content.decode()
    assert "因子集：<span" in zh and "2 条记录" in zh and "因子集:" not in zh
    assert "；可选：" in zh
    en = client_as("enterprise", "en").post(URL, {"csv": DIESEL_AND_ELECTRICITY_CSV}).content.decode()
    assert "Factor set: <span" in en and "2 records" in en
