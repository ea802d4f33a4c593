"""Indicator values imported from a page (indicators/imports.py): the preview writes nothing and names every
problem by row and column in the reader's language; the confirmation stores what it announced."""

from __future__ import annotations

from typing import Any

import pytest

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.http.imports import ImportPreview
from carbonpeak.indicators.imports import IMPORTERS, OBSERVATIONS
from carbonpeak.indicators.models import Observation
from carbonpeak.indicators.observations import ObservationInputError
from carbonpeak.people.permissions import Permission
from carbonpeak.plan.models import Plan
from tests.imports_support import check, store, through_the_pages, xlsx
from tests.indicators.conftest import FOREST, INTENSITY

pytestmark = pytest.mark.django_db

PV = "new_pv_capacity"  # MW
GOOD = "指标,期间,数值,计量单位,数据来源\n森林覆盖率,2023,16.1,%,区绿化市容局\n新增光伏装机容量,2023,16,万千瓦,\n" \
       f"{FOREST},2024,16.3,％,\n"
MIXED = "指标,期间,数值,计量单位\n森林覆盖率,2023,16.1,%\n不存在的指标,2023,1,%\n" \
        f"{PV},2023,5,km\n{FOREST},2024,130,%\n{INTENSITY},2023,-3,%\n"



def _check(content: bytes, name: str = "values.csv", language: str = "zh-hans") -> ImportPreview:
    return check(OBSERVATIONS, content, name, language)


def _store(content: bytes, name: str = "values.csv") -> str:
    return store(OBSERVATIONS, content, name)


def _state() -> tuple[list[tuple[str, str, float]], int]:
    return sorted(Observation.objects.values_list("indicator__code", "period", "value")), ChangeRecord.objects.count()



def test_the_room_declares_its_importer() -> None:
    assert IMPORTERS == [OBSERVATIONS]
    assert (OBSERVATIONS.kind, OBSERVATIONS.permission, OBSERVATIONS.done_url()) == (
        "observations", Permission.MANAGE_INDICATORS, "/indicators/")
    assert [c.header_zh for c in OBSERVATIONS.columns if c.required] == ["指标", "期间", "数值", "计量单位"]


def test_values_named_in_chinese_are_previewed_without_writing_then_stored_as_announced(plan: Plan) -> None:
    before = _state()
    preview = _check(GOOD.encode())
    assert _state() == before
    assert (preview.rows_total, preview.rows_ok, list(preview.problems), preview.may_store) == (3, 3, [], True)
    assert preview.summary == ["新增 3 条指标数据，更新 0 条，无变化 0 条"]
    assert preview.sample[1] == ["新增光伏装机容量", "2023", "16 万千瓦", "160 兆瓦", ""]

    assert _store(GOOD.encode()) == "已导入指标数据：新增 3 条，更新 0 条，无变化 0 条。"
    pv = Observation.objects.get(indicator__code=PV, period="2023")
    assert (pv.value, pv.entered_unit, pv.origin, pv.source, pv.entered_by_label) == (
        160.0, "万千瓦", "imported", "values.csv", "office")
    assert Observation.objects.get(indicator__code=FOREST, period="2023").source == "区绿化市容局"
    assert ChangeRecord.objects.filter(entity="observation", actor_label="office").count() == 3

    changed = GOOD.replace("16.1", "16.2")
    assert _check(changed.encode()).summary == ["新增 0 条指标数据，更新 1 条，无变化 2 条"]
    assert Observation.objects.get(indicator__code=FOREST, period="2023").value == pytest.approx(16.1)


def test_every_bad_row_is_named_with_its_column_and_nothing_is_stored(plan: Plan) -> None:
    before = _state()
    preview = _check(MIXED.encode())
    assert _state() == before
    assert (preview.rows_total, preview.rows_ok, preview.may_store, list(preview.summary)) == (5, 1, False, [])
    assert [(p.row, p.field) for p in preview.problems] == [(3, "指标"), (4, "计量单位"), (5, "数值"), (6, "指标")]
    reasons = [p.reason_in("zh-hans") for p in preview.problems]
    assert reasons[0] == "未知指标「不存在的指标」"
    assert reasons[1].startswith("单位「km」不能换算为本指标的单位「兆瓦」")
    assert reasons[3].startswith("本指标由系统计算")
    with pytest.raises(ObservationInputError):
        _store(MIXED.encode())
    assert _state() == before
    english = _check(MIXED.encode(), language="en")
    assert [(p.row, p.field) for p in english.problems][:2] == [(3, "indicator"), (4, "unit")]
    assert english.problems[0].reason_in("en") == "unknown indicator"


