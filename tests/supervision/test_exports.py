"""The round's exports: the breakdown table with this round's columns (.xlsx) and the round
report (.docx), from the pages and from the CLI; parsed back with openpyxl and python-docx.

The round covers tasks 53 and 26 (8 reports due):

    53 ☆greening consolidated  submitted, behind        → 已提交 / 滞后
    53 eco contribution        submitted, then approved by the lead → 已审核
    53 env, agri, market       never written            → 未提交
    26 ☆eco consolidated       submitted, returned once → 已退回 (completed)
    26 env, drc                never written            → 未提交

By hand: due 8, submitted (not draft) 3 → 3/8 = 38%, approved 1, returned 1 time;
consolidated progress: behind 1, completed 1; lagging: task 53; not submitted or returned: 6.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from carbonpeak.cli import main
from carbonpeak.plan.models import Plan
from carbonpeak.supervision.models import Round
from carbonpeak.supervision.services import take_step
from carbonpeak.supervision.workflow import Step
from tests.conftest import ClientFactory, UserGetter
from tests.supervision.round_support import ECO_LED_TASK, TASK, open_test_round, report_of, submit


@pytest.fixture
def round_(plan: Plan, user: UserGetter) -> Round:
    round_ = open_test_round(plan, user, [TASK, ECO_LED_TASK])
    submit(report_of(round_, "greening"), user("greening"), progress="behind", narrative="苗木资金未到位")
    contribution = report_of(round_, "eco")
    submit(contribution, user("eco"), progress="in_progress", narrative="配合推进")
    take_step(contribution, Step.APPROVE, user("greening"))
    led = report_of(round_, "eco", ECO_LED_TASK)
    submit(led, user("eco"), progress="completed", narrative="已完成")
    take_step(led, Step.RETURN, user("office"), comment="请附验收材料")
    return round_


def _xlsx_rows(data: bytes) -> tuple[list[Any], dict[int, dict[str, Any]], str]:
    ws = load_workbook(io.BytesIO(data))["任务分解表"]
    rows = list(ws.iter_rows(values_only=True))
    header = list(rows[1])
    by_task = {row[0]: dict(zip(header, row, strict=True)) for row in rows[2:]}
    return header, by_task, str(rows[0][0])


def _body(document: Any) -> list[tuple[str, Any]]:
    """The body in order: ('p', text) and ('table', rows of cell texts)."""
    out: list[tuple[str, Any]] = []
    tables = iter(document.tables)
    paragraphs = iter(document.paragraphs)
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(("p", next(paragraphs).text))
        elif tag == "tbl":
            table = next(tables)
            out.append(("table", [[c.text for c in row.cells] for row in table.rows]))
    return out


# --- xlsx ---------------------------------------------------------------------------------

@pytest.mark.parametrize("username", ["office", "leader"])
def test_the_breakdown_table_carries_this_rounds_columns(round_: Round, client_as: ClientFactory,
                                                         username: str) -> None:
    response = client_as(username).get("/supervision/rounds/t-q4/xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="breakdown-t-q4.xlsx"' in response["Content-Disposition"]
    header, by_task, title = _xlsx_rows(response.content)
    assert header[-4:] == ["本轮进展", "牵头报告状态", "进展情况", "配合部门报告"]
    assert "测试第四季度" in title
    assert len(by_task) == 80
    row = by_task[TASK]
    assert (row["本轮进展"], row["牵头报告状态"], row["进展情况"]) == ("滞后", "已提交", "苗木资金未到位")
    assert row["配合部门报告"].split("；") == [
        "区农业农村委：未提交", "区经委：已审核", "区生态环境局：未提交", "区市场监管局：未提交"]
    led = by_task[ECO_LED_TASK]
    assert (led["本轮进展"], led["牵头报告状态"]) == ("已完成", "已退回")
    assert by_task[1]["本轮进展"] == "（不在本轮）"


# --- docx ---------------------------------------------------------------------------------

@pytest.mark.parametrize("username", ["office", "leader"])
def test_the_round_report_states_the_figures_and_lists_the_lagging_task(
        round_: Round, plan: Plan, client_as: ClientFactory, username: str) -> None:
    response = client_as(username).get("/supervision/rounds/t-q4/docx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert 'filename="round-report-t-q4.docx"' in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == f"{plan.title} 测试第四季度调度情况"
    assert f"报送截止：{round_.due_on:%Y年%m月%d日}" in texts[1]
    assert "本轮应报告 8 份，已提交 3 份（38%），已审核 1 份，退回修改 1 次。" in texts
    assert "任务进展：滞后 1 项，已完成 1 项" in texts
    assert not any("{{" in t for t in texts)

    body = _body(document)
    position = {text: i for i, (kind, text) in enumerate(body) if kind == "p" and text}
    tables = [(i, rows) for i, (kind, rows) in enumerate(body) if kind == "table"]
    assert len(tables) == 2
    (lag_at, lagging), (miss_at, missing) = tables
    assert position["三、进展滞后的任务"] < lag_at < position["四、尚未提交或退回待改的报告"] < miss_at
    assert miss_at < position["五、下一步工作"]
    assert lagging == [["任务", "牵头部门", "进展情况"], ["53", "区绿化市容局", "苗木资金未到位"]]
    assert missing == [
        ["任务", "部门", "状态"],
        ["26", "区经委", "已退回"], ["26", "区发改委", "未提交"], ["26", "区生态环境局", "未提交"],
        ["53", "区农业农村委", "未提交"], ["53", "区生态环境局", "未提交"], ["53", "区市场监管局", "未提交"],
    ]
    (picture,) = document.inline_shapes
    chart_at = next(i for i, p in enumerate(document.paragraphs) if p._p.xpath(".//pic:pic"))
    assert texts[chart_at - 1] == "二、各部门报送情况"
    assert picture.width > 0


def test_a_round_with_nothing_behind_says_so(plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    round_ = open_test_round(plan, user)
    submit(report_of(round_, "greening"), user("greening"), progress="on_schedule")
    document = Document(io.BytesIO(client_as("office").get("/supervision/rounds/t-q4/docx").content))
    texts = [p.text for p in document.paragraphs]
    assert "无滞后任务。" in texts
    # 5 due, 1 submitted: 20%
    assert "本轮应报告 5 份，已提交 1 份（20%），已审核 0 份，退回修改 0 次。" in texts
    assert "任务进展：按计划推进 1 项" in texts
    (missing,) = document.tables
    assert [row.cells[1].text for row in missing.rows][1:] == ["区农业农村委", "区经委", "区生态环境局", "区市场监管局"]


def test_an_edited_template_is_used(round_: Round, client_as: ClientFactory, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    template = Document()
    template.add_paragraph("{{title}}")
    template.add_paragraph("本区自定义说明")
    template.add_paragraph("{{summary}}")
    path = tmp_path / "custom.docx"
    template.save(str(path))
    settings.CARBONPEAK_ROUND_REPORT_TEMPLATE = str(path)
    document = Document(io.BytesIO(client_as("office").get("/supervision/rounds/t-q4/docx").content))
    texts = [p.text for p in document.paragraphs]
    assert texts[1] == "本区自定义说明"
    assert texts[2].startswith("本轮应报告 8 份") and texts[3].startswith("任务进展：")


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
@pytest.mark.parametrize(("username", "status"), [("eco", 403), ("greening", 403), ("enterprise", 403)])
def test_departments_may_not_export(round_: Round, client_as: ClientFactory, fmt: str, username: str,
                                    status: int) -> None:
    assert client_as(username).get(f"/supervision/rounds/t-q4/{fmt}").status_code == status


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_anonymous_is_sent_to_log_in_and_unknown_round_is_404(client_as: ClientFactory, fmt: str) -> None:
    response = client_as(None).get(f"/supervision/rounds/t-q4/{fmt}")
    assert response.status_code == 302 and "login" in response["Location"]
    assert client_as("office").get(f"/supervision/rounds/nope/{fmt}").status_code == 404


# --- CLI ----------------------------------------------------------------------------------

def test_cli_writes_the_round_report(round_: Round, plan: Plan, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "round.docx"
    assert main(["supervision", "export", "t-q4", "--format", "docx", "-o", str(out)]) == 0
    assert str(out) in capsys.readouterr().err
    document = Document(str(out))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == f"{plan.title} 测试第四季度调度情况"
    assert "本轮应报告 8 份，已提交 3 份（38%），已审核 1 份，退回修改 1 次。" in texts
    assert len(document.inline_shapes) == 1


def test_cli_writes_the_breakdown_table(round_: Round, tmp_path: Path) -> None:
    out = tmp_path / "round.xlsx"
    assert main(["supervision", "export", "t-q4", "--format", "xlsx", "-o", str(out)]) == 0
    _header, by_task, _title = _xlsx_rows(out.read_bytes())
    assert by_task[TASK]["牵头报告状态"] == "已提交"


def test_cli_refuses_an_unknown_round(tmp_path: Path, capsys: pytest.CaptureFixture[str], db: None) -> None:
    out = tmp_path / "none.docx"
    assert main(["supervision", "export", "nope", "-o", str(out)]) == 2
    assert "nope" in capsys.readouterr().err
    assert not out.exists()
