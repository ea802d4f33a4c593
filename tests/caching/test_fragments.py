"""A kept fragment (caching/fragments.py) is rendered once per key, language and data version, bounded in size,
and its holes take each request's values escaped, in one pass."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import translation

from carbonpeak.caching import fragments, readmodels, versions

pytestmark = pytest.mark.django_db(transaction=True)

PLAN = versions.only("plan")


def test_a_fragment_is_rendered_once_per_version_and_language() -> None:
    drawn: list[str] = []

    def render() -> str:
        drawn.append(translation.get_language())
        return f"<p>{len(drawn)}</p>"

    with translation.override("zh-hans"):
        first = fragments.kept("test.one", PLAN, render)
        assert fragments.kept("test.one", PLAN, render) == first
        assert drawn == ["zh-hans"]
        versions.bump(["readings"])  # a topic it does not read
        assert fragments.kept("test.one", PLAN, render) == first
        assert len(drawn) == 1
    with translation.override("en"):
        assert fragments.kept("test.one", PLAN, render) != first
        assert drawn == ["zh-hans", "en"]
    with translation.override("zh-hans"):
        versions.bump(["plan"])
        assert fragments.kept("test.one", PLAN, render) == "<p>3</p>"
        assert fragments.kept("test.other", PLAN, render) == "<p>4</p>"  # another key, its own fragment


def test_nothing_is_kept_inside_a_transaction_or_with_the_cache_off() -> None:
    drawn: list[int] = []

    def render() -> str:
        drawn.append(1)
        return "x"

    with transaction.atomic():
        fragments.kept("test.atomic", PLAN, render)
        fragments.kept("test.atomic", PLAN, render)
    with override_settings(CARBONPEAK_VIEW_CACHE=False):
        fragments.kept("test.atomic", PLAN, render)
    assert len(drawn) == 3


def test_kept_fragments_are_bounded_by_their_size_in_bytes() -> None:
    store = readmodels.Store(max_entries=100, max_bytes=12)
    store.remember("a", PLAN, lambda: "碳达峰", size=lambda text: len(text.encode()))  # 9 bytes
    assert len(store) == 1
    store.remember("b", PLAN, lambda: "碳中和", size=lambda text: len(text.encode()))  # 18 bytes: "a" goes
    assert len(store) == 1
    drawn: list[str] = []

    def again() -> str:
        drawn.append("a")
        return "碳达峰"

    store.remember("a", PLAN, again, size=lambda text: len(text.encode()))
    assert drawn == ["a"]  # dropped to make room: drawn again


def test_holes_take_the_requests_values_escaped_and_in_one_pass() -> None:
    holes = fragments.Holes("token", "search")
    other = fragments.Holes("token", "search")
    assert holes.marks["token"] != other.marks["token"]  # unguessable: drawn afresh for every set of holes
    kept = f'<input value="{holes.marks["token"]}"><input value="{holes.marks["search"]}">{holes.marks["token"]}'
    filled = holes.fill(kept, {"token": "abc123", "search": f'"><script>{holes.marks["token"]}'})
    assert filled == ('<input value="abc123"><input value="&quot;&gt;&lt;script&gt;'
                      f'{holes.marks["token"]}">abc123')  # the mark inside a value is not filled again
