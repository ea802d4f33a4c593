"""Switching the language shows the top bar in the new language on the next request (the bar is kept per
language, caching/fragments.py), and the switch comes back to the page it was made on."""

from __future__ import annotations

import re

import pytest

from carbonpeak.plan.models import Plan
from tests.caching.support import bar, client, load_district, who

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def district() -> Plan:
    return load_district()


def switch(c: object, language: str, html: str) -> str:
    """Post the bar's language form as the browser would: its `next` is the page the bar was on."""
    found = re.search(r'<input name="next" type="hidden" value="([^"]*)">', html)
    assert found is not None
    response = c.post("/i18n/setlang/", {"language": language, "next": found.group(1)})  # type: ignore[attr-defined]
    assert response.status_code == 302
    return str(response["Location"])


def test_the_bar_follows_the_language_switch(district: Plan) -> None:
    eco = client("eco", csrf=False)
    chinese = bar(eco, "/plan/tasks/")
    assert ">重点任务</a>" in chinese and who(chinese) == "eco · 部门用户 · 区经委"
    assert switch(eco, "en", chinese) == "/plan/tasks/"
    english = bar(eco, "/plan/tasks/")
    assert ">Tasks</a>" in english and "重点任务" not in english and "Log out" in english
    assert 'value="en" disabled' in english
    assert who(english).startswith("eco · Department user")
    switch(eco, "zh-hans", english)
    assert ">重点任务</a>" in bar(eco, "/plan/tasks/")
    assert ">Tasks</a>" in bar(client("eco", language="en"), "/plan/tasks/")  # another visitor, English asked
