"""A filing's files: the report in the form's layout (xlsx) and the cover letter (docx), to those who see it."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from carbonpeak.enterprise.models import Filing
from tests.conftest import ClientFactory
from tests.enterprise.support import MONITORED_KWH, two_units

pytestmark = pytest.mark.django_db


@pytest.fixture
def filing(client_as: ClientFactory) -> Filing:
    two_units()
    client_as("enterprise").post("/enterprise/units/OWN/filings/2026/open")
    client_as("office").post("/enterprise/units/OTHER/filings/2026/open")
    return Filing.objects.get(unit__code="OWN")


def test_the_report_downloads_in_the_form_s_layout(filing: Filing, client_as: ClientFactory) -> None:
    response = client_as("office").get(f"/enterprise/filings/{filing.pk}/xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    parts = [r[0] for r in rows if isinstance(r[0], str) and r[0][:2] in ("一、", "二、", "三、", "四、", "五、")]
    assert [p[:2] for p in parts] == ["一、", "二、", "三、", "四、", "五、"]
    electricity = next(r for r in rows if isinstance(r[0], str) and r[0].startswith("电力"))
    assert electricity[2] == MONITORED_KWH and electricity[5] == pytest.approx(0.117984)
    cells = next(r for r in sheet.iter_rows() if isinstance(r[0].value, str) and r[0].value.startswith("电力"))
    assert (cells[5].number_format, cells[7].number_format) == ("#,##0.00", "+0.0%;−0.0%;0.0%")  # numbers, formatted


def test_the_cover_letter_names_the_unit_and_the_total(filing: Filing, client_as: ClientFactory) -> None:
    response = client_as("enterprise").get(f"/enterprise/filings/{filing.pk}/docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "2026年度能源利用状况报告" in text and "0.118 吨标准煤（当量值）" in text  # 0.117984: 4 significant digits


def test_another_enterprise_s_files_are_not_served(filing: Filing, client_as: ClientFactory) -> None:
    other = Filing.objects.get(unit__code="OTHER")
    firm = client_as("enterprise")
    assert firm.get(f"/enterprise/filings/{other.pk}/xlsx").status_code == 404
    assert firm.get(f"/enterprise/filings/{other.pk}/docx").status_code == 404
    assert client_as(None).get(f"/enterprise/filings/{filing.pk}/xlsx").status_code == 302
