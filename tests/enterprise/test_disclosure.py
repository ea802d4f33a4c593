"""Disclosure (信息披露): an enterprise publishes its accepted figures; anyone reads them without logging in;
the office sees who has and has not disclosed."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.enterprise import services
from carbonpeak.enterprise.models import Disclosure, Filing
from tests.conftest import ClientFactory
from tests.enterprise.support import two_units

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted() -> tuple[Filing, Filing]:
    own, other = two_units()
    office = get_user_model().objects.get(username="office")
    filings = []
    for unit in (own, other):
        f = services.open_filing(unit, 2026, office, "office")
        Filing.objects.filter(pk=f.pk).update(value_added_10k_cny=2.0, status="accepted")
        filings.append(Filing.objects.get(pk=f.pk))
    return filings[0], filings[1]


def test_the_enterprise_publishes_and_anyone_reads_it(accepted: tuple[Filing, Filing],
                                                       client_as: ClientFactory) -> None:
    own, _ = accepted
    firm = client_as("enterprise")
    assert 'id="publish"' in firm.get(f"/enterprise/filings/{own.pk}/").content.decode()
    firm.post(f"/enterprise/filings/{own.pk}/publish")
    shown = Disclosure.objects.get(filing=own).figures
    assert set(shown) == set(Disclosure.public_fields) and shown["unit_name"] == "单位 OWN"
    assert shown["grade"] is not None and shown["co2_t"] > 0
    assert ChangeRecord.objects.filter(entity="disclosure", entity_key="OWN/2026").exists()
    page = client_as(None).get("/enterprise/disclosures/?year=2026")
    assert page.status_code == 200
    text = page.content.decode()
    assert "单位 OWN" in text and "单位 OTHER" not in text and "OWN/2026" not in text
    status = client_as("office").get("/enterprise/disclosures/status/?year=2026").content.decode()
    assert 'data-unit="OTHER"' in status and "尚未公开" in status


def test_only_the_owner_publishes_and_only_an_accepted_report(accepted: tuple[Filing, Filing],
                                                               client_as: ClientFactory) -> None:
    own, other = accepted
    assert client_as("enterprise").post(f"/enterprise/filings/{other.pk}/publish").status_code == 404
    for who in ("leader", "eco"):
        assert client_as(who).post(f"/enterprise/filings/{own.pk}/publish").status_code == 403
    # The office may write for units in general, but publishing is the enterprise's own act: refused, said why.
    office = client_as("office").post(f"/enterprise/filings/{own.pk}/publish", follow=True)
    assert "仅填报企业可以公开" in office.content.decode() and not Disclosure.objects.exists()
    Filing.objects.filter(pk=own.pk).update(status="submitted")
    client_as("enterprise").post(f"/enterprise/filings/{own.pk}/publish")
    assert not Disclosure.objects.exists()


def test_who_has_disclosed_is_the_office_s_page(accepted: tuple[Filing, Filing], client_as: ClientFactory) -> None:
    for who in ("leader", "eco", "enterprise"):
        assert client_as(who).get("/enterprise/disclosures/status/").status_code == 403
