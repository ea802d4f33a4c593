"""A control character in what an enterprise typed (its name, its contact) is replaced in the cover letter
(.docx), which downloads instead of failing."""

from __future__ import annotations

import io

import pytest
from docx import Document

from carbonpeak.common.spreadsheet import REPLACEMENT
from carbonpeak.enterprise.models import Filing
from tests.conftest import ClientFactory
from tests.enterprise.support import two_units

pytestmark = pytest.mark.django_db


def test_the_cover_letter_downloads_with_control_characters_replaced(client_as: ClientFactory) -> None:
    two_units()
    client_as("enterprise").post("/enterprise/units/OWN/filings/2026/open")
    filing = Filing.objects.get(unit__code="OWN")
    filing.basic = {**filing.basic, "name": "演示\x01企业", "contact_person": "张\x0b三"}
    filing.save(update_fields=["basic"])
    response = client_as("enterprise").get(f"/enterprise/filings/{filing.pk}/docx")
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert f"演示{REPLACEMENT}企业" in text and f"张{REPLACEMENT}三" in text
