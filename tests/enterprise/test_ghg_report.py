"""The annual GHG report: it follows from the accepted energy-use report, the enterprise adds process lines, the
office returns and accepts; who may do what; the hand-over to the inventory as point sources, with provenance."""

from __future__ import annotations

from typing import Any

import pytest

from carbonpeak.accounting import services as accounting
from carbonpeak.accounting.models import PointSource
from carbonpeak.audit.models import ChangeRecord
from carbonpeak.enterprise.models import Filing, FilingEvent, GhgReport
from tests.conftest import ClientFactory
from tests.enterprise.support import two_units

pytestmark = pytest.mark.django_db
FILINGS = "/api/v1/enterprise/filings"
URL = "/api/v1/enterprise/ghg-reports"
JSON = "application/json"


def _accepted(client_as: ClientFactory, year: int = 2026) -> tuple[int, int]:
    """OWN's and OTHER's filings of `year`, submitted and accepted; their GHG reports' ids."""
    two_units()
    office = client_as("office")
    ids = []
    for unit in ("OWN", "OTHER"):
        filing = office.post(FILINGS, {"unit": unit, "year": year}, content_type=JSON).json()["id"]
        Filing.objects.filter(pk=filing).update(status="submitted")
        assert office.post(f"{FILINGS}/{filing}/accept", {}, content_type=JSON).status_code == 200
        ids.append(GhgReport.objects.get(filing_id=filing).pk)
    return ids[0], ids[1]


@pytest.fixture
def ghg(client_as: ClientFactory) -> tuple[int, int]:
    return _accepted(client_as)


def test_the_ghg_report_follows_the_accepted_energy(ghg: tuple[int, int], client_as: ClientFactory) -> None:
    own, _ = ghg
    report = client_as("enterprise").get(f"{URL}/{own}").json()
    filing = client_as("enterprise").get(f"{FILINGS}/{report['filing']}").json()
    # Its energy CO2 is the accepted filing's: electricity bought from the grid is indirect.
    assert report["status"] == "draft" and report["process_co2_t"] == 0
    assert report["indirect_co2_t"] == pytest.approx(filing["indirect_co2_t"]) and report["indirect_co2_t"] > 0
    assert report["total_co2_t"] == pytest.approx(filing["direct_co2_t"] + filing["indirect_co2_t"])


def test_a_draft_energy_report_has_no_ghg_report_yet(client_as: ClientFactory) -> None:
    two_units()
    filing = client_as("enterprise").post(FILINGS, {"unit": "OWN", "year": 2026}, content_type=JSON).json()["id"]
    refused = client_as("enterprise").post(URL, {"filing": filing}, content_type=JSON)
    assert refused.status_code == 409 and refused.json()["errors"][0]["field"] == "status"


def test_the_workflow_of_the_ghg_report(ghg: tuple[int, int], client_as: ClientFactory) -> None:
    own, _ = ghg
    firm, office = client_as("enterprise"), client_as("office")
    lines: dict[str, Any] = {"process_emissions": [{"source": "石灰石分解", "method": "GB/T 32151.8 碳酸盐法",
                                                    "co2_t": 250}], "note": "边界：厂区"}
    saved = firm.put(f"{URL}/{own}", lines, content_type=JSON).json()
    assert saved["process_co2_t"] == 250 and saved["total_co2_t"] == pytest.approx(
        saved["direct_co2_t"] + saved["indirect_co2_t"] + 250)
    assert firm.post(f"{URL}/{own}/submit").json()["status"] == "submitted"
    assert firm.put(f"{URL}/{own}", {"note": "late"}, content_type=JSON).status_code == 409
    no_comment = office.post(f"{URL}/{own}/return", {"comment": " "}, content_type=JSON)
    assert no_comment.status_code == 422 and no_comment.json()["errors"][0]["field"] == "comment"
    back = office.post(f"{URL}/{own}/return", {"comment": "请注明碳酸盐含量"}, content_type=JSON).json()
    assert back["status"] == "returned" and back["times_returned"] == 1
    lines["process_emissions"][0]["method"] = "GB/T 32151.8 碳酸盐法，含量 95 %"
    firm.put(f"{URL}/{own}", lines, content_type=JSON)
    firm.post(f"{URL}/{own}/submit")
    accepted = office.post(f"{URL}/{own}/accept", {}, content_type=JSON).json()
    assert accepted["status"] == "accepted" and accepted["accepted_figures"]["process_t"] == 250
    assert accepted["accepted_figures"]["total_t"] == pytest.approx(accepted["total_co2_t"])
    filing = accepted["filing"]
    steps = list(FilingEvent.objects.filter(filing_id=filing, part="ghg").values_list("step", "actor_label"))
    assert [s for s, _ in steps] == ["open", "save", "submit", "return", "save", "submit", "accept"]
    assert steps[3][1] == "api:office" and steps[1][1] == "api:enterprise"
    change = ChangeRecord.objects.filter(entity="ghg_report", reason="saved").order_by("seq").last()
    assert change is not None and "95 %" in change.after["process_emissions"][0]["method"]


