"""`carbonpeak carbon-efficiency grade YEAR` and /api/v1/enterprise/grades/{year}, from accepted filings."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model

from carbonpeak.cli import main
from carbonpeak.enterprise import services
from carbonpeak.enterprise.models import Filing
from tests.conftest import ClientFactory
from tests.enterprise.support import two_units
from tests.monitoring.support import make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted() -> None:
    """OWN and OTHER with accepted 2026 filings: the same electricity, value added 1 and 4 万元."""
    own, other = two_units()
    office = get_user_model().objects.get(username="office")
    for unit, added in ((own, 1.0), (other, 4.0)):
        filing = services.open_filing(unit, 2026, office, "office")
        Filing.objects.filter(pk=filing.pk).update(value_added_10k_cny=added, status="accepted")
    services.open_filing(make_unit("DRAFTY"), 2026, office, "office")  # not accepted: not graded


def test_the_command_grades_each_accepted_unit_with_its_reasons(accepted: None,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["carbon-efficiency", "grade", "2026", "--json"]) == 0
    rows = {r["unit"]: r for r in json.loads(capsys.readouterr().out)}
    assert set(rows) == {"OWN", "OTHER"}
    # Same CO2 c, value added 1 and 4: intensities c and c/4, the district's pooled 2c/5; K 2.5 (red), 0.625.
    assert rows["OWN"]["intensity_t_per_10k_cny"] == pytest.approx(4 * rows["OTHER"]["intensity_t_per_10k_cny"])
    assert rows["OWN"]["grade"] == "red" and rows["OWN"]["reasons_zh"][0] == "红"
    assert rows["OWN"]["reasons_zh"][1].startswith("全区基准") and rows["OWN"]["reasons_zh"][1].endswith("的 2.50 倍")
    assert rows["OWN"]["level"] == 5 and rows["OTHER"]["level"] == 2
    assert rows["OTHER"]["grade"] == "dark_green"


def test_an_enterprise_sees_its_own_grade_only(accepted: None, client_as: ClientFactory) -> None:
    mine = client_as("enterprise").get("/api/v1/enterprise/grades/2026").json()
    assert [g["unit"] for g in mine] == ["OWN"] and mine[0]["reasons"][0] == "红"
    office = client_as("office", language="en").get("/api/v1/enterprise/grades/2026").json()
    assert {g["unit"] for g in office} == {"OWN", "OTHER"}
    assert next(g for g in office if g["unit"] == "OWN")["reasons"][0] == "Red"
    assert client_as(None).get("/api/v1/enterprise/grades/2026").status_code == 401
    bad = client_as("office").get("/api/v1/enterprise/grades/1066")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "year"


@pytest.mark.parametrize(("who", "units"), [
    ("office", {"OWN", "OTHER"}), ("leader", {"OWN", "OTHER"}), ("eco", {"OWN", "OTHER"}), ("enterprise", {"OWN"}),
])
def test_the_grades_page(accepted: None, client_as: ClientFactory, who: str, units: set[str]) -> None:
    page = client_as(who).get("/enterprise/grades/?year=2026").content.decode()
    assert {u for u in ("OWN", "OTHER", "DRAFTY") if f'data-unit="{u}"' in page} == units
    assert 'data-testid="grade-OWN"><span class="grade red">红</span>' in page


def test_the_district_sees_the_red_units_and_the_distribution(accepted: None, client_as: ClientFactory) -> None:
    page = client_as("office").get("/enterprise/grades/?year=2026").content.decode()
    red = page[page.index('id="red-units"'):page.index('id="not-graded"')]
    assert 'data-unit="OWN"' in red and 'data-unit="OTHER"' not in red
    assert 'id="grades-chart-data"' in page and 'id="grades-xlsx"' in page
    firm = client_as("enterprise").get("/enterprise/grades/?year=2026").content.decode()
    assert 'id="red-units"' not in firm and 'id="grades-chart-data"' not in firm and 'id="grades-xlsx"' not in firm


def test_the_list_for_banks_puts_red_first(accepted: None, client_as: ClientFactory) -> None:
    import io

    from openpyxl import load_workbook

    response = client_as("office").get("/enterprise/grades/xlsx?year=2026")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws is not None
    rows = [r for r in ws.iter_rows(min_row=5, values_only=True) if r[0]]
    assert [(r[0], r[5], r[6]) for r in rows] == [("OWN", "红", 5), ("OTHER", "深绿", 2)]
    assert rows[0][2] == "91310116MA1JKD0G1K"  # the USCC banks know the firm by
    for who in ("enterprise", "leader", "eco"):
        assert client_as(who).get("/enterprise/grades/xlsx?year=2026").status_code == 403
