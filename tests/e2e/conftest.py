"""A real CarbonPeak server for browser tests: `carbonpeak setup` then `carbonpeak serve`
in subprocesses, on a temporary SQLite database, driven by Playwright in Debian's
Chromium (never a downloaded browser)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
CARBONPEAK = str(Path(sys.executable).with_name("carbonpeak"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(db: Path, prepare: str | None = None, env_extra: dict[str, str] | None = None) -> Iterator[str]:
    """`carbonpeak setup` on a fresh SQLite file, optionally a Python snippet run in its shell,
    then `carbonpeak serve` on a free port until the block ends."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", **(env_extra or {})}
    subprocess.run([CARBONPEAK, "setup"], env=env, check=True, capture_output=True)
    if prepare:
        subprocess.run([CARBONPEAK, "manage", "shell", "-c", prepare], env=env, check=True, capture_output=True)
    port = _free_port()
    proc = subprocess.Popen([CARBONPEAK, "serve", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        # The database runs go side by side in CI, so a loaded machine may take a while to start workers.
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/accounts/login/", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("carbonpeak serve did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        # gunicorn waits for a browser's idle keep-alive connection up to its graceful timeout; don't wait longer.
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(tmp_path_factory.mktemp("e2e") / "carbonpeak.sqlite3") as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()


def log_in(page: Page, server_url: str, username: str) -> None:
    page.goto(f"{server_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "carbonpeak-demo")
    page.click("button[type=submit].primary")
    # Leaders are sent on to the dashboard, enterprises to their own page; everyone else stays on the overview.
    page.wait_for_url(re.compile(re.escape(server_url) + r"/(dashboard/|enterprise/home/)?$"))


def click_nav(page: Page, name: str) -> None:
    """Follow a link of the top bar as a person does: a link inside a menu shows once its menu is hovered."""
    # By text, not by role: a link in a closed menu is hidden, so it is not in the accessibility tree yet.
    text = re.compile(rf"^\s*{re.escape(name)}\s*$")
    link = page.locator("#main-nav a").filter(has_text=text)
    group = page.locator("#main-nav .nav-group").filter(has=page.locator("a").filter(has_text=text))
    if group.count():
        group.first.locator(".nav-group-label").hover()
    link.click()


OpenAs = Callable[[str], Page]


@pytest.fixture
def as_user(browser: Browser, server_url: str) -> Iterator[OpenAs]:
    """Pages logged in as several users at once, each in its own browser context (own cookies)."""
    contexts = []

    def open_as(username: str) -> Page:
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}, accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        log_in(page, server_url, username)
        return page

    yield open_as
    for context in contexts:
        context.close()
