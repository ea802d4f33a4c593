"""A kept top bar carries each request's own values: the visitor's CSRF token (its forms post), the page's
path in the language switch and the words searched for, escaped, never another request's (web/topbar.py)."""

from __future__ import annotations

import re

import pytest

from carbonpeak.plan.models import Plan
from tests.caching.support import bar, client, load_district

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def district() -> Plan:
    return load_district()


def tokens(html: str) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)


def next_path(html: str) -> str:
    found = re.search(r'<input name="next" type="hidden" value="([^"]*)">', html)
    assert found is not None
    return found.group(1)


def search_box(html: str) -> str:
    found = re.search(r'<input type="search" name="q" value="([^"]*)"', html)
    assert found is not None
    return found.group(1)


def test_the_forms_of_a_kept_bar_post_with_the_visitors_token(district: Plan) -> None:
    bar(client("eco"), "/accounts/password/")  # kept now, drawn for another session of the same user
    mine = client("eco", csrf=True)
    html = bar(mine, "/accounts/password/")
    language_token, logout_token = tokens(html)
    refused = mine.post("/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": "x" * 64})
    assert refused.status_code == 403  # the check is on
    assert mine.post("/i18n/setlang/", {"language": "en", "next": "/",
                                        "csrfmiddlewaretoken": language_token}).status_code == 302
    assert mine.post("/accounts/logout/", {"csrfmiddlewaretoken": logout_token}).status_code == 302


def test_the_language_switch_comes_back_to_each_page(district: Plan) -> None:
    eco = client("eco")
    assert next_path(bar(eco, "/plan/tasks/1/")) == "/plan/tasks/1/"
    assert next_path(bar(eco, "/plan/tasks/2/")) == "/plan/tasks/2/"  # the same section's kept bar
    assert next_path(bar(eco, '/plan/tasks/3/?x="><b>')) == "/plan/tasks/3/?x=%22%3E%3Cb%3E"


def test_the_search_words_are_the_requests_own_and_escaped(district: Plan) -> None:
    eco = client("eco")
    assert search_box(bar(eco, "/search/?q=光伏")) == "光伏"
    assert search_box(bar(eco, '/search/?q="><script>x</script>')) == "&quot;&gt;&lt;script&gt;x&lt;/script&gt;"
    assert search_box(bar(eco, "/plan/tasks/")) == ""
    assert search_box(bar(client("greening"), "/search/?q=")) == ""