@pytest.mark.parametrize(("who", "see", "save", "accept"), [
    ("office", 200, 403, 409), ("leader", 200, 403, 403), ("eco", 200, 403, 403), ("enterprise", 200, 200, 403),
])
def test_who_may_do_what_on_a_ghg_report(ghg: tuple[int, int], client_as: ClientFactory, who: str, see: int,
                                         save: int, accept: int) -> None:
    own, other = ghg
    client = client_as(who)
    assert client.get(f"{URL}/{own}").status_code == see
    assert client.get(f"{URL}/{other}").status_code == (404 if who == "enterprise" else 200)
    assert client.put(f"{URL}/{own}", {"note": "x"}, content_type=JSON).status_code == save
    assert client.post(f"{URL}/{own}/accept", {}, content_type=JSON).status_code == accept  # a draft: 409
    assert client_as(None).get(URL).status_code == 401


def test_bad_process_lines_name_the_field(ghg: tuple[int, int], client_as: ClientFactory) -> None:
    own, _ = ghg
    bad = client_as("enterprise").put(f"{URL}/{own}", {"process_emissions": [
        {"source": "", "method": "m", "co2_t": -1}]}, content_type=JSON)
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"process_emissions[0].source", "process_emissions[0].co2_t"}


def test_the_office_hands_accepted_reports_to_the_inventory(client_as: ClientFactory) -> None:
    own, other = _accepted(client_as, 2026)
    firm, office = client_as("enterprise"), client_as("office")
    firm.put(f"{URL}/{own}", {"process_emissions": [{"source": "石灰石分解", "method": "碳酸盐法", "co2_t": 250}]},
             content_type=JSON)
    firm.post(f"{URL}/{own}/submit")
    accepted = office.post(f"{URL}/{own}/accept", {}, content_type=JSON).json()  # OTHER's stays a draft
    assert firm.post("/api/v1/enterprise/point-sources", {"year": 2026}, content_type=JSON).status_code == 403
    done = office.post("/api/v1/enterprise/point-sources", {"year": 2026}, content_type=JSON).json()
    assert (done["created"], done["unchanged"]) == (2, 0)  # OWN's indirect and process lines
    rows = {p.line: p for p in PointSource.objects.filter(year=2026)}
    assert set(rows) == {"energy.industry.indirect", "ippu.processes"}
    assert rows["ippu.processes"].co2_t == 250 and rows["energy.industry.indirect"].co2_t == pytest.approx(
        accepted["indirect_co2_t"])
    assert f"enterprise GHG report {own} (OWN 2026)" in rows["ippu.processes"].source
    again = office.post("/api/v1/enterprise/point-sources", {"year": 2026}, content_type=JSON).json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert ChangeRecord.objects.filter(entity="point_source").count() == 2
    # The inventory shows the units' part of the industrial lines, naming the reports.
    lines = {line.spec.code: line for line in accounting.build_inventory(2026).lines}
    assert lines["energy.industry.indirect"].point_source_co2_t == pytest.approx(accepted["indirect_co2_t"])
    assert lines["energy.industry.indirect"].point_sources[0].startswith("OWN: enterprise GHG report")
    # No activity data for 2026: the energy line is not estimated, the units' part stands beside it; the empty
    # industrial-process line takes the units' reported amount.
    assert lines["ippu.processes"].co2_t == 250 and lines["ippu.processes"].notation is None
    assert other != own


def test_the_emissions_page_and_the_hand_over_button(ghg: tuple[int, int], client_as: ClientFactory) -> None:
    page = client_as("office").get("/enterprise/emissions/?year=2026").content.decode()
    assert 'data-testid="ghg-OWN"' in page and 'action="/enterprise/emissions/hand-over?year=2026"' in page
    firm = client_as("enterprise").get("/enterprise/emissions/?year=2026").content.decode()
    assert 'data-testid="ghg-OTHER"' not in firm and "hand-over" not in firm
    assert client_as("enterprise").post("/enterprise/emissions/hand-over?year=2026").status_code == 403
    response = client_as("office").post("/enterprise/emissions/hand-over?year=2026")
    assert response.status_code == 302 and PointSource.objects.filter(year=2026).count() == 0  # none accepted yet
