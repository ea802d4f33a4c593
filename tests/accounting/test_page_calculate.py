"""/accounting/calculate/: the calculator page (paste or upload a CSV; nothing is stored)."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from carbonpeak.accounting.models import ActivityRecord
from carbonpeak.common.figures import format_figure
from tests.accounting._hand import (
    CSV_HEADER,
    DIESEL_AND_ELECTRICITY_CSV,
    DIESEL_CO2_PER_T,
    DIESEL_TCE_PER_T,
    ELEC_CO2_NATIONAL_2023,
    ELEC_CO2_SHANGHAI_2023,
    ELEC_TCE_PER_10K_KWH,
)
from tests.conftest import ClientFactory


def fig(value: float) -> str:
    """A calculator total as the figures layer writes it in a table: 4 significant digits."""
    return format_figure(value, "energy", "zh", compact=False)

URL = "/accounting/calculate/"
HEADING = {"zh-hans": "能耗与碳排放核算器", "en": "Energy and carbon calculator"}
NOTHING_CALCULATED = {"zh-hans": "未进行计算，请更正以下问题", "en": "Nothing was calculated: please correct these"}


def cell(html: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}">([^<]*)<', html)
    assert match, f"{testid} not shown"
    return match.group(1)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("username", ["office", "eco", "leader", "enterprise"])
def test_form_is_offered(client_as: ClientFactory, username: str, language: str) -> None:
    response = client_as(username, language).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert HEADING[language] in html
    assert '<form method="post" enctype="multipart/form-data" id="calculate-form">' in html
    assert '<option value="shanghai" selected>' in html
    assert 'id="result"' not in html


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_pasted_csv_shows_the_result(client_as: ClientFactory, language: str) -> None:
    before = ActivityRecord.objects.count()
    response = client_as("enterprise", language).post(URL, {"csv": DIESEL_AND_ELECTRICITY_CSV})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="result"' in html
    assert cell(html, "total-energy") == fig(DIESEL_TCE_PER_T + ELEC_TCE_PER_10K_KWH) == "2.686"
    assert cell(html, "total-co2") == fig(DIESEL_CO2_PER_T + ELEC_CO2_SHANGHAI_2023) == "7.296"
    assert 'title="shanghai@2026-11#' in html  # the label in the tooltip, the set by its name
    assert NOTHING_CALCULATED[language] not in html
    assert ActivityRecord.objects.count() == before


def test_chosen_factor_set_is_used_and_kept_selected(client_as: ClientFactory) -> None:
    response = client_as("office").post(URL, {"csv": DIESEL_AND_ELECTRICITY_CSV, "factor_set": "cn-national"})
    html = response.content.decode()
    assert cell(html, "total-co2") == fig(DIESEL_CO2_PER_T + ELEC_CO2_NATIONAL_2023) == "8.402"
    assert 'title="cn-national@2026-11#' in html
    assert '<option value="cn-national" selected>' in html
    assert '<option value="shanghai" selected>' not in html


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_bad_csv_shows_the_errors_and_no_result(client_as: ClientFactory, language: str) -> None:
    text = f"{CSV_HEADER}\nA,2023,diesel,1,kWh\nA,2023,electricity,10000,kWh\nA,2023,coal-ish,3,t\n"
    response = client_as("enterprise", language).post(URL, {"csv": text})
    assert response.status_code == 200
    html = response.content.decode()
    assert NOTHING_CALCULATED[language] in html
    assert 'id="result"' not in html and "total-energy" not in html
    # Each error in the reader's language only, the column by its name (not "中文 / English", not a code).
    if language == "en":
        assert "row 2 · unit: " in html and "row 4 · energy type: unknown energy type" in html and "第2行" not in html
    else:
        assert "第2行 · 计量单位：" in html and "第4行 · 能源品种：未知能源品种" in html and "row 2" not in html
    errors = html[html.index('class="card errors"'):]
    errors = errors[:errors.index("</section>")]
    assert "coal-ish" in errors and "row 3" not in errors and "第3行" not in errors and "energy_type" not in errors
    # The pasted text is given back for correction.
    assert "A,2023,coal-ish,3,t" in html


def test_missing_column_is_named(client_as: ClientFactory) -> None:
    text = "entity,period,energy_type,quantity\nA,2023,diesel,1\n"
    html = client_as("office").post(URL, {"csv": text}).content.decode()
    assert "第1行 · 计量单位：" in html and "row 1" not in html
    assert 'id="result"' not in html


def test_empty_submission_asks_for_records(client_as: ClientFactory) -> None:
    html = client_as("office", "en").post(URL, {"csv": "  "}).content.decode()
    assert "csv: paste records or choose a file" in html
    assert 'id="result"' not in html


def test_unknown_factor_set_is_an_error(client_as: ClientFactory) -> None:
    html = client_as("office").post(URL, {"csv": DIESEL_AND_ELECTRICITY_CSV, "factor_set": "atlantis"}).content.decode()
    assert "atlantis · 因子集：因子集不存在" in html and "factor_set:" not in html
    assert 'id="result"' not in html


def test_uploaded_csv_file_is_used(client_as: ClientFactory) -> None:
    # Saved from a spreadsheet: UTF-8 with a byte-order mark, Chinese unit spelling.
    content = "\ufeffentity,period,energy_type,quantity,unit\n甲,2023,diesel,2,吨\n".encode()
    upload = SimpleUploadedFile("records.csv", content, content_type="text/csv")
    response = client_as("enterprise").post(URL, {"file": upload, "csv": ""})
    html = response.content.decode()
    assert cell(html, "total-energy") == fig(2 * DIESEL_TCE_PER_T) == "2.914"
    assert cell(html, "total-co2") == fig(2 * DIESEL_CO2_PER_T) == "6.192"
    assert "<th>甲</th>" in html


def test_upload_wins_over_pasted_text(client_as: ClientFactory) -> None:
    upload = SimpleUploadedFile("records.csv", b"entity,period,energy_type,quantity,unit\nA,2023,diesel,1,t\n")
    html = client_as("office").post(URL, {"file": upload, "csv": DIESEL_AND_ELECTRICITY_CSV}).content.decode()
    assert cell(html, "total-energy") == "1.457"


def test_file_that_is_not_utf8_is_refused(client_as: ClientFactory) -> None:
    text = "entity,period,energy_type,quantity,unit\n甲,2023,diesel,1,t\n"
    upload = SimpleUploadedFile("records.csv", text.encode("gbk"))
    html = client_as("office", "en").post(URL, {"file": upload}).content.decode()
    assert "file: not UTF-8 text; save the CSV as UTF-8" in html
    assert 'id="result"' not in html


def test_anonymous_is_sent_to_log_in(client_as: ClientFactory) -> None:
    response = client_as(None).post(URL, {"csv": DIESEL_AND_ELECTRICITY_CSV})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
