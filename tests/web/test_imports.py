"""The import pages (数据导入): choose a file → preview with every problem, nothing stored → confirm → stored.

Driven through the two-high register's importer, whose file has rows; the plan file, factor sets and scenarios
have their own tests in their rooms (tests/plan, tests/accounting, tests/roadmap)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.monitoring.models import KeyUnit
from carbonpeak.review.models import RegisterEntry
from carbonpeak.web.imports import registry
from carbonpeak.web.models import StagedUpload
from tests.conftest import ClientFactory
from tests.review.register_support import CSV, HEADER, USCC_A, make_units

URL = "/imports/review-register/"
BAD = CSV.replace(f"演示水泥熟料线,{USCC_A}", "演示水泥熟料线,12345").replace(
    "漕泾镇,operating,keep", "漕泾镇,running,keep").replace(
    "under_construction,phase_out,2027-06-30", "under_construction,phase_out,")


def _upload(client: object, text: str | bytes, name: str = "plants.csv") -> object:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(URL, {"file": SimpleUploadedFile(name, data)})  # type: ignore[attr-defined]


def _staged_pk(response: object) -> int:
    location = response["Location"]  # type: ignore[index]
    match = re.fullmatch(r"/imports/review-register/(\d+)/", location)
    assert match, location
    return int(match.group(1))


def test_the_index_lists_the_importers_the_user_may_use(client_as: ClientFactory) -> None:
    page = client_as("office").get("/imports/")
    assert page.status_code == 200
    kinds = re.findall(r'data-kind="([a-z0-9-]+)"', page.content.decode())
    assert {"plan", "factor-set", "review-register", "scenarios"} <= set(kinds)
    assert "数据导入" in page.content.decode()
    for username in ("leader", "eco", "enterprise"):
        assert client_as(username).get("/imports/").status_code == 403


def test_the_navigation_offers_imports_only_to_who_may_import(client_as: ClientFactory) -> None:
    assert 'href="/imports/"' in client_as("office").get("/plan/tasks/").content.decode()
    assert 'href="/imports/"' not in client_as("eco").get("/plan/tasks/").content.decode()


def test_a_department_user_gets_403_on_every_import_page(client_as: ClientFactory) -> None:
    eco = client_as("eco")
    assert eco.get(URL).status_code == 403
    assert eco.get(URL + "template.xlsx").status_code == 403
    assert _upload(eco, CSV).status_code == 403  # type: ignore[attr-defined]
    assert not StagedUpload.objects.exists()


def test_a_bad_file_shows_every_row_error_and_stores_nothing(client_as: ClientFactory) -> None:
    make_units()
    before = (RegisterEntry.objects.count(), ChangeRecord.objects.count())
    office = client_as("office")
    response = _upload(office, BAD)
    page = office.get(response["Location"])  # type: ignore[index]
    text = page.content.decode()
    rows = dict(re.findall(r'<tr data-row="(\d+)"><td class="num">\d+</td><td>([^<]+)</td>', text))
    assert rows == {"2": "统一社会信用代码", "3": "状态", "4": "处置期限"}
    assert "owner_uscc" not in text and " / " not in text.split('id="import-problems"')[1].split("</table>")[0]
    assert 'id="confirm-import"' not in text
    assert (RegisterEntry.objects.count(), ChangeRecord.objects.count()) == before


def test_a_good_file_is_stored_only_after_confirmation(client_as: ClientFactory) -> None:
    make_units()
    office = client_as("office")
    response = _upload(office, CSV)
    pk = _staged_pk(response)
    page = office.get(response["Location"])  # type: ignore[index]
    text = page.content.decode()
    assert 'id="confirm-import"' in text and "演示水泥熟料线" in text
    assert "3 个项目新列入清单" in text
    assert not RegisterEntry.objects.exists()
    sha = StagedUpload.objects.get(pk=pk).sha256
    done = office.post(f"{URL}{pk}/confirm", {"sha256": sha})
    assert done.status_code == 302 and done["Location"] == "/review/register/"
    assert RegisterEntry.objects.count() == 3
    records = ChangeRecord.objects.filter(entity="review_register")
    assert records.count() == 3 and {r.actor.get_username() for r in records} == {"office"}  # type: ignore[union-attr]
    assert not StagedUpload.objects.exists()
    assert "清单已导入：新增 3 个，更新 0 个" in office.get("/review/register/").content.decode()


def test_a_refusal_at_confirmation_shows_on_the_preview_and_stores_nothing(client_as: ClientFactory) -> None:
    make_units()
    office = client_as("office")
    pk = _staged_pk(_upload(office, CSV))
    KeyUnit.objects.filter(code="MU-001").delete()  # the unit row 4 names is gone before the confirmation
    response = office.post(f"{URL}{pk}/confirm", {"sha256": StagedUpload.objects.get(pk=pk).sha256})
    assert response.status_code == 422
    text = response.content.decode()
    assert 'id="import-refused"' in text and "未知监测单位代码" in text
    assert not RegisterEntry.objects.exists()


def test_a_stale_foreign_or_changed_upload_is_refused(client_as: ClientFactory) -> None:
    make_units()
    office = client_as("office")
    pk = _staged_pk(_upload(office, CSV))
    staged = StagedUpload.objects.get(pk=pk)
    # another user's id: refused, as if it did not exist
    boss = get_user_model().objects.create_superuser("boss", "boss@example.org", "x")
    other = ClientFactory()(None)
    other.force_login(boss)
    assert other.get(f"{URL}{pk}/").status_code == 302
    assert other.post(f"{URL}{pk}/confirm", {"sha256": staged.sha256}).status_code == 302
    # a digest other than the one previewed
    assert office.post(f"{URL}{pk}/confirm", {"sha256": "0" * 64}).status_code == 302
    # kept more than a day
    StagedUpload.objects.filter(pk=pk).update(created=timezone.now() - dt.timedelta(days=2))
    response = office.post(f"{URL}{pk}/confirm", {"sha256": staged.sha256}, follow=True)
    assert "不再保留" in response.content.decode()
    assert not RegisterEntry.objects.exists()


def test_an_oversize_file_is_refused_with_a_message(client_as: ClientFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    small = dataclasses.replace(registry.find("review-register"), max_bytes=100)  # type: ignore[type-var]
    monkeypatch.setattr(registry, "find", lambda kind: small)
    response = _upload(client_as("office"), CSV)
    assert response.status_code == 413  # type: ignore[attr-defined]
    assert "超过" in response.content.decode() and "分批" in response.content.decode()  # type: ignore[attr-defined]
    assert not StagedUpload.objects.exists()


def test_a_file_of_another_kind_is_refused(client_as: ClientFactory) -> None:
    response = _upload(client_as("office"), CSV, name="plants.pdf")
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert not StagedUpload.objects.exists()


def test_the_template_lists_the_allowed_values_and_imports_back(client_as: ClientFactory) -> None:
    make_units()
    office = client_as("office")
    response = office.get(URL + "template.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    data, allowed = book.worksheets
    header = [c.value for c in data[1]]
    assert header[:6] == ["名称", "统一社会信用代码", "行业代码", "所在镇（街道、园区）", "状态", "处置方式"]
    assert allowed.title == "可填值"
    listed = {row[0]: row[2] for row in allowed.iter_rows(min_row=2, values_only=True)}
    assert listed["状态"] == "拟建、在建、存量" and "金山卫镇" in str(listed["所在镇（街道、园区）"])
    assert any(v.formula1 == '"拟建,在建,存量"' for v in data.data_validations.dataValidation)
    # filled in as the office would (Chinese values), it imports
    data.append(["演示化纤厂", USCC_A, "2823", "金山卫镇", "存量", "淘汰退出", dt.date(2027, 1, 31), 1200])
    buffer = io.BytesIO()
    book.save(buffer)
    pk = _staged_pk(_upload(office, buffer.getvalue(), name="清单.xlsx"))
    office.post(f"{URL}{pk}/confirm", {"sha256": StagedUpload.objects.get(pk=pk).sha256})
    entry = RegisterEntry.objects.get(name="演示化纤厂")
    assert (entry.status, entry.disposal, str(entry.deadline), entry.approved_energy_tce) == (
        "operating", "phase_out", "2027-01-31", 1200)


def test_the_english_template_heads_its_columns_in_english(client_as: ClientFactory) -> None:
    response = client_as("office", "en").get(URL + "template.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book.worksheets[0][1]][:3] == ["Name", "Owner USCC", "Industry code"]
    assert book.worksheets[1].title == "Allowed values"


def test_an_english_template_imports_back(client_as: ClientFactory) -> None:
    office = client_as("office", "en")
    book = load_workbook(io.BytesIO(office.get(URL + "template.xlsx").content))
    book.worksheets[0].append(["Demo fibre plant", USCC_A, "2823", "金山卫镇", "Operating", "Keep"])
    buffer = io.BytesIO()
    book.save(buffer)
    pk = _staged_pk(_upload(office, buffer.getvalue(), name="register.xlsx"))
    office.post(f"{URL}{pk}/confirm", {"sha256": StagedUpload.objects.get(pk=pk).sha256})
    assert RegisterEntry.objects.get(name="Demo fibre plant").status == "operating"


def _columns_table(text: str) -> list[list[str]]:
    """The columns table's cells (header, required, allowed values, example), notes left out."""
    body = text.split('id="import-columns"')[1].split("</table>")[0].split("<tbody>")[1]
    body = re.sub(r"<small>.*?</small>", "", body, flags=re.S)
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", row, flags=re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)]


