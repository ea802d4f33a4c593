"""Accounts in the browser: a lockout seen in Chinese and lifted by the office on 账号锁定, the forced
change of a password someone else chose, and every main page working under the Content Security Policy.

The lockout server is this module's own. Every browser here comes from 127.0.0.1, so the failed logins
lock that address as well as the account: the office, signed in before, lifts both at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from tests.e2e.conftest import OpenAs, log_in, serving

pytestmark = pytest.mark.e2e

PREPARE = "from carbonpeak.people.models import Profile; " \
          "Profile.objects.filter(user__username='greening').update(must_change_password=True)"
NEW_PASSWORD = "Tide-Harbour-58"


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("e2e-accounts") / "carbonpeak.sqlite3"
    with serving(db, PREPARE) as url:
        yield url


def _try_login(page: Page, url: str, username: str, password: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit].primary")


def test_locked_account_is_unlocked_by_the_office(server_url: str, as_user: OpenAs, browser: Browser) -> None:
    office = as_user("office")  # signed in before the lockout: a session is not a login
    intruder = browser.new_page(locale="zh-CN")
    for _ in range(5):
        _try_login(intruder, server_url, "eco", "guess-guess")
    _try_login(intruder, server_url, "eco", "carbonpeak-demo")
    expect(intruder.get_by_test_id("locked-out")).to_contain_text("已被锁定")
    expect(intruder.get_by_test_id("locked-out")).to_contain_text("30 分钟")

    office.goto(f"{server_url}/accounts/locks/")
    expect(office.locator("h1")).to_have_text("账号锁定")
    row = office.locator('table[data-kind="username"] tr[data-value="eco"]')
    expect(row.locator("td").nth(1)).to_have_text("6")  # five wrong tries and the refused right one
    expect(office.locator('table[data-kind="ip_address"] tr[data-value="127.0.0.1"]')).to_be_visible()
    row.get_by_role("button", name="解锁").click()
    expect(office.locator(".messages")).to_contain_text("已解锁：eco")
    # The address was locked by these same failures: clearing them lifts both.
    expect(office.locator("table")).to_have_count(0)
    expect(office.locator(".card p.meta")).to_have_count(2)  # 无锁定。 under both headings

    log_in(intruder, server_url, "eco")
    expect(intruder.get_by_test_id("who")).to_contain_text("eco")
    intruder.context.close()


def test_password_set_by_someone_else_is_changed_first(server_url: str, page: Page) -> None:
    _try_login(page, server_url, "greening", "carbonpeak-demo")
    page.wait_for_url(re.compile(r"/accounts/password/"))
    expect(page.locator("h1")).to_have_text("修改密码")
    expect(page.get_by_test_id("must-change")).to_be_visible()
    page.goto(f"{server_url}/plan/tasks/")  # any page leads back here
    page.wait_for_url(re.compile(r"/accounts/password/\?next="))

    page.fill("#id_old_password", "carbonpeak-demo")
    page.fill("#id_new_password1", "12345678")
    page.fill("#id_new_password2", "12345678")
    page.click("button[type=submit].primary")
    expect(page.locator('[data-field="new_password2"]')).to_contain_text("密码")

    page.fill("#id_old_password", "carbonpeak-demo")
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(re.compile(r"/plan/tasks/$"))
    expect(page.locator(".messages")).to_contain_text("密码已修改")


# Every room's main page, the admin and the API docs; (path, a chart that must draw or None).
PAGES = [
    ("/", "[data-rendered]"), ("/dashboard/", "[data-rendered]"), ("/plan/tasks/", None),
    ("/indicators/", None), ("/indicators/warnings/", None), ("/supervision/", None),
    ("/accounting/", None), ("/accounting/calculate/", None), ("/monitoring/", "[data-rendered]"),
    ("/review/", None), ("/roadmap/", None), ("/roadmap/run/", "[data-rendered]"), ("/jobs/", None),
    ("/accounts/locks/", None), ("/accounts/password/", None), ("/admin/", None), ("/api/v1/docs", "#swagger-ui *"),
]


def test_every_main_page_works_under_the_content_security_policy(browser: Browser, server_url: str) -> None:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    refused: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            refused.append(f"{page.url}: {message.text}")

    page.on("console", watch)
    log_in(page, server_url, "office")
    for path, drawn in PAGES:
        response = page.goto(f"{server_url}{path}")
        assert response is not None and response.status == 200, path
        assert "script-src 'self'" in (response.header_value("content-security-policy") or ""), path
        if drawn:
            expect(page.locator(drawn).first).to_be_attached(timeout=15_000)
    context.close()
    assert refused == []


def test_a_filter_applies_itself_from_our_own_script(as_user: OpenAs, server_url: str) -> None:
    # The review queue's status filter submits on change through web/forms.js, no inline handler.
    page = as_user("office")
    page.goto(f"{server_url}/review/")
    page.select_option("select[name=status]", index=1)
    page.wait_for_url("**/review/?status=*")
    assert "status=" in page.url
