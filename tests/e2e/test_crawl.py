"""Every demo role crawls the pages it can reach, as a new user would, and finds no dead end.

Each role logs in in headless Chromium at a phone's width (390 px) and follows, breadth first, the links
of the navigation and of every page it reaches (same origin, at most `MAX_PAGES` pages; never logout,
downloads, the Django admin, the API or forms). On every page: the link answered below 400, the console
stayed free of errors, the Chinese interface shows no snake_case identifier and no English word outside
`ALLOWED_WORDS`, and nothing is wider than the screen. Known defects that belong to work still in
progress elsewhere are listed in `KNOWN_DEFECTS`, each by page and text; anything else fails the test.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

import pytest
from playwright.sync_api import Browser, Error, Page, ViewportSize

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

ROLES = ("office", "eco", "fengjing", "enterprise", "leader")
MAX_PAGES = 30  # per role: the navigation and the pages a click or two from it, to keep the crawl under 2 minutes
# Pages a role reaches a few clicks deep, past what MAX_PAGES lets the breadth-first walk reach: visited right
# after the navigation so the Chinese check holds them too (the factor set: 因子集 › 上海市现行因子).
START_PAGES: dict[str, tuple[str, ...]] = {"office": ("/accounting/factors/shanghai/",)}
PHONE: ViewportSize = {"width": 390, "height": 844}

# Paths never followed: leaving, files, machine interfaces, Django's admin (its own English UI), the public
# site (crawled by tests/public/test_allowlist_crawl.py) and actions behind a link.
SKIP = re.compile(
    r"^/(accounts/logout|admin/|api/|static/|media/|public/|i18n/)"
    r"|/(export|download|evidence|files?)(/|$)|\.(xlsx|docx|csv|json|pdf|zip)$|[?&](format|download)="
)

# Words the Chinese interface may show: units and standard abbreviations a specialist writes in Latin
# letters, the product's name, terms the plan's own Chinese text uses (BIPV), and login names (a person's
# account is named by it where accounts are listed).
_ALLOWED = """
    kWh MWh GWh kJ GJ MJ TJ kW MW GW kg t tce kgce tCO tCO2 CO CO2 CH N2O PUE GB T GB/T ID IT HFCs PFCs SF NF
    Nm m m2 m3 km h min s CNY GDP GPC IPCC AR5 AR6 IAMC ECharts CSV xlsx docx Excel Word PDF API USCC NDRC
    LPG LNG UTC VEE MWp kV BIPV NEV CarbonPeak
    office eco greening fengjing enterprise leader
