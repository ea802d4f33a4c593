"""The filings API: who may see, open, write and review; the whole workflow through it."""

from __future__ import annotations

import pytest

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.enterprise.models import Filing, FilingEvent
from tests.conftest import ClientFactory
from tests.enterprise.support import MONITORED_KWH, two_units

pytestmark = pytest.mark.django_db
URL = "/api/v1/enterprise/filings"


@pytest.fixture
def filings(client_as: ClientFactory) -> tuple[int, int]:
    two_units()
    own = client_as("enterprise").post(URL, {"unit": "OWN", "year": 2026}, content_type="application/json")
    assert own.status_code == 201, own.content
    other = client_as("office").post(URL, {"unit": "OTHER", "year": 2026}, content_type="application/json")
    assert other.status_code == 201
    return own.json()["id"], other.json()["id"]


@pytest.mark.parametrize(("who", "listed"), [
    ("office", {"OWN", "OTHER"}), ("leader", {"OWN", "OTHER"}), ("eco", {"OWN", "OTHER"}), ("enterprise", {"OWN"}),
])
def test_who_sees_which_filings(filings: tuple[int, int], client_as: ClientFactory, who: str,
                                listed: set[str]) -> None:
    client = client_as(who)
    assert {f["unit"] for f in client.get(URL + "?year=2026").json()} == listed
    own, other = filings
    assert client.get(f"{URL}/{own}").status_code == 200
    assert client.get(f"{URL}/{other}").status_code == (404 if who == "enterprise" else 200)


def test_anonymous_callers_are_refused(filings: tuple[int, int], client_as: ClientFactory) -> None:
    client = client_as(None)
    assert client.get(URL).status_code == 401
    assert client.post(f"{URL}/{filings[0]}/submit").status_code == 401


@pytest.mark.parametrize("who", ["leader", "eco", "enterprise"])
def test_only_an_owner_opens_and_writes_and_only_the_office_reviews(filings: tuple[int, int], client_as: ClientFactory,
                                                                    who: str) -> None:
    client = client_as(who)
    own, other = filings
    assert client.post(URL, {"unit": "OTHER", "year": 2025}, content_type="application/json").status_code == 403
    body = {"measures": "x"}
    target = own if who == "enterprise" else other
    put = client.put(f"{URL}/{target}", body, content_type="application/json")
    assert put.status_code == (200 if who == "enterprise" else 403)
    assert client.post(f"{URL}/{target}/accept", {}, content_type="application/json").status_code == 403
    assert client.post(f"{URL}/{target}/return", {"comment": "x"}, content_type="application/json").status_code == 403


def test_the_office_does_not_write_an_enterprise_s_filing(filings: tuple[int, int], client_as: ClientFactory) -> None:
    put = client_as("office").put(f"{URL}/{filings[0]}", {"measures": "x"}, content_type="application/json")
    assert put.status_code == 403 and put.json()["errors"][0]["field"] == "step"


def test_the_workflow_through_the_api(filings: tuple[int, int], client_as: ClientFactory) -> None:
    own, _ = filings
    firm, office = client_as("enterprise"), client_as("office")
    opened = firm.get(f"{URL}/{own}").json()
    assert opened["prefilled"] is True and opened["energy"][0]["quantity"] == MONITORED_KWH
    more = {"energy": [{"energy_type": "electricity", "unit_of_measure": "kWh", "quantity": MONITORED_KWH * 1.1}]}
    saved = firm.put(f"{URL}/{own}", more, content_type="application/json").json()
    assert saved["energy"][0]["flagged"] is True and saved["unexplained"] == ["electricity"]
    refused = firm.post(f"{URL}/{own}/submit")
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "explanation.electricity"
    more["energy"][0]["explanation"] = "四月新增一条生产线，表计未覆盖"
    assert firm.put(f"{URL}/{own}", more, content_type="application/json").json()["unexplained"] == []
    assert firm.post(f"{URL}/{own}/submit").json()["status"] == "submitted"
    no_comment = office.post(f"{URL}/{own}/return", {"comment": ""}, content_type="application/json")
    assert no_comment.status_code == 422 and no_comment.json()["errors"][0]["field"] == "comment"
    back = office.post(f"{URL}/{own}/return", {"comment": "请附电费单"}, content_type="application/json").json()
    assert back["status"] == "returned" and back["office_comment"] == "请附电费单" and back["times_returned"] == 1
    assert firm.post(f"{URL}/{own}/submit").json()["status"] == "submitted"
    accepted = office.post(f"{URL}/{own}/accept", {}, content_type="application/json").json()
    assert accepted["status"] == "accepted" and accepted["accepted_at"] is not None
    again = firm.put(f"{URL}/{own}", {"measures": "late"}, content_type="application/json")
    assert again.status_code == 409
    steps = list(FilingEvent.objects.filter(filing_id=own, part="energy").values_list("step", "actor_label"))
    assert [s for s, _ in steps] == ["open", "save", "save", "submit", "return", "submit", "accept"]
    assert steps[4][1] == "api:office"
    change = ChangeRecord.objects.filter(entity="filing", entity_key="OWN/2026", reason="saved").order_by("seq").first()
    assert change is not None and change.after["energy"][0]["quantity"] == pytest.approx(MONITORED_KWH * 1.1)
    assert Filing.objects.get(pk=own).status == "accepted"
    # The GHG report follows from the accepted energy: opened as a draft, its opening recorded.
    assert Filing.objects.get(pk=own).ghg.status == "draft"
    assert list(FilingEvent.objects.filter(filing_id=own, part="ghg").values_list("step", flat=True)) == ["open"]


def test_bad_input_names_the_field(filings: tuple[int, int], client_as: ClientFactory) -> None:
    firm = client_as("enterprise")
    bad = firm.put(f"{URL}/{filings[0]}", {"products": [{"product": "unobtainium", "quantity": 1}]},
                   content_type="application/json")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "products[0].product"
    future = firm.post(URL, {"unit": "OWN", "year": 2999}, content_type="application/json")
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "year"
