"""What the tests of kept fragments share: a committed district, signed-in clients, the top bar of a page.

These tests commit (`django_db(transaction=True)`): what is kept is keyed on the data version, which moves when a
transaction commits, and inside a test's rolled-back transaction nothing is kept at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from carbonpeak.caching import versions
from carbonpeak.cli import bundled_plan_path
from carbonpeak.people.demo import ensure_demo_users
from carbonpeak.plan.models import Plan
from carbonpeak.plan.services import load_plan_from_path
from carbonpeak.web import topbar


def load_district() -> Plan:
    """The plan and one demo user per role, committed (a transactional test's database is emptied after it)."""
    load_plan_from_path(bundled_plan_path(), actor_label="tests")
    ensure_demo_users()
    return Plan.objects.get(code="jinshan-2023")


def client(username: str | None = None, language: str = "zh-hans", csrf: bool = False) -> Client:
    c = Client(HTTP_ACCEPT_LANGUAGE=language, enforce_csrf_checks=csrf)
    if username is not None:
        c.force_login(get_user_model().objects.get(username=username))
    return c


def bar(c: Client, path: str) -> str:
    """The top bar of the page at `path`, as served (the CSRF tokens in it as they are)."""
    response = c.get(path)
    assert response.status_code == 200, path
    found = re.search(r'<header class="topbar">.*?</header>', response.content.decode(), re.S)
    assert found is not None, path
    return found.group(0)


def without_tokens(html: str) -> str:
    """The text with its CSRF tokens (masked afresh on every answer) left out."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', html)


def nav_links(html: str) -> list[str]:
    """The addresses the bar's navigation links to, in order."""
    nav = re.search(r'<nav class="nav" id="main-nav".*?</nav>', html, re.S)
    assert nav is not None
    return re.findall(r'<a href="([^"]+)"', nav.group(0))


def lit(html: str) -> list[str]:
    """The addresses of the navigation links the bar marks as the current page."""
    return re.findall(r'<a href="([^"]+)" class="active" aria-current="page"', html)


def who(html: str) -> str:
    """The user box's text: the user name, the role and the department."""
    found = re.search(r'data-testid="who"[^>]*>(.*?)</span></span>', html, re.S)
    assert found is not None
    return re.sub(r"<[^>]+>", "", found.group(1))


@contextmanager
def unseen_writes(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Writes the version does not count (as no real path writes): what is kept stays as it was."""
    with monkeypatch.context() as m:
        m.setattr(versions, "written", lambda *topics, using="default": None)
        yield


@contextmanager
def counted_renders(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The top bars drawn meanwhile (not served from what is kept), by user name ('' signed out)."""
    drawn: list[str] = []
    real = topbar._render

    def counting(user: object, lit: tuple[str, ...]) -> str:
        drawn.append(getattr(user, "username", ""))
        return real(user, lit)  # type: ignore[arg-type]

    with monkeypatch.context() as m:
        m.setattr(topbar, "_render", counting)
        yield drawn
