"""Importing a file in the browser (数据导入), through the 两高一低 register: a bad file shows every row error and
stores nothing; a good one (Chinese headers and values) is stored only after the confirmation, and its rows appear
on the register page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import OpenAs

pytestmark = pytest.mark.e2e

USCC = "91310116MA1J00000Y"  # check-digit valid, fictitious
HEADER = "名称,统一社会信用代码,行业代码,所在镇（街道、园区）,状态,处置方式,处置期限,核定能耗（吨标准煤）"
GOOD = f"""{HEADER}
导入测试水泥线,{USCC},3011,金山卫镇,存量,升级改造,2026-12-31,50000
导入测试烧碱装置,{USCC},2612,漕泾镇,在建,保留,,20000
"""
BAD = f"""{HEADER}
导入测试水泥线,12345,3011,金山卫镇,存量,升级改造,2026-12-31,50000
导入测试烧碱装置,{USCC},2612,漕泾镇,运转中,保留,,20000
导入测试玻璃窑,{USCC},3041,金山卫镇,存量,淘汰退出,,很多
"""


def _choose(page: object, text: str) -> None:
    page.locator("#import-form input[type=file]").set_input_files(  # type: ignore[attr-defined]
        {"name": "清单.csv", "mimeType": "text/csv", "buffer": text.encode("utf-8")})
    page.get_by_role("button", name="检查文件").click()  # type: ignore[attr-defined]


def test_a_bad_file_shows_every_row_error_then_a_good_one_is_stored_after_confirmation(
        as_user: OpenAs, server_url: str) -> None:
    office = as_user("office")
    office.goto(f"{server_url}/review/register/")
    office.locator("#register-import").click()
    office.wait_for_url(f"{server_url}/imports/review-register/")
    expect(office.locator("#template-link")).to_be_visible()

    _choose(office, BAD)
    problems = office.locator("#import-problems tbody tr")
    expect(problems).to_have_count(4)
    expect(office.locator("#import-problems")).to_contain_text("统一社会信用代码")
    for row, field in (("2", "统一社会信用代码"), ("3", "状态"), ("4", "处置期限"), ("4", "核定能耗（吨标准煤）")):
        expect(office.locator(f'#import-problems tr[data-row="{row}"]', has_text=field)).to_have_count(1)
    expect(office.locator("#confirm-import")).to_have_count(0)
    expect(office.locator("#nothing-stored")).to_have_text("此文件不会保存任何内容。")  # and no "N 个新列入清单"
    expect(office.locator("#import-summary")).not_to_contain_text("新列入清单")
    office.goto(f"{server_url}/review/register/")
    expect(office.locator("#register-entries")).not_to_contain_text("导入测试")

    office.locator("#register-import").click()
    _choose(office, GOOD)
    expect(office.locator("#import-problems")).to_have_count(0)
    expect(office.locator("#import-summary")).to_contain_text("2 个项目新列入清单")
    expect(office.locator("#import-sample")).to_contain_text("导入测试烧碱装置")
    office.goto(f"{server_url}/review/register/")
    expect(office.locator("#register-entries")).not_to_contain_text("导入测试")  # previewed, not stored
    office.go_back()
    office.locator("#confirm-import").click()
    office.wait_for_url(f"{server_url}/review/register/")
    expect(office.locator(".messages")).to_contain_text("清单已导入：新增 2 个，更新 0 个")
    cement = office.locator("#register-entries tr", has_text="导入测试水泥线")
    expect(cement).to_contain_text("升级改造")
    expect(office.locator("#register-entries tr", has_text="导入测试烧碱装置")).to_contain_text("在建")
