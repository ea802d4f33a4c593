"""A department cannot plant a live formula in the office's round exports (issue 17, item 5).

The lead department of task 53 (greening) writes its narrative as a formula; the breakdown table the
office downloads holds it as inert text (a leading quote, never a formula cell), and the round
report (.docx) holds it as plain text with no field code.
"""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from carbonpeak.plan.models import Plan
from carbonpeak.supervision.models import Round
from tests.conftest import ClientFactory, UserGetter
from tests.supervision.round_support import TASK, open_test_round, report_of, submit

PLANTED = ['=HYPERLINK("http://evil","x")', "+cmd", "@SUM(1)", "-1+2"]


@pytest.fixture
def planted_round(plan: Plan, user: UserGetter) -> Round:
    return open_test_round(plan, user)


def _narrative_cell(data: bytes) -> tuple[object, str]:
    ws = load_workbook(io.BytesIO(data))["任务分解表"]
    header = [c.value for c in ws[2]]
    column = header.index("进展情况") + 1
    row = next(r for r in ws.iter_rows(min_row=3) if r[0].value == TASK)
    cell = row[column - 1]
    return cell.value, cell.data_type


@pytest.mark.parametrize("text", PLANTED)
def test_a_narrative_formula_is_inert_in_the_breakdown_table(planted_round: Round, user: UserGetter,
                                                              client_as: ClientFactory, text: str) -> None:
    submit(report_of(planted_round, "greening"), user("greening"), progress="behind", narrative=text)
    response = client_as("office").get("/supervision/rounds/t-q4/xlsx")
    assert response.status_code == 200
    value, data_type = _narrative_cell(response.content)
    assert data_type == "s"
    assert value == "'" + text


def test_a_tab_led_narrative_is_inert_too(planted_round: Round, user: UserGetter, client_as: ClientFactory) -> None:
    # The narrative is stored stripped, so "\t=1" arrives as "=1": still never a formula.
    submit(report_of(planted_round, "greening"), user("greening"), progress="behind", narrative="\t=1")
    value, data_type = _narrative_cell(client_as("office").get("/supervision/rounds/t-q4/xlsx").content)
    assert (value, data_type) == ("'=1", "s")


def test_the_round_report_holds_the_narrative_as_plain_text(planted_round: Round, user: UserGetter,
                                                            client_as: ClientFactory) -> None:
    planted = '=HYPERLINK("http://evil","x") {{chart}} \x01'
    submit(report_of(planted_round, "greening"), user("greening"), progress="behind", narrative=planted)
    response = client_as("office").get("/supervision/rounds/t-q4/docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    lagging = document.tables[0]
    assert [c.text for c in lagging.rows[1].cells] == [
        str(TASK), "区绿化市容局", '=HYPERLINK("http://evil","x") {{chart}} \ufffd']
    xml = document.element.xml
    assert "fldSimple" not in xml and "instrText" not in xml  # no Word field anywhere
