"""How stored labels read on a page, in the reader's language.

`{% load shown %}{{ record.actor_label|actor }}`: ``cli:setup (root)`` reads 系统初始化（命令行）, not the
stored label (audit.actors.shown); `{{ text|factor_sets }}`: ``shanghai@2026-11#5305f3c37846`` reads as the
set's name, the label in its tooltip.
"""

from __future__ import annotations

import re

from django import template
from django.template import Context
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from carbonpeak.accounting.catalogue import energy_types
from carbonpeak.accounting.factor_names import version_words
from carbonpeak.accounting.models import FactorSet
from carbonpeak.audit.actors import shown
from carbonpeak.common.places import Places
from carbonpeak.plan.queries import known_places
from carbonpeak.supervision.periods import round_title as _round_title

register = template.Library()


@register.filter
def actor(label: str) -> str:
    return shown(label or "", english=(get_language() or "").startswith("en"))


# A factor set's label as results store it: `id@version#digest` (accounting: the digest covers `extends`).
FACTOR_SET_LABEL = re.compile(r"\b([a-z0-9][a-z0-9_-]*)@([0-9A-Za-z.-]+)#([0-9a-f]{8,})\b")


@register.filter(needs_autoescape=True)
def factor_sets(text: str, autoescape: bool = True) -> str:
    """Text with every factor-set label replaced by the set's name in the reader's language; the label
    itself, which a specialist checks results against, stays in the tooltip."""
    def esc(part: str) -> str:
        return str(conditional_escape(part)) if autoescape else part

    english = (get_language() or "").startswith("en")
    source = str(text or "")
    codes = {m.group(1) for m in FACTOR_SET_LABEL.finditer(source)}
    if not codes:
        return mark_safe(esc(source))  # escaped just now
    names = {s.code: (s.name_en if english else s.name) for s in FactorSet.objects.filter(code__in=codes)}
    out, last = [], 0
    for m in FACTOR_SET_LABEL.finditer(source):
        out.append(esc(source[last:m.start()]))
        name = names.get(m.group(1))
        edition = version_words(m.group(2), english)  # 2026年11月版 / November 2026 edition, not 2026-11
        shown_as = f"{name} ({edition})" if english else f"{name}（{edition}）"
        out.append(f'<span class="factor-set" title="{esc(m.group(0))}">{esc(shown_as)}</span>' if name
                   else esc(m.group(0)))
        last = m.end()
    out.append(esc(source[last:]))
    return mark_safe("".join(out))  # every part escaped above


@register.simple_tag(takes_context=True)
def place(context: Context, name: str) -> str:
    """`{% place unit.town %}`: a stored (Chinese) town, sub-district or park name as the reader's language
    names it (Caojing Town on an English page) through the one lookup (`plan.queries.known_places`), read once
    a request however many rows name a place (or the `places` the view passes); a name the district does not know
    stays as stored."""
    text = str(name or "")
    if not text or not (get_language() or "").startswith("en"):
        return text
    request = context.get("request")
    given = context.get("places")  # a view that already looked the places up passes them on
    places: Places | None = given if isinstance(given, Places) else getattr(request, "_carbonpeak_places", None)
    if places is None:
        places = known_places()
        if request is not None:
            request._carbonpeak_places = places  # one query a page, not one a row
    found = places.find(text)
    return found.named(english=True) if found is not None else text


_CJK = re.compile(r"[\u3400-\u9fff]")
_HALVES = re.compile(r"\s*/\s+")


@register.filter
def in_language(text: str) -> str:
    """A stored "中文 / English" text as the reader's language has it: the part before " / " in Chinese,
    the part after it in English; a text without both halves stays as it is."""
    source = str(text or "")
    parts = _HALVES.split(source, maxsplit=1)  # " / " or "）/ ": GB/T and 10⁴ t/a have no space after the slash
    if len(parts) != 2 or not _CJK.search(parts[0]) or _CJK.search(parts[1]):
        return source
    zh, en = parts
    return en if (get_language() or "").startswith("en") else zh


@register.filter
def round_title(name: str, code: str) -> str:
    """A dispatch round's name in the reader's language: `{{ round.name|round_title:round.code }}` reads
    "first half of 2026" on an English page for a round named 2026年上半年 (code 2026-h1); a name the office
    typed otherwise stays as typed (supervision.periods.round_title)."""
    return _round_title(str(code or ""), str(name or ""), english=(get_language() or "").startswith("en"))


@register.filter
def energy_name(code: str) -> str:
    """An accounting energy type by its name in the reader's language (电力 for ``electricity``)."""
    etype = energy_types().get(str(code))
    if etype is None:
        return str(code)
    return etype.en if (get_language() or "").startswith("en") else etype.zh


@register.filter
def after(text: str, marker: str) -> str:
    """The part of a stored text after `marker` ('' without it): a quotation at the end of a "中文 / English"
    text (a returned report's notice ends with the reviewer's words), shown once beside a translated sentence."""
    _head, found, tail = str(text or "").partition(marker)
    return tail.strip() if found else ""
