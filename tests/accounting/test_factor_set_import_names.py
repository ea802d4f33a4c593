"""The factor-set import reads subjects, parameters and units as the factor set's page shows them, in Chinese
or in English (电力 · 排放因子 · 吨二氧化碳/万千瓦时; Electricity · Emission factor · t CO₂/10⁴ kWh) and stores
the codes; an unknown name is refused with the accepted names in the reader's language, nothing stored."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from carbonpeak.accounting.factor_set_imports import EXAMPLE
from carbonpeak.accounting.models import Factor, FactorSet
from carbonpeak.web.models import StagedUpload
from tests.conftest import ClientFactory

URL = "/imports/factor-set/"
CHINESE = """id: stats-2023
name: 统计局口径 2023
extends: shanghai
rows:
  - {subject: 电力, parameter: 排放因子, value: 4.0, unit: 吨二氧化碳/万千瓦时, standard: 区统计局,
     valid_from: 2023-01-01, valid_to: 2023-12-31}
  - {subject: 原煤, parameter: 平均低位发热量, value: 20.9, unit: 吉焦/吨, standard: 区统计局}
  - {subject: 天然气, parameter: 折标准煤系数（当量值）, value: 12.1, unit: 吨标准煤/万立方米, standard: 区统计局}
"""
ENGLISH = """id: stats-2023
name: Statistics 2023
extends: shanghai
rows:
  - {subject: Electricity, parameter: Emission factor, value: 4.0, unit: t CO₂/10⁴ kWh, standard: bureau,
     valid_from: 2023-01-01, valid_to: 2023-12-31}
  - {subject: Raw coal, parameter: Net calorific value, value: 20.9, unit: GJ/t, standard: bureau}
  - {subject: Natural gas, parameter: Standard-coal coefficient (calorific value), value: 12.1,
     unit: tce/10⁴ m³, standard: bureau}
"""
STORED = {("electricity", "emission_factor", "t_CO2/(1e4*kWh)"), ("raw_coal", "ncv", "GJ/t"),
          ("natural_gas", "coal_coefficient", "tce/(1e4*m3)")}
TAGS = re.compile(r"<[^>]+>")


def _preview(client: Any, text: str) -> tuple[str, str]:
    response = client.post(URL, {"file": SimpleUploadedFile("set.yaml", text.encode("utf-8"))})
    assert response.status_code == 302
    location = str(response["Location"])
    return location, html_lib.unescape(TAGS.sub(" ", client.get(location).content.decode()))


def _confirm(client: Any, location: str) -> Any:
    pk = int(re.findall(r"/(\d+)/$", location)[0])
    return client.post(f"{location}confirm", {"sha256": StagedUpload.objects.get(pk=pk).sha256})


@pytest.mark.parametrize(("language", "content", "shown"), [
    ("zh-hans", CHINESE, ("电力", "排放因子", "吨二氧化碳/万千瓦时", "原煤", "吉焦/吨", "天然气", "吨标准煤/万立方米")),
    ("en", ENGLISH, ("Electricity", "Emission factor", "t CO₂/10⁴ kWh", "Raw coal", "GJ/t", "Natural gas",
                     "tce/10⁴ m³")),
])
def test_a_set_written_in_names_is_previewed_in_names_and_stored_in_codes(
        client_as: ClientFactory, language: str, content: str, shown: tuple[str, ...]) -> None:
    office = client_as("office", language)
    location, text = _preview(office, content)
    for name in shown:
        assert name in text, name
    assert "emission_factor" not in text and "t_CO2" not in text  # the preview names what it read
    assert _confirm(office, location).status_code == 302
    stored = FactorSet.objects.get(code="stats-2023")
    assert {(f.subject, f.parameter, f.unit) for f in Factor.objects.filter(factor_set=stored)} == STORED


BAD = """id: stats-2023
name: 统计局口径 2023
extends: shanghai
rows:
  - {subject: 氢气, parameter: 排放银子, value: 4.0, unit: 马力, standard: 区统计局}
"""


def test_unknown_names_are_refused_with_the_chinese_list_on_the_chinese_page(client_as: ClientFactory) -> None:
    _location, text = _preview(client_as("office"), BAD)
    assert "未知对象「氢气」，可填：电力、热力、蒸汽、原煤" in text and "天然气" in text
    assert "未知参数「排放银子」，可填：折标准煤系数（当量值）" in text and "排放因子" in text
    assert "无法识别的单位「马力」" in text and "吨二氧化碳/万千瓦时" in text
    assert "accepted" not in text and "Electricity" not in text
    assert 'id="confirm-import"' not in text
    assert not FactorSet.objects.filter(code="stats-2023").exists()


def test_unknown_names_are_refused_with_the_english_list_on_the_english_page(client_as: ClientFactory) -> None:
    _location, text = _preview(client_as("office", "en"), BAD)
    assert "unknown subject '氢气'; accepted: Electricity, Heat, Steam, Raw coal" in text
    assert "unknown parameter '排放银子'; accepted: Standard-coal coefficient (calorific value)" in text
    assert "unknown unit '马力'" in text and "t CO₂/10⁴ kWh" in text
    assert "可填" not in text and "emission_factor" not in text
    assert not FactorSet.objects.filter(code="stats-2023").exists()


@pytest.mark.parametrize(("language", "says"), [
    ("zh-hans", ("对象：电力、热力、蒸汽、原煤", "参数：折标准煤系数（当量值）", "吨二氧化碳/万千瓦时")),
    ("en", ("Subjects: Electricity, Heat, Steam, Raw coal", "Parameters: Standard-coal coefficient",
            "t CO₂/10⁴ kWh")),
])
def test_the_form_lists_the_accepted_names_in_the_reader_language(client_as: ClientFactory, language: str,
                                                                  says: tuple[str, ...]) -> None:
    page = html_lib.unescape(client_as("office", language).get(URL).content.decode())
    for text in says:
        assert text in page, text


def test_the_example_file_is_written_in_names_and_reads(client_as: ClientFactory) -> None:
    assert "subject: 电力" in EXAMPLE and "unit: 千克标准煤/千瓦时" in EXAMPLE and "subject: Natural gas" in EXAMPLE
    _location, text = _preview(client_as("office"), EXAMPLE)
    assert "新建因子集 stats-2023，共 2 条因子" in text and "天然气" in text and "吨二氧化碳/万立方米" in text