def test_an_xlsx_in_english_with_english_names(plan: Plan) -> None:
    content = xlsx([["indicator", "period", "value", "unit"], ["Forest cover rate", 2023, 16.1, "%"],
                    ["New photovoltaic installed capacity", 2024, 23, "万千瓦"]])
    preview = _check(content, "values.xlsx", language="en")
    assert (preview.rows_ok, list(preview.problems)) == (2, [])
    assert preview.sample[0][0] == "Forest cover rate"
    _store(content, "values.xlsx")
    assert Observation.objects.get(indicator__code=PV, period="2024").value == pytest.approx(230.0)


def test_every_template_header_is_read(plan: Plan) -> None:
    row = ",".join(c.example for c in OBSERVATIONS.columns)
    for header in (",".join(c.header_zh for c in OBSERVATIONS.columns),
                   ",".join(c.header_en for c in OBSERVATIONS.columns)):
        preview = _check(f"{header}\n{row}\n".encode())
        assert (preview.rows_ok, list(preview.problems)) == (1, []), header


@pytest.mark.parametrize(("content", "name", "field", "reason"), [
    (b"", "values.csv", "文件", "内容为空"),
    ("名称,数目\n甲,1\n".encode(), "values.csv", "指标、期间、数值、计量单位", "缺少必需的列"),
    ("指标,期间,数值,计量单位\n".encode(), "values.csv", "文件", "文件中没有数据行"),
    (b"not a workbook", "values.xlsx", "文件", "不是 xlsx 文件"),
])
def test_unreadable_empty_and_foreign_files_are_refused(plan: Plan, content: bytes, name: str, field: str,
                                                        reason: str) -> None:
    before = _state()
    preview = _check(content, name)
    assert not preview.may_store and preview.rows_ok == 0
    assert any(p.field == field and p.reason_in("zh-hans").startswith(reason) for p in preview.problems), \
        preview.problems
    assert _state() == before


def test_a_file_over_the_limit_is_refused_before_it_is_read(plan: Plan) -> None:
    preview = _check(b"x" * (OBSERVATIONS.max_bytes + 1))
    assert not preview.may_store
    assert [(p.field, p.reason_in("zh-hans")[:4]) for p in preview.problems] == [("文件", "文件超过")]


def test_the_command_reads_the_chinese_file_the_page_reads(plan: Plan, tmp_path: Any) -> None:
    from carbonpeak.cli import main

    path = tmp_path / "values.csv"
    path.write_text(GOOD, encoding="utf-8")
    assert main(["indicators", "import", str(path)]) == 0
    assert Observation.objects.get(indicator__code=PV, period="2023").value == pytest.approx(160.0)



def test_the_office_imports_indicator_values_through_the_pages(plan: Plan, client_as: Any) -> None:
    page, confirmed = through_the_pages(client_as("office"), "observations", "values.csv", GOOD.encode())
    assert "新增 3 条指标数据，更新 0 条，无变化 0 条" in page and "160 兆瓦" in page
    assert (confirmed.status_code, confirmed["Location"]) == (302, "/indicators/")
    assert Observation.objects.get(indicator__code=PV, period="2023").entered_by_label == "office"
    bad, refused = through_the_pages(client_as("office"), "observations", "bad.csv", MIXED.encode())
    assert "未知指标「不存在的指标」" in bad and "unknown indicator" not in bad
    assert refused.status_code == 422
    assert client_as("eco").get("/imports/observations/").status_code == 403  # a department does not import


def test_the_indicator_list_leads_the_office_to_the_import(plan: Plan, client_as: Any) -> None:
    assert 'href="/imports/observations/"' in client_as("office").get("/indicators/").content.decode()
    assert "/imports/observations/" not in client_as("eco").get("/indicators/").content.decode()
