"""The public site in a browser: an anonymous reader opens an indicator with its chart, the office publishes
its values, the reader leaves a message and sees it only after the office publishes an answer."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import OpenAs

pytestmark = pytest.mark.e2e

CODE = "new_pv_capacity"  # 新增光伏装机
QUESTION = "请问新增光伏装机的进度何时更新？（浏览器测试）"
ANSWER = "每季度更新一次，下次更新在季度末（浏览器测试）"


def _anonymous(browser: Browser) -> Page:
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})  # a phone
    return context.new_page()


def test_a_citizen_reads_an_indicator_and_sees_the_answer_once_published(browser: Browser, as_user: OpenAs,
                                                                         server_url: str) -> None:
    reader = _anonymous(browser)
    url = f"{server_url}/public/indicators/{CODE}/"
    reader.goto(url)
    expect(reader.locator("h1")).to_have_text("新增光伏装机容量")
    expect(reader.locator("#indicator-chart")).to_have_attribute("data-rendered", "true")
    expect(reader.locator("#values-unpublished")).to_be_visible()

    office = as_user("office")
    office.goto(f"{server_url}/public/office/")
    office.locator(f'button[data-kind="indicator_values"][data-key="{CODE}"]').click()
    expect(office.locator("body")).to_contain_text("已公开。")

    reader.reload()
    expect(reader.locator("#status")).to_contain_text("晴雨表")
    expect(reader.locator("#values")).to_contain_text("最近更新")

    reader.fill("#feedback-form textarea[name=text]", QUESTION)
    reader.fill("#feedback-form input[name=contact]", "reader@example.com")
    reader.locator("#feedback-form button[type=submit]").click()
    expect(reader.locator("body")).to_contain_text("您的留言已提交")
    expect(reader.locator("body")).not_to_contain_text(QUESTION)

    office.goto(f"{server_url}/public/office/feedback/")
    message = office.locator("article.message", has_text=QUESTION)
    expect(message).to_contain_text("reader@example.com")  # the office sees the contact
    message.locator("textarea[name=answer]").fill(ANSWER)
    message.locator("button[type=submit]").click()
    expect(office.locator("body")).to_contain_text("答复已保存，尚未公开")
    reader.reload()
    expect(reader.locator("body")).not_to_contain_text(ANSWER)

    message = office.locator("article.message", has_text=QUESTION)
    message.locator("input[name=publish]").check()
    message.locator("button[type=submit]").click()
    expect(office.locator("body")).to_contain_text("答复已公开")

    reader.reload()
    expect(reader.locator("#answers")).to_contain_text(QUESTION)
    expect(reader.locator("#answers")).to_contain_text(ANSWER)
    expect(reader.locator("body")).not_to_contain_text("reader@example.com")

    reader.locator("button[data-lang=en]").click()
    expect(reader.locator("#feedback h2")).to_have_text("Your feedback")
    reader.context.close()
