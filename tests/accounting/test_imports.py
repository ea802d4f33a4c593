"""Activity data imported from a page (accounting/imports.py): the preview writes nothing, names every problem
by row and column in the reader's language, and the confirmation stores exactly what it announced."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.utils import translation

from carbonpeak.accounting.imports import ACTIVITY, IMPORTERS
from carbonpeak.accounting.issues import AccountingInputError
from carbonpeak.accounting.models import ActivityRecord
from carbonpeak.audit.models import ChangeRecord
from carbonpeak.http.imports import ImportPreview
from carbonpeak.people.permissions import Permission
from tests.imports_support import check, office_request, through_the_pages, xlsx

pytestmark = pytest.mark.django_db

ZH_HEADER = "主体,期间,能源品种,数量,计量单位,用途,行业\n"
GOOD = ZH_HEADER + "新厂,2030,电力,5,万千瓦时,,工业\n新厂,2030,原煤,10,吨,燃料,工业\n新厂,2031-Q1,天然气,2,万立方米,,\n"
MIXED = ZH_HEADER + "新厂,2030,电力,5,万千瓦时,,\n新厂,2030,煤气罐,10,吨,,\n,2030,柴油,-1,吨,,\n"



def _check(content: bytes, name: str = "plant.csv", language: str = "zh-hans") -> ImportPreview:
    return check(ACTIVITY, content, name, language)


def _counts() -> tuple[int, int]:
    return ActivityRecord.objects.count(), ChangeRecord.objects.count()



def test_the_room_declares_its_importer() -> None:
    assert IMPORTERS == [ACTIVITY]
    assert (ACTIVITY.kind, ACTIVITY.permission, ACTIVITY.done_url()) == (
        "activity", Permission.MANAGE_ACCOUNTING, "/accounting/")
    headers = [c.header_zh for c in ACTIVITY.columns]
    assert headers[:5] == ["主体", "期间", "能源品种", "数量", "计量单位"]
    energy = next(c for c in ACTIVITY.columns if c.header_zh == "能源品种")
    unit = next(c for c in ACTIVITY.columns if c.header_zh == "计量单位")
    with translation.override("zh-hans"):
        assert {"电力", "原煤", "天然气"} <= {str(v) for v in energy.allowed} and energy.required
        assert {"万千瓦时", "吨", "万立方米"} <= {str(v) for v in unit.allowed}


def test_a_good_file_in_chinese_is_previewed_without_writing_then_stored_as_announced() -> None:
    before = _counts()
    preview = _check(GOOD.encode())
    assert _counts() == before
    assert (preview.rows_total, preview.rows_ok, list(preview.problems), preview.may_store) == (3, 3, [], True)
    assert preview.summary == ["将导入 3 条活动数据（2030 年 2 条，2031 年 1 条）。"]
    assert preview.sample[0] == ["新厂", "2030", "电力", "5", "万千瓦时", "燃料", "工业"]
    assert preview.sample[1][2:5] == ["原煤", "10", "吨"]
    assert preview.sample[2][-1] == "未指定"  # no sector typed: no English code in the Chinese preview

    with translation.override("zh-hans"):
        message = ACTIVITY.store(GOOD.encode(), "plant.csv", office_request())
    assert str(message) == "已导入活动数据（2030 年 2 条，2031 年 1 条），替换 0 条。"
    assert ActivityRecord.objects.count() == before[0] + preview.rows_ok
    stored = ActivityRecord.objects.filter(source="plant.csv").order_by("id")
    assert [(r.period, r.energy_type, r.quantity, r.unit) for r in stored] == [
        ("2030", "electricity", 5.0, "万kWh"), ("2030", "raw_coal", 10.0, "t"), ("2031-Q1", "natural_gas", 2.0, "万m3")]
    record = ChangeRecord.objects.get(entity="activity_data", entity_key="plant.csv")
    assert record.actor_label == "office" and record.actor is not None  # the user, as the CLI names its command

    again = _check(GOOD.encode())
    assert again.summary[1] == "将替换来源「plant.csv」在这些年份已有的 3 条记录。"


def test_every_bad_row_is_named_with_its_row_and_column_and_nothing_is_stored() -> None:
    before = _counts()
    preview = _check(MIXED.encode())
    assert _counts() == before
    assert (preview.rows_total, preview.rows_ok, preview.may_store) == (3, 1, False)
    where = [(p.row, p.field) for p in preview.problems]
    assert where == [(3, "能源品种"), (4, "主体"), (4, "数量")]
    assert preview.problems[0].reason_in("zh-hans").startswith("未知能源品种「煤气罐」，可填：")
    with pytest.raises(AccountingInputError), translation.override("zh-hans"):
        ACTIVITY.store(MIXED.encode(), "plant.csv", office_request())
    assert _counts() == before


def test_problems_read_in_english_for_an_english_reader() -> None:
    preview = _check(MIXED.encode(), language="en")
    assert (preview.problems[0].row, preview.problems[0].field) == (3, "energy type")
    assert preview.problems[0].reason_in("en").startswith("unknown energy type '煤气罐'")


def test_an_xlsx_with_chinese_headers_and_english_codes_alike() -> None:
    content = xlsx([["主体", "期间", "能源品种", "数量", "计量单位"], ["新厂", 2030, "电力", 5, "万千瓦时"],
                    ["新厂", 2030, "diesel", 1.5, "t"]])
    preview = _check(content, "plant.xlsx")
    assert (preview.rows_total, preview.rows_ok, list(preview.problems)) == (2, 2, [])
    english = xlsx([["entity", "period", "energy type", "quantity", "unit"], ["A", 2030, "Electricity", 1, "kWh"]])
    assert _check(english, "plant.xlsx").rows_ok == 1


def test_every_template_header_is_read(settings: Any) -> None:
    zh = ",".join(c.header_zh for c in ACTIVITY.columns)
    en = ",".join(c.header_en for c in ACTIVITY.columns)
    row = ",".join(str(c.example) for c in ACTIVITY.columns)
    for header in (zh, en):
        preview = _check(f"{header}\n{row}\n".encode())
        assert (preview.rows_ok, list(preview.problems)) == (1, []), header


@pytest.mark.parametrize(("content", "name", "field", "reason"), [
    (b"", "plant.csv", "能源品种", "缺少该列"),
    ("名称,数值\n甲,1\n".encode(), "plant.csv", "主体", "缺少该列"),
    (ZH_HEADER.encode(), "plant.csv", "行", "没有活动数据"),
    (b"not a workbook", "plant.xlsx", "文件", "不是 xlsx 文件"),
])
def test_unreadable_empty_and_foreign_files_are_refused(content: bytes, name: str, field: str, reason: str) -> None:
    before = _counts()
    preview = _check(content, name)
    assert not preview.may_store and preview.rows_ok == 0
    assert any(p.field == field and p.reason_in("zh-hans").startswith(reason) for p in preview.problems), \
        preview.problems
    assert _counts() == before


def test_a_file_over_the_limit_is_refused_before_it_is_read() -> None:
    preview = _check(b"x" * (ACTIVITY.max_bytes + 1))
    assert not preview.may_store
    assert [(p.field, p.reason_in("zh-hans")[:6]) for p in preview.problems] == [("文件", "文件超过 2")]


def test_the_command_reads_the_chinese_file_the_page_reads(tmp_path: Any) -> None:
    from carbonpeak.cli import main

    path = tmp_path / "plant.csv"
    path.write_text(GOOD, encoding="utf-8")
    assert main(["activity", "import", str(path)]) == 0
    assert sorted(ActivityRecord.objects.filter(source="plant.csv").values_list("energy_type", flat=True)) == [
        "electricity", "natural_gas", "raw_coal"]



def test_the_office_imports_activity_data_through_the_pages(client_as: Any) -> None:
    before = ActivityRecord.objects.count()
    page, confirmed = through_the_pages(client_as("office"), "activity", "plant.csv", GOOD.encode())
    assert "将导入 3 条活动数据（2030 年 2 条，2031 年 1 条）。" in page and "万千瓦时" in page
    assert (confirmed.status_code, confirmed["Location"]) == (302, "/accounting/")
    assert ActivityRecord.objects.count() == before + 3
    bad, refused = through_the_pages(client_as("office"), "activity", "bad.csv", MIXED.encode())
    assert "未知能源品种「煤气罐」" in bad and 'id="confirm-import"' not in bad
    assert refused.status_code == 422 and ActivityRecord.objects.count() == before + 3


def test_the_inventory_leads_the_office_to_the_import(client_as: Any) -> None:
    assert 'href="/imports/activity/"' in client_as("office").get("/accounting/").content.decode()
    assert "/imports/activity/" not in client_as("leader").get("/accounting/").content.decode()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_template_filled_with_its_examples_and_allowed_values_is_read(client_as: Any, language: str) -> None:
    from openpyxl import load_workbook

    response = client_as("office", language).get("/imports/activity/template.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = [c.value for c in sheet[1]]
    with translation.override(language):
        assert header == [c.header_en if language == "en" else c.header_zh for c in ACTIVITY.columns]
        rows = [[str(c.example) for c in ACTIVITY.columns]]
        use = next(i for i, c in enumerate(ACTIVITY.columns) if c.header_zh == "用途")
        rows += [[*rows[0][:use], str(v), *rows[0][use + 1:]] for v in ACTIVITY.columns[use].allowed]
        units = next(c for c in ACTIVITY.columns if c.header_zh == "计量单位").allowed
        energies = next(c for c in ACTIVITY.columns if c.header_zh == "能源品种").allowed
        assert ("Electricity" in [str(v) for v in energies]) == (language == "en")
        assert ("万kWh" in [str(v) for v in units]) == (language == "en")
    preview = _check(xlsx([header, *rows]), "template.xlsx", language)
    assert (preview.rows_ok, list(preview.problems)) == (len(rows), [])


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_energy_type_and_unit_the_template_offers_is_read(language: str) -> None:
    from carbonpeak.accounting.catalogue import energy_type_of, energy_types, unit_spec

    with translation.override(language):
        names = [str(v) for v in next(c for c in ACTIVITY.columns if c.header_zh == "能源品种").allowed]
        units = [str(v) for v in next(c for c in ACTIVITY.columns if c.header_zh == "计量单位").allowed]
    lines = []
    for name in names:  # each energy type in its own unit
        etype = energy_type_of(name)
        assert etype is not None, name
        lines.append(f"甲,2023,{name},1,{etype.basis}")
    for unit in units:  # each unit with an energy type measured in it
        spec = unit_spec(unit)
        assert spec is not None, unit
        etype = next(t for t in energy_types().values() if spec.kind in t.accepts)
        lines.append(f"甲,2023,{etype.code},1,{unit}")
    preview = _check(("主体,期间,能源品种,数量,计量单位\n" + "\n".join(lines) + "\n").encode())
    assert (preview.rows_ok, list(preview.problems)) == (len(lines), [])
