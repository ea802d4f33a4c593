"""接口令牌 in the browser: the office issues a token for a department user, copies it from the page (shown
once), a program calls the API with it, then the office revokes it after confirming and the API refuses it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import OpenAs, click_nav

pytestmark = pytest.mark.e2e


def test_the_office_issues_a_token_a_program_uses_then_revokes(server_url: str, as_user: OpenAs,
                                                              browser: Browser) -> None:
    office = as_user("office")
    click_nav(office, "接口令牌")
    expect(office.locator("h1")).to_have_text("接口令牌")

    office.select_option("#id_user", "eco")
    office.fill("#id_name", "区经委数据同步")
    expiry = (dt.date.today() + dt.timedelta(days=2)).isoformat()  # after the server's today (UTC+8) too
    office.fill("#id_expires", expiry)
    office.get_by_role("button", name="签发令牌").click()
    expect(office.locator("h1")).to_contain_text("接口令牌已签发")
    clear = office.get_by_test_id("clear-token").inner_text().strip()
    assert re.fullmatch(r"cp_[A-Za-z0-9_-]{40,}", clear)

    # A program: no session cookie, only the token.
    program = browser.new_context()
    try:
        answer = program.request.get(f"{server_url}/api/v1/tasks", headers={"Authorization": f"Bearer {clear}"})
        assert answer.status == 200 and len(answer.json()) > 0
        assert program.request.get(f"{server_url}/api/v1/tasks").status == 401  # without it: refused

        click_nav(office, "接口令牌")
        row = office.locator("#token-table tr", has_text="区经委数据同步")
        expect(row).to_have_attribute("data-state", "live")
        expect(row).to_contain_text(expiry)
        expect(row).to_contain_text("eco")
        assert clear not in office.content()  # shown once: not on the list

        row.get_by_role("link", name="吊销").click()
        expect(office.locator("h1")).to_have_text("吊销接口令牌")
        expect(office.locator(".card")).to_contain_text("区经委数据同步")
        office.get_by_role("button", name="吊销此令牌").click()
        expect(office.locator(".messages")).to_contain_text("已吊销 eco 的令牌“区经委数据同步”")
        expect(office.locator("#token-table tr", has_text="区经委数据同步")).to_have_attribute("data-state", "revoked")

        refused = program.request.get(f"{server_url}/api/v1/tasks", headers={"Authorization": f"Bearer {clear}"})
        assert refused.status == 401
        assert refused.json() == {"errors": [{"field": "authorization", "reason": "未登录或令牌无效"}]}
    finally:
        program.close()