def test_the_english_form_names_columns_and_values_in_english(client_as: ClientFactory) -> None:
    text = client_as("office", "en").get(URL).content.decode()
    rows = _columns_table(text)
    assert [r[0] for r in rows][:3] == ["Name", "Owner USCC", "Industry code"]
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", " ".join(" ".join(r) for r in rows))  # no column code
    by_header = {r[0]: r for r in rows}
    assert by_header["Status"][2:] == ["Planned, Under construction, Operating", "Operating"]
    assert by_header["Disposal"][3] == "Upgrade" and by_header["Name"][3] == "Example cement clinker line"
    assert "Accepted: .csv, .xlsx" in text and "What each column holds" in text


def test_the_chinese_form_shows_no_english(client_as: ClientFactory) -> None:
    text = client_as("office").get(URL).content.decode()
    rows = _columns_table(text)
    assert [r[0] for r in rows][:2] == ["名称", "统一社会信用代码"]
    assert not re.search(r"[a-z]{3,}", " ".join(" ".join(r) for r in rows))  # no English word, no code
    assert {r[0]: r for r in rows}["状态"][2:] == ["拟建、在建、存量", "存量"]
    assert ".csv、.xlsx" in text
    assert "<h2>列</h2>" not in text and "以统一社会信用代码和名称识别" in text


