"""Key units, meters and readings imported from a page (monitoring/imports.py): the preview writes nothing and
names every problem by row and column in the reader's language; the confirmation stores what it announced."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.utils import translation

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.http.imports import Importer, ImportPreview
from carbonpeak.monitoring.imports import IMPORTERS, METERS, READINGS, UNITS
from carbonpeak.monitoring.models import IngestBatch, KeyUnit, Meter, Reading, Rollup, UnitBudget
from carbonpeak.monitoring.problems import MonitoringInputError
from carbonpeak.people.models import Enterprise
from carbonpeak.people.permissions import Permission
from tests.imports_support import check, store, through_the_pages, xlsx
from tests.monitoring.support import LOCAL, T0, USCC_A, USCC_B, iso, make_meter, make_unit, records, send

pytestmark = pytest.mark.django_db

UNITS_ZH = f"""单位代码,单位名称,统一社会信用代码,行业代码,所在镇,是否数据中心,数据中心阶段,设计PUE,年度用能预算
U1,金山示范新材料,{USCC_A},2614,金山卫镇,否,,,12000
DC1,漕泾云数据中心,{USCC_B},6550,漕泾镇,是,存量,1.35,
"""
UNITS_BAD = f"""单位代码,单位名称,统一社会信用代码,行业代码,所在镇,是否数据中心
U1,金山示范新材料,{USCC_A},2614,金山卫镇,否
U2,坏单位,123,2614,火星镇,也许
"""
METERS_ZH = """计量点代码,单位代码,能源品种,计量单位,读数类型,倍率,计量用途
U1-E1,U1,电力,千瓦时,累计,100,总表
U1-G1,U1,天然气,万立方米,区间,1,分表
"""



def _check(importer: Importer, content: bytes, name: str = "file.csv", language: str = "zh-hans") -> ImportPreview:
    return check(importer, content, name, language)


def _store(importer: Importer, content: bytes, name: str = "file.csv") -> str:
    return store(importer, content, name)


def _counts() -> tuple[int, ...]:
    return (KeyUnit.objects.count(), Meter.objects.count(), Enterprise.objects.count(), UnitBudget.objects.count(),
            Reading.objects.count(), Rollup.objects.count(), IngestBatch.objects.count(), ChangeRecord.objects.count())



def _where(preview: ImportPreview) -> list[tuple[int | None, str]]:
    return [(p.row, p.field) for p in preview.problems]


def test_the_room_declares_its_importers() -> None:
    assert IMPORTERS == [UNITS, METERS, READINGS]
    assert {i.permission for i in IMPORTERS} == {Permission.MANAGE_MONITORING}
    assert (UNITS.done_url(), METERS.done_url(), READINGS.done_url()) == ("/monitoring/units/",) * 2 + (
        "/monitoring/",)
    assert (UNITS.kind, METERS.kind, READINGS.kind, READINGS.extensions) == (
        "units", "meters", "readings", ("csv", "xlsx", "json"))
    town = next(c for c in UNITS.columns if c.header_zh == "所在镇")
    assert "金山卫镇" in town.allowed and town.required
    meter_columns = {c.header_zh: c for c in METERS.columns}
    with translation.override("zh-hans"):  # the allowed values read in the reader's language
        assert {"电力", "天然气"} <= {str(v) for v in meter_columns["能源品种"].allowed}
        assert "万千瓦时" in [str(v) for v in meter_columns["计量单位"].allowed]
        assert [str(v) for v in meter_columns["读数类型"].allowed] == ["累计", "区间"]
        assert [str(v) for v in meter_columns["计量用途"].allowed] == ["总表", "IT负载", "分表"]
    with translation.override("en"):
        # Named, not coded, in English too (issue 18): the reader writes what the list shows, and it is read.
        assert [str(v) for v in meter_columns["计量用途"].allowed] == ["Total", "IT load", "Sub-meter"]
        assert [str(v) for v in meter_columns["读数类型"].allowed] == ["Cumulative", "Interval"]


def test_units_in_chinese_are_previewed_without_writing_then_stored_as_announced() -> None:
    before = _counts()
    preview = _check(UNITS, UNITS_ZH.encode())
    assert _counts() == before  # no unit, enterprise, budget or change record
    assert (preview.rows_total, preview.rows_ok, list(preview.problems), preview.may_store) == (2, 2, [], True)
    assert preview.summary == ["新增 2 个单位，更新 0 个，无变化 0 个"]
    assert preview.header[:3] == ["单位代码", "单位名称", "统一社会信用代码"]
    assert preview.sample[1] == ["DC1", "漕泾云数据中心", USCC_B, "6550", "漕泾镇", "是", "区级"]

    assert _store(UNITS, UNITS_ZH.encode()) == "已导入用能单位：新增 2 个，更新 0 个，无变化 0 个。"
    dc = KeyUnit.objects.get(code="DC1")
    assert (dc.is_data_centre, dc.data_centre_stage, dc.design_pue, dc.enterprise.uscc) == (
        True, "existing", 1.35, USCC_B)
    assert UnitBudget.objects.get(unit__code="U1").budget_tce == 12000
    records_ = ChangeRecord.objects.filter(entity="monitoring.unit")
    assert sorted(r.entity_key for r in records_) == ["DC1", "U1"]
    assert {r.actor_label for r in records_} == {"office"}

    changed = UNITS_ZH.replace("金山示范新材料,", "金山示范新材料（更名）,")
    assert _check(UNITS, changed.encode()).summary == ["新增 0 个单位，更新 1 个，无变化 1 个"]
    assert KeyUnit.objects.get(code="U1").name == "金山示范新材料"  # the preview changed nothing


def test_every_bad_unit_row_is_named_and_nothing_is_stored() -> None:
    before = _counts()
    preview = _check(UNITS, UNITS_BAD.encode())
    assert (preview.rows_total, preview.rows_ok, preview.may_store, list(preview.summary)) == (2, 1, False, [])
    assert _where(preview) == [(3, "统一社会信用代码"), (3, "所在镇"), (3, "是否数据中心")]
    assert preview.problems[1].reason_in("zh-hans").startswith("不是本区的镇、街道或园区：「火星镇」")
    with pytest.raises(MonitoringInputError):
        _store(UNITS, UNITS_BAD.encode())
    assert _counts() == before
    english = _check(UNITS, UNITS_BAD.encode(), language="en")
    assert _where(english)[1] == (3, "town")


def test_every_template_header_is_read_in_both_languages() -> None:
    make_unit("U1")
    for importer, code in ((UNITS, "U9"), (METERS, "M9")):
        row = ",".join({"单位代码": code if importer is UNITS else "U1", "计量点代码": code, "是否数据中心": "否",
                        "数据中心阶段": "", "设计PUE": ""}.get(c.header_zh, str(c.example)) for c in importer.columns)
        headers = [",".join(c.header_zh for c in importer.columns), ",".join(c.header_en for c in importer.columns)]
        for header in headers:
            preview = _check(importer, f"{header}\n{row}\n".encode())
            assert (preview.rows_ok, list(preview.problems)) == (1, []), (header, preview.problems)


def test_meters_with_chinese_names_are_previewed_then_stored() -> None:
    make_unit("U1")
    before = _counts()
    preview = _check(METERS, xlsx([line.split(",") for line in METERS_ZH.strip().splitlines()]), "meters.xlsx")
    assert _counts() == before
    assert (preview.rows_ok, list(preview.problems), preview.summary) == (
        2, [], ["新增 2 个计量点，更新 0 个，无变化 0 个"])
    assert preview.sample[1] == ["U1-G1", "U1", "天然气", "万立方米", "区间", "1", "分表"]
    assert _store(METERS, METERS_ZH.encode()) == "已导入计量点：新增 2 个，更新 0 个，无变化 0 个。"
    gas = Meter.objects.get(code="U1-G1")
    assert (gas.energy_type, gas.unit_of_measure, gas.kind, gas.role) == (
        "natural_gas", "万m3", "interval", "sub_meter")


def test_a_meter_file_naming_unknown_units_and_changing_a_metered_meter_is_refused_whole() -> None:
    unit = make_unit("U1")
    make_meter(unit, "U1-E1", kind="cumulative")
    send(records("U1-E1", [100.0, 101.0]))
    bad = METERS_ZH.replace("U1-E1,U1,电力,千瓦时", "U1-E1,U1,电力,兆瓦时").replace("U1-G1,U1,", "U1-G1,U9,")
    before = _counts()
    preview = _check(METERS, bad.encode())
    assert _counts() == before
    assert not preview.may_store
    assert _where(preview) == [(3, "单位代码"), (2, "计量单位")]
    assert preview.problems[1].reason_in("zh-hans").startswith("已有读数，不能修改")
    role = METERS_ZH.replace("累计,100,总表", "累计,100,IT负载")
    assert _where(_check(METERS, role.encode()))[0] == (2, "计量用途")


def _readings_setup() -> None:
    unit = make_unit("U1")
    make_meter(unit, "U1-E1")
    send(records("U1-E1", [5.0, 6.0]))  # two stored readings: T0 + 15 min and + 30 min


def test_readings_are_previewed_row_by_row_and_the_good_ones_stored() -> None:
    _readings_setup()
    stamp = [iso(T0 + k * 900) for k in range(1, 6)]
    text = ("计量点代码,时间,读数\n"
            f"U1-E1,{stamp[0]},5\n"  # already stored with this value: skipped
            f"U1-E1,{stamp[1]},7\n"  # another value is stored: refused
            f"U1-E1,{stamp[2]},8\n"
            f"U1-E1,{stamp[3]},9\n"
            f"U9,{stamp[3]},9\n"  # unknown meter
            "U1-E1,昨天,9\n"  # no time
            f"U1-E1,{stamp[4]},十\n")  # no number
    before = _counts()
    preview = _check(READINGS, text.encode("gbk"), "readings.csv")
    assert _counts() == before  # no reading, rollup, batch or change record
    assert (preview.rows_total, preview.rows_ok, preview.partial_allowed, preview.may_store) == (7, 2, True, True)
    assert preview.summary == ["将导入 2 条读数，拒收 4 条。", "1 条读数已以相同数值存储，将跳过。"]
    assert _where(preview) == [(3, "读数"), (6, "计量点代码"), (7, "时间"), (8, "读数")]
    assert preview.problems[0].reason_in("zh-hans").startswith("该器具在此时间已有读数 6")
    assert preview.sample == [["U1-E1", "2026-03-02 00:45:00", "8"], ["U1-E1", "2026-03-02 01:00:00", "9"]]

    message = _store(READINGS, text.encode("gbk"), "readings.csv")
    assert message == "已导入 2 条读数，1 条已存储，拒收 4 行。"
    assert Reading.objects.filter(meter__code="U1-E1", estimated=False).count() == 4
    batch = IngestBatch.objects.latest("pk")
    assert (batch.user.get_username(), batch.source, batch.channel, batch.accepted) == ("office", "office", "form", 2)


def test_readings_in_an_xlsx_with_times_as_cells() -> None:
    _readings_setup()
    naive = dt.datetime.fromtimestamp(T0 + 3 * 900, LOCAL).replace(tzinfo=None)
    later = naive + dt.timedelta(minutes=15)
    content = xlsx([["计量点代码", "时间", "读数"], ["U1-E1", naive, 8], ["U1-E1", later, 9.5]])
    preview = _check(READINGS, content, "readings.xlsx")
    assert (preview.rows_ok, list(preview.problems)) == (2, [])
    _store(READINGS, content, "readings.xlsx")
    assert Reading.objects.get(meter__code="U1-E1", ts=dt.datetime.fromtimestamp(T0 + 3 * 900, dt.UTC)).value == 8


@pytest.mark.parametrize(("importer", "content", "name", "field", "reason"), [
    (UNITS, b"", "units.csv", "文件", "内容为空"),
    (UNITS, "名称,数值\n甲,1\n".encode(), "units.csv", "单位代码", "缺少必需的列"),
    (METERS, b"not a workbook", "meters.xlsx", "文件", "不是 xlsx 文件"),
    (READINGS, b"", "readings.csv", "文件", "内容为空"),
    (READINGS, "名称,数值\n甲,1\n".encode(), "readings.csv", "计量点代码", "缺少必需的列"),
    (READINGS, "计量点代码,时间,读数\n".encode(), "readings.csv", "文件", "文件中没有读数"),
    (READINGS, b'{"rows": []}', "readings.json", "readings", "应为读数列表"),
])
def test_unreadable_empty_and_foreign_files_are_refused(importer: Importer, content: bytes, name: str, field: str,
                                                        reason: str) -> None:
    before = _counts()
    preview = _check(importer, content, name)
    assert not preview.may_store and preview.rows_ok == 0
    assert any(field in p.field and p.reason_in("zh-hans").startswith(reason) for p in preview.problems), \
        preview.problems
    assert _counts() == before


@pytest.mark.parametrize("importer", [UNITS, METERS, READINGS])
def test_a_file_over_the_limit_is_refused_before_it_is_read(importer: Importer) -> None:
    preview = _check(importer, b"x" * (importer.max_bytes + 1))
    assert not preview.may_store
    assert [(p.field, p.reason_in("zh-hans")[:4]) for p in preview.problems] == [("文件", "文件超过")]


def test_the_commands_read_the_chinese_files_the_pages_read(tmp_path: Any) -> None:
    from carbonpeak.cli import main

    for name, text in (("units.csv", UNITS_ZH), ("meters.csv", METERS_ZH),
                       ("readings.csv", f"计量点代码,时间,读数\nU1-E1,{iso(T0 + 900)},5\nU1-E1,{iso(T0 + 1800)},6\n")):
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert main([name.removesuffix(".csv"), "import", str(tmp_path / name)]) == 0, name
    assert (KeyUnit.objects.filter(code__in=["U1", "DC1"]).count(), Meter.objects.filter(unit__code="U1").count(),
            Reading.objects.filter(meter__code="U1-E1", estimated=False).count()) == (2, 2, 2)


def test_storing_an_unreadable_readings_file_is_the_room_s_refusal() -> None:
    before = _counts()
    with pytest.raises(MonitoringInputError) as refused:
        _store(READINGS, "名称,数目\n甲,1\n".encode(), "readings.csv")
    assert refused.value.problems()[0].field == "meter, timestamp, value"
    assert _counts() == before



def test_the_office_imports_units_meters_and_readings_through_the_pages(client_as: Any) -> None:
    office = client_as("office")
    page, confirmed = through_the_pages(office, "units", "units.csv", UNITS_ZH.encode())
    assert "新增 2 个单位，更新 0 个，无变化 0 个" in page
    assert (confirmed.status_code, confirmed["Location"]) == (302, "/monitoring/units/")
    page, confirmed = through_the_pages(office, "meters", "meters.xlsx",
                                         xlsx([line.split(",") for line in METERS_ZH.strip().splitlines()]))
    assert "新增 2 个计量点" in page and confirmed.status_code == 302
    assert Meter.objects.filter(unit__code="U1").count() == 2
    text = f"计量点代码,时间,读数\nU1-G1,{iso(T0 + 900)},0.5\nU9,{iso(T0 + 900)},1\nU1-G1,{iso(T0 + 1800)},0.7\n"
    page, confirmed = through_the_pages(office, "readings", "readings.csv", text.encode())
    assert "将导入 2 条读数，拒收 1 条。" in page and "未登记的计量器具「U9」" in page
    assert 'id="confirm-import"' in page  # the good rows may be stored, the bad one skipped
    assert (confirmed.status_code, confirmed["Location"]) == (302, "/monitoring/")
    assert Reading.objects.filter(meter__code="U1-G1", estimated=False).count() == 2


def test_the_registry_and_the_overview_lead_the_office_to_the_imports(client_as: Any) -> None:
    units_page = client_as("office").get("/monitoring/units/").content.decode()
    assert all(f'href="/imports/{kind}/"' in units_page for kind in ("units", "meters", "readings"))
    assert 'href="/imports/readings/"' in client_as("office").get("/monitoring/").content.decode()
    assert "/imports/" not in client_as("leader").get("/monitoring/units/").content.decode()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_template_filled_with_its_examples_and_allowed_values_is_read(client_as: Any, language: str) -> None:
    from openpyxl import load_workbook

    make_meter(make_unit("U001", data_centre=True), "U001-E1")  # the examples' unit and meter
    for importer in (UNITS, METERS, READINGS):
        response = client_as("office", language).get(f"/imports/{importer.kind}/template.xlsx")
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        header = [c.value for c in sheet[1]]
        with translation.override(language):
            assert header == [c.header_en if language == "en" else c.header_zh for c in importer.columns]
            example = {c.header_zh: str(c.example) for c in importer.columns}
            rows = [[example[c.header_zh] for c in importer.columns]]
            for i, column in enumerate(importer.columns):  # each allowed value of the columns with a short list
                skipped = ("所在镇", "能源品种", "计量单位", "是否数据中心", "数据中心阶段")  # depend on each other
                if column.allowed and column.header_zh not in skipped:
                    rows += [[*rows[0][:i], str(v), *rows[0][i + 1:]] for v in column.allowed]
        if importer is METERS:  # one code per row; an IT-load meter measures electricity on the data centre
            rows = [[f"M{n}", *r[1:]] for n, r in enumerate(rows)]
        if importer is UNITS:
            rows = [[f"U{n}", *r[1:]] for n, r in enumerate(rows)]
        preview = _check(importer, xlsx([header, *rows]), "template.xlsx", language)
        assert (preview.rows_ok, list(preview.problems)) == (len(rows), []), (importer.kind, preview.problems)


def test_an_industry_code_refused_reads_in_one_language() -> None:
    text = UNITS_ZH.replace(",2614,", ",26,")
    problem = next(p for p in _check(UNITS, text.encode()).problems if p.field == "行业代码")
    assert problem.reason_in("zh-hans").startswith("应为 4 位 GB/T 4754-2017 小类代码")
    assert "must" not in problem.reason_in("zh-hans") and problem.reason_in("en").startswith("must be a 4-digit")
