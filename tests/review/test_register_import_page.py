"""The register's importer (review/imports.py): the command's checks, every bad row named by row and field,
Chinese headers and values read, xlsx as well as CSV, nothing written by the check."""

from __future__ import annotations

import datetime as dt
import io

from django.test import RequestFactory
from django.utils import translation
from openpyxl import Workbook

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.review import register
from carbonpeak.review.imports import COLUMNS, check, store
from carbonpeak.review.models import RegisterEntry
from tests.conftest import UserGetter
from tests.review.register_support import CSV, USCC_A, USCC_B, make_units

ZH_HEADER = ",".join(c.header_zh for c in COLUMNS[:8])
ZH_CSV = f"""{ZH_HEADER}
演示水泥熟料线,{USCC_A},3011,金山卫镇,存量,升级改造,2026-12-31,50000
演示烧碱装置,{USCC_B},2612,漕泾镇,在建,保留,,20000
"""


def _request(user: UserGetter) -> object:
    request = RequestFactory().post("/imports/review-register/")
    request.user = user("office")
    return request


def test_bad_rows_are_named_by_row_and_field_and_nothing_is_written(user: UserGetter) -> None:
    make_units()
    bad = CSV.replace(USCC_A, "1234").replace("漕泾镇,operating,keep", "火星镇,operating,keep")
    records = ChangeRecord.objects.count()
    preview = check(bad.encode(), "plants.csv", _request(user))  # type: ignore[arg-type]
    assert {(p.row, p.field) for p in preview.problems} == {(2, "owner_uscc"), (3, "town")}
    assert (preview.rows_total, preview.rows_ok, preview.may_store) == (3, 1, False)
    assert not RegisterEntry.objects.exists() and ChangeRecord.objects.count() == records


def test_a_missing_column_blocks_the_file(user: UserGetter) -> None:
    text = CSV.replace("disposal,", "", 1)
    preview = check(text.encode(), "plants.csv", _request(user))  # type: ignore[arg-type]
    assert (1, "disposal") in {(p.row, p.field) for p in preview.problems}
    assert preview.rows_ok == 0 and not preview.may_store


def test_chinese_headers_and_values_are_read_and_stored(user: UserGetter) -> None:
    request = _request(user)
    with translation.override("zh-hans"):  # what the page's request switches on
        preview = check(ZH_CSV.encode("gb18030"), "清单.csv", request)  # type: ignore[arg-type]
        assert not preview.problems and preview.may_store and preview.rows_ok == 2
        assert [(row[0], row[-1]) for row in preview.sample] == [("演示水泥熟料线", "新增"), ("演示烧碱装置", "新增")]
        message = store(ZH_CSV.encode("utf-8"), "清单.csv", request)  # type: ignore[arg-type]
        again = check(ZH_CSV.encode(), "清单.csv", request)  # type: ignore[arg-type]
    assert "新增 2 个" in message
    caustic = RegisterEntry.objects.get(name="演示烧碱装置")
    assert (caustic.status, caustic.disposal) == ("under_construction", "keep")
    assert "0 个项目新列入清单，2 个已在清单中" in str(again.summary[0])
    assert again.sample[0][-1] == "已在清单：更新"


def test_the_command_reads_chinese_headers_too(db: None) -> None:
    summary = register.import_csv(ZH_CSV, actor_label="tests")
    assert summary.created == 2


def test_an_xlsx_file_is_read_with_dates_and_numbers_as_typed(user: UserGetter) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([c.header_zh for c in COLUMNS[:8]])
    sheet.append(["演示玻璃窑", USCC_A, 3041, "金山卫镇", "存量", "淘汰退出", dt.datetime(2027, 3, 1), 8000.0])
    sheet.append(["演示坏行", USCC_A, 3041, "金山卫镇", "存量", "淘汰退出", None, "很多"])
    buffer = io.BytesIO()
    book.save(buffer)
    preview = check(buffer.getvalue(), "清单.xlsx", _request(user))  # type: ignore[arg-type]
    assert {(p.row, p.field) for p in preview.problems} == {(3, "deadline"), (3, "approved_energy_tce")}
    assert not preview.may_store  # one bad row refuses the whole file, as the command does
    book.active.delete_rows(3)  # type: ignore[union-attr]
    buffer = io.BytesIO()
    book.save(buffer)
    store(buffer.getvalue(), "清单.xlsx", _request(user))  # type: ignore[arg-type]
    entry = RegisterEntry.objects.get(name="演示玻璃窑")
    assert (entry.industry_code, str(entry.deadline), entry.approved_energy_tce) == ("3041", "2027-03-01", 8000)