def test_the_english_preview_names_fields_by_their_headers(client_as: ClientFactory) -> None:
    make_units()
    office = client_as("office", "en")
    text = office.get(_upload(office, BAD.replace(",20000,", ",lots,"))["Location"]).content.decode()  # type: ignore[index]
    rows = set(re.findall(r'<tr data-row="(\d+)"><td class="num">\d+</td><td>([^<]+)</td>', text))
    assert rows == {("2", "Owner USCC"), ("3", "Status"), ("3", "Approved energy (tce)"), ("4", "Deadline")}
    assert "What the file holds" in text and "What would be stored" not in text


def test_the_chinese_reason_quotes_the_bad_value(client_as: ClientFactory) -> None:
    make_units()
    office = client_as("office")
    text = office.get(_upload(office, CSV.replace(",20000,", ",很多,"))["Location"]).content.decode()  # type: ignore[index]
    assert "须为非负数：「很多」" in text and "must be" not in text
    assert "文件内容" in text and "将保存的内容" not in text


def test_a_partial_import_says_how_many_rows_it_stores_and_skips(client_as: ClientFactory,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """An importer that keeps the good rows of a partly bad file (readings): the button says what it will do."""
    from carbonpeak.common.problems import Problem
    from carbonpeak.http.imports import ImportPreview

    def check(content: bytes, name: str, request: object) -> ImportPreview:
        return ImportPreview(rows_total=3, rows_ok=2, partial_allowed=True,
                             problems=[Problem("value", "须为数字 / must be a number", 3)])

    partial = dataclasses.replace(registry.find("review-register"), check=check)  # type: ignore[type-var]
    monkeypatch.setattr(registry, "find", lambda kind: partial)
    office = client_as("office")
    text = office.get(_upload(office, CSV)["Location"]).content.decode()  # type: ignore[index]
    assert "保存 2 行，跳过 1 行" in text and "须为数字" in text and "must be a number" not in text


def test_a_file_with_nothing_to_store_says_so_and_offers_no_confirmation(client_as: ClientFactory) -> None:
    """Issue 18: "将保存的内容" above "0 个项目新列入清单" read as if something would be saved."""
    office = client_as("office")
    text = office.get(_upload(office, HEADER + "\n")["Location"]).content.decode()  # type: ignore[index]
    assert "此文件不会保存任何内容" in text and "文件中没有数据行" in text
    assert "将保存的内容" not in text and "新列入清单" not in text and 'id="confirm-import"' not in text


def test_a_blocked_file_announces_no_changes(client_as: ClientFactory) -> None:
    make_units()
    office = client_as("office")
    one_bad = CSV.replace("漕泾镇,operating,keep", "漕泾镇,running,keep")  # rows 2 and 4 good; stored whole or not
    text = office.get(_upload(office, one_bad)["Location"]).content.decode()  # type: ignore[index]
    assert "此文件不会保存任何内容" in text and "新列入清单" not in text and "前几行（读取结果）" in text
    good = office.get(_upload(office, CSV)["Location"]).content.decode()  # type: ignore[index]
    assert "将保存的内容" in good and "3 个项目新列入清单" in good and "此文件不会保存" not in good


def test_towns_read_in_english_on_english_pages(client_as: ClientFactory) -> None:
    """The preview names a town as the monitoring pages do (Caojing Town); the English form lists the English
    names as the allowed values (the import reads them: common/places), the Chinese form the Chinese ones."""
    make_units()
    office = client_as("office", "en")
    sample = office.get(_upload(office, CSV)["Location"]).content.decode().split('id="import-sample"')[1]  # type: ignore[index]
    assert "Caojing Town" in sample and "Jinshanwei Town" in sample and "漕泾镇" not in sample
    form = office.get(URL).content.decode()
    town = {r[0]: r for r in _columns_table(form)}["Town"]
    assert "Caojing Town, " in town[2] and "漕泾镇" not in town[2] and town[3] == "Jinshanwei Town"
    assert "Written in Chinese" not in form and "= 漕泾镇" not in form
    chinese = client_as("office")
    town_zh = {r[0]: r for r in _columns_table(chinese.get(URL).content.decode())}["所在镇（街道、园区）"]
    assert "漕泾镇、" in town_zh[2] and "Caojing" not in town_zh[2] and town_zh[3] == "金山卫镇"
    sample_zh = chinese.get(_upload(chinese, CSV)["Location"]).content.decode().split('id="import-sample"')[1]  # type: ignore[index]
    assert "漕泾镇" in sample_zh and "Caojing" not in sample_zh


def test_english_lists_are_joined_with_commas(client_as: ClientFactory) -> None:
    """A value list in English reads "a, b"; the Chinese "a、b" never shows through."""
    office = client_as("office", "en")
    rows = {r[0]: r for r in _columns_table(office.get("/imports/meters/").content.decode())}
    assert rows["role"][2] == "Total, IT load, Sub-meter" and rows["kind"][2] == "Cumulative, Interval"
    units = {r[0]: r for r in _columns_table(office.get("/imports/units/").content.decode())}
    assert units["level"][2] == "National, City, District" and "、" not in units["town"][2]
