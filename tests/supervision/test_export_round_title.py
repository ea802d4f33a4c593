"""Exports name a round in the file's language, as the pages do (supervision.periods.round_title): a round
named by its period (2026年上半年, code 2026-h1) is "first half of 2026" in an English download and
2026年上半年 in a Chinese one; the Chinese breakdown table and round report write the Chinese name even
where the office typed the English one; a name the office typed otherwise stays as typed."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from openpyxl import load_workbook

from carbonpeak.plan.models import Plan
from carbonpeak.supervision.services import take_step
from carbonpeak.supervision.workflow import Step
from tests.conftest import ClientFactory, UserGetter
from tests.supervision.round_support import open_test_round, report_of, submit


def _rows(data: bytes) -> list[tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    return list(sheet.iter_rows(values_only=True))


def _cells(data: bytes) -> str:
    return " ".join(str(c) for row in _rows(data) for c in row if c is not None)


def test_the_round_list_download_names_the_round_in_its_language(
        plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    open_test_round(plan, user, [53], code="2026-h1", name="2026年上半年")
    english = _cells(client_as("office", "en").get("/supervision/rounds.xlsx").content)
    assert "first half of 2026" in english and "年上半年" not in english
    chinese = _cells(client_as("office").get("/supervision/rounds.xlsx").content)
    assert "2026年上半年" in chinese and "first half" not in chinese


def test_a_rounds_reports_download_is_titled_and_labelled_in_its_language(
        plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    round_ = open_test_round(plan, user, [53], code="2026-h1", name="2026年上半年")
    submit(report_of(round_, "greening"), user("greening"), progress="behind", narrative="部分绿化工程延期")
    rows = _rows(client_as("office", "en").get("/supervision/rounds/2026-h1/reports.xlsx").content)
    assert str(rows[0][0]).startswith("first half of 2026")
    assert "年上半年" not in " ".join(str(c) for row in rows for c in row if c is not None)
    lead = next(r for r in rows[2:] if r[1] == "District Landscaping and City Appearance Administration Bureau")
    assert lead[2] == "Consolidated report" and lead[4] == "Behind"  # labels standing alone, capitalised
    rows = _rows(client_as("office").get("/supervision/rounds/2026-h1/reports.xlsx").content)
    assert str(rows[0][0]).startswith("2026年上半年")


def test_the_chinese_documents_write_the_chinese_name_of_an_english_typed_period(
        plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    open_test_round(plan, user, [53], code="2026-h1", name="first half of 2026")
    office = client_as("office", "en")
    title = str(_rows(office.get("/supervision/rounds/2026-h1/xlsx").content)[0][0])
    assert title.endswith("任务分解表（2026年上半年）"), title
    document = Document(io.BytesIO(office.get("/supervision/rounds/2026-h1/docx").content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "2026年上半年调度情况" in text and "first half" not in text


def test_a_typed_name_stays_as_typed(plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    open_test_round(plan, user, [53], code="t-q4", name="测试第四季度")
    assert "测试第四季度" in _cells(client_as("office", "en").get("/supervision/rounds.xlsx").content)


def test_the_task_list_download_names_the_round_in_its_language(
        plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    round_ = open_test_round(plan, user, [53], code="2026-h1", name="2026年上半年")
    lead = report_of(round_, "greening")
    submit(lead, user("greening"), progress="behind", narrative="部分绿化工程延期")
    take_step(lead, Step.APPROVE, user("office"))
    by_task = {r[0]: r for r in _rows(client_as("office", "en").get("/plan/tasks.xlsx").content)[2:]}
    assert by_task[53][5] == "Behind" and by_task[53][7] == "first half of 2026"
    by_task = {r[0]: r for r in _rows(client_as("office").get("/plan/tasks.xlsx").content)[2:]}
    assert by_task[53][5] == "滞后" and by_task[53][7] == "2026年上半年"
