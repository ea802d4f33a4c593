"""The filing pages: the enterprise fills in its own units' reports, the office reviews, the rest read."""

from __future__ import annotations

import pytest

from carbonpeak.enterprise.models import Filing, ProductOutput
from carbonpeak.monitoring.models import KeyUnit
from tests.conftest import ClientFactory
from tests.enterprise.support import MONITORED_KWH, two_units

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(client_as: ClientFactory) -> tuple[Filing, Filing]:
    own, other = two_units()
    assert client_as("enterprise").post("/enterprise/units/OWN/filings/2026/open").status_code == 302
    assert client_as("office").post("/enterprise/units/OTHER/filings/2026/open").status_code == 302
    return Filing.objects.get(unit=own), Filing.objects.get(unit=other)


@pytest.mark.parametrize(("who", "own_page", "other_page"), [
    ("office", 200, 200), ("leader", 200, 200), ("eco", 200, 200), ("enterprise", 200, 404),
])
def test_who_opens_which_report_page(opened: tuple[Filing, Filing], client_as: ClientFactory, who: str,
                                     own_page: int, other_page: int) -> None:
    client = client_as(who)
    own, other = opened
    assert client.get("/enterprise/?year=2026").status_code == 200
    assert client.get(f"/enterprise/filings/{own.pk}/").status_code == own_page
    assert client.get(f"/enterprise/filings/{other.pk}/").status_code == other_page


def test_anonymous_visitors_are_sent_to_log_in(opened: tuple[Filing, Filing], client_as: ClientFactory) -> None:
    client = client_as(None)
    for url in ("/enterprise/", f"/enterprise/filings/{opened[0].pk}/", "/enterprise/output/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["leader", "eco", "enterprise"])
def test_no_one_but_the_owner_opens_or_writes_and_no_one_but_the_office_reviews(
        opened: tuple[Filing, Filing], client_as: ClientFactory, who: str) -> None:
    client = client_as(who)
    own, other = opened
    assert client.post("/enterprise/units/OTHER/filings/2025/open").status_code == 403
    target = other if who == "enterprise" else own
    saved = client.post(f"/enterprise/filings/{target.pk}/action", {"action": "save", "measures": "x"})
    assert saved.status_code in (403, 404)
    assert client.post(f"/enterprise/filings/{own.pk}/action", {"action": "accept"}).status_code in (403, 404)
    assert Filing.objects.get(pk=own.pk).status == "draft" and Filing.objects.get(pk=target.pk).measures == ""


def test_the_page_shows_the_prefill_the_flag_and_the_review(opened: tuple[Filing, Filing],
                                                            client_as: ClientFactory) -> None:
    own, _ = opened
    firm = client_as("enterprise")
    page = firm.get(f"/enterprise/filings/{own.pk}/").content.decode()
    assert "根据本单位本年度的月度监测数据预填" in page and 'name="q_electricity" value="960"' in page
    firm.post(f"/enterprise/filings/{own.pk}/action", {"action": "submit", "q_electricity": str(MONITORED_KWH * 1.1)})
    own.refresh_from_db()
    assert own.status == "draft" and own.energy[0]["quantity"] == pytest.approx(1056.0)
    page = firm.get(f"/enterprise/filings/{own.pk}/").content.decode()
    assert 'data-testid="flag-electricity"' in page and "+10.0%" in page  # the figures layer: no space before %
    firm.post(f"/enterprise/filings/{own.pk}/action", {"action": "submit", "x_electricity": "新增生产线"})
    own.refresh_from_db()
    assert own.status == "submitted"
    office = client_as("office")
    assert 'id="review"' in office.get(f"/enterprise/filings/{own.pk}/").content.decode()
    office.post(f"/enterprise/filings/{own.pk}/action", {"action": "return", "comment": ""})
    own.refresh_from_db()
    assert own.status == "submitted"  # a return needs a comment
    office.post(f"/enterprise/filings/{own.pk}/action", {"action": "accept"})
    own.refresh_from_db()
    assert own.status == "accepted"


def test_a_year_without_data_says_nothing_was_prefilled(opened: tuple[Filing, Filing],
                                                        client_as: ClientFactory) -> None:
    firm = client_as("enterprise")
    response = firm.post("/enterprise/units/OWN/filings/2024/open")
    page = firm.get(response["Location"]).content.decode()
    assert "本年度没有监测数据" in page


def test_the_enterprise_enters_output_for_its_own_units_only(opened: tuple[Filing, Filing],
                                                             client_as: ClientFactory) -> None:
    firm = client_as("enterprise")
    firm.post("/enterprise/output/", {"unit_code": "OWN", "period": "2026-03", "product": "ethylene", "quantity": "2"})
    firm.post("/enterprise/output/", {"unit_code": "OTHER", "period": "2026-03", "product": "ethylene",
                                      "quantity": "2"})
    bad = firm.post("/enterprise/output/", {"unit_code": "OWN", "period": "2026-04", "product": "ethylene",
                                            "quantity": "-1"})
    assert "quantity" in bad.content.decode()
    assert list(ProductOutput.objects.values_list("unit__code", "quantity")) == [("OWN", 2.0)]
    assert KeyUnit.objects.get(code="OTHER").product_outputs.count() == 0