"""
ALLOWED_WORDS = frozenset(_ALLOWED.split())
ENGLISH = re.compile(r"(?<![\w/.])[A-Za-z][A-Za-z0-9/._-]*[A-Za-z0-9]|(?<![\w/.])[A-Za-z](?![\w])")
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
# Codes that are codes in Chinese text too: Q3, S1, 1A, meter and unit codes (U004-E1), the GPC line
# numbers (I.3.2, IV.1), versions (v2).
CODE = re.compile(r"[A-Z0-9]{1,3}\d*|[A-Z]{1,3}\d[\w.-]*|[IVX]+(\.\d+)*|v\d+")
URL = re.compile(r"https?://\S+")

# Known defects left to work in progress elsewhere, each named by page and text (or the part of the page
# that holds it), with why; everything else the crawl finds fails the test. Keep it short, and remove an
# entry when its page is fixed.
KNOWN_WORDS: tuple[tuple[str, str, str], ...] = (
)
KNOWN_PARTS: tuple[tuple[str, str, str], ...] = (
)

OVERFLOW_JS = "() => document.documentElement.scrollWidth - window.innerWidth"
# What a reader can unfold is checked as well: every <details> is opened before the text and the width are read
# (a factor set's subjects are folded on a phone, accounting/factor_set.html).
OPEN_JS = "() => document.querySelectorAll('details:not([open])').forEach(d => { d.open = true; })"
LINKS_JS = "() => Array.from(document.querySelectorAll('a[href]')).filter(a => !a.hasAttribute('download'))" \
           ".map(a => a.href)"
# The page's text, less what is Latin by nature: the language buttons (each names its language in itself)
# and the signed-in user's login name.
TEXT_JS = """(known) => {
  const hidden = Array.from(document.querySelectorAll(['[data-lang]', '[data-testid=who]', ...known].join(', ')));
  hidden.forEach(e => { e.dataset.crawlDisplay = e.style.display; e.style.display = 'none'; });
  const text = document.body.innerText;
  hidden.forEach(e => { e.style.display = e.dataset.crawlDisplay; });
  const who = document.querySelector('[data-testid=who]');
  return text + '\\n' + (who ? who.innerText.split(' · ').slice(1).join(' ') : '');
}"""


@dataclass
class Finding:
    page: str
    what: str

    def __str__(self) -> str:
        return f"{self.page}: {self.what}"


@dataclass
class Crawl:
    role: str
    pages: int = 0
    findings: list[Finding] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)


def _known(path: str, word: str) -> bool:
    return any(re.search(p, path) and word == w for p, w, _why in KNOWN_WORDS)


def _known_parts(path: str) -> list[str]:
    return [selector for p, selector, _why in KNOWN_PARTS if re.search(p, path)]


def words_out_of_place(text: str) -> list[str]:
    """Snake_case identifiers and English words a Chinese page should not show."""
    text = URL.sub(" ", text)  # a web address is a reference, not prose
    found = [m.group(0) for m in SNAKE.finditer(text)]
    for m in ENGLISH.finditer(text):
        word = m.group(0).rstrip(".")
        if word in ALLOWED_WORDS or SNAKE.fullmatch(word) or CODE.fullmatch(word):
            continue
        if "/" in word and all(part in ALLOWED_WORDS or part == "a" or CODE.fullmatch(part)
                               for part in word.split("/")):
            continue  # tce/a (a year), GB/T, kWh/m2
        found.append(word)
    return sorted(set(found))


def _same_origin_paths(base: str, hrefs: list[str]) -> Iterator[str]:
    origin = urlsplit(base)
    for href in hrefs:
        url, _ = urldefrag(href)
        parts = urlsplit(url)
        if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not SKIP.search(path):
            yield path


def _check_page(page: Page, path: str, crawl: Crawl, console: list[str]) -> None:
    for message in console:
        crawl.findings.append(Finding(path, f"console error: {message}"))
    page.evaluate(OPEN_JS)
    text = page.evaluate(TEXT_JS, _known_parts(path))
    for word in words_out_of_place(text):
        if not _known(path, word):
            crawl.findings.append(Finding(path, f"English or code in the Chinese page: {word!r}"))
    overflow = page.evaluate(OVERFLOW_JS)
    if overflow > 0:
        crawl.findings.append(Finding(path, f"wider than 390 px by {overflow} px"))


def crawl_as(browser: Browser, server_url: str, username: str, max_pages: int = MAX_PAGES) -> Crawl:
    context = browser.new_context(locale="zh-CN", viewport=PHONE)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: console.append(str(e)))
    crawl = Crawl(username)
    try:
        log_in(page, server_url, username)
        start = urlsplit(page.url).path
        queue: deque[str] = deque([start])
        seen = {start}
        # The navigation first, so that every room is visited before the pages deep inside one.
        nav = page.locator("nav a[href]").evaluate_all("els => els.map(a => a.href)")
        for path in [*_same_origin_paths(server_url, nav), *START_PAGES.get(username, ())]:
            if path not in seen:
                seen.add(path)
                queue.append(path)
        while queue and crawl.pages < max_pages:
            path = queue.popleft()
            console.clear()
            try:
                response = page.goto(server_url + path, wait_until="load")
            except Error as exc:
                crawl.findings.append(Finding(path, f"did not load: {exc.message.splitlines()[0]}"))
                continue
            crawl.pages += 1
            crawl.visited.append(path)
            status = response.status if response is not None else 0
            if status >= 400:
                crawl.findings.append(Finding(path, f"answered {status}"))
                continue
            if "/accounts/login/" in page.url:
                crawl.findings.append(Finding(path, "sent back to the login page"))
                continue
            _check_page(page, path, crawl, list(console))
            for link in _same_origin_paths(server_url, page.evaluate(LINKS_JS)):
                if link not in seen:
                    seen.add(link)
                    queue.append(link)
    finally:
        context.close()
    return crawl


@pytest.mark.parametrize("username", ROLES)
def test_every_reachable_page_answers_in_chinese_and_fits_a_phone(
    browser: Browser, server_url: str, username: str
) -> None:
    crawl = crawl_as(browser, server_url, username)
    print(f"crawl {username}: {crawl.pages} pages checked, {len(crawl.findings)} findings")
    assert crawl.pages >= 5, f"{username} reached only {crawl.pages} pages"
    assert set(START_PAGES.get(username, ())) <= set(crawl.visited)
    assert not crawl.findings, "\n".join(str(f) for f in crawl.findings)


def test_the_word_check_finds_what_it_should() -> None:
    assert words_out_of_place("指标 › biomass_power_capacity") == ["biomass_power_capacity"]
    assert words_out_of_place("电力 / Electricity") == ["Electricity"]
    assert words_out_of_place("PUE 1.3，120 kWh，GB/T 2589-2020，CO2 排放") == []
    assert words_out_of_place("cli:setup (unknown)") == ["cli", "setup", "unknown"]
    assert words_out_of_place("I.3.2 工业 · v2 · 见 https://example.org/a_b · 10 tce/a") == []
    # A factor set's source keeps its unit as printed: 附录A 天然气（38931 kJ/m³）.
    assert words_out_of_place("附录A 天然气（38931 kJ/m³）") == []

