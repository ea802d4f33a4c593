"""Rendered fragments of a page kept per data version, in each server process (the top bar: `web.topbar`).

A page that is not kept whole (`caching.pages`) may still hold a part that is the same for many requests: the
top bar is one per user, section and language until a write changes what it shows. `kept(key, topics, render)`
keeps what `render()` returns under the caller's key, the language and the day (`readmodels.context_key`) and
the version of the topics it reads (`caching.versions`), in the same bounded store machinery as the read-models:
a committed write to one of those topics, in any process, makes the next request render it afresh. The key must
name everything else the fragment shows (who is signed in, their role, which section is open); `render` should
read nothing but what the key names and what the topics hold.

A value that changes with every request (the CSRF token, the page's path, the words searched for) is a hole: the
fragment is rendered with `Holes.marks` in its place — unguessable, different in every process, so no stored text
holds one by chance — and `Holes.fill` puts the request's values in, HTML-escaped as the template would have
escaped them, in one pass, so a value put in is never read again as a mark.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Hashable, Mapping

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from carbonpeak.caching import readmodels, versions

# A top bar is 5–8 KB: 4,096 of them (a user in each section in both languages for a hundred users) in 32 MB.
FRAGMENTS = readmodels.Store(max_entries=4096, max_bytes=32 * 1024 * 1024)


def kept(key: Hashable, topics: versions.Topics, render: Callable[[], str]) -> str:
    """The fragment kept under the key, language, day and the topics' version; rendered (once) when missing,
    and on every call inside a transaction or with CARBONPEAK_VIEW_CACHE off."""
    return FRAGMENTS.remember(("fragment", key, readmodels.context_key()), topics, render,
                              size=lambda text: len(text.encode()))


class Holes:
    """Named places in a kept fragment for the values of each request."""

    def __init__(self, *names: str) -> None:
        self.marks = {name: f"hole{secrets.token_hex(16)}" for name in names}
        self._name_of = {mark: name for name, mark in self.marks.items()}
        self._pattern = re.compile("|".join(self._name_of))

    def fill(self, fragment: str, values: Mapping[str, str]) -> SafeString:
        """The fragment with each mark replaced by its value, escaped (a SafeString value as it is)."""
        escaped = {mark: str(conditional_escape(values[name])) for mark, name in self._name_of.items()}
        # The values escaped just now; the rest was rendered (and escaped) by the template engine.
        return mark_safe(self._pattern.sub(lambda found: escaped[found.group(0)], fragment))
