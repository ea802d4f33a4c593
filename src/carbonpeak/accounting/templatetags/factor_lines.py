"""A factor set's rows as its page shows them, in the reader's language (accounting/factor_names.py).

`{% load factor_lines %}{% for line in factors|factor_lines %}`: each `Factor` becomes a `FactorLine` with
the subject, parameter and unit by their names, the doubt and the source's description in the reader's
language, and the name of the set a row is inherited from. `{% for line in result.factors_used|cited_factor_lines %}`:
the same for the factors a result cites (the calculator's "factors used", stored as codes).
`{{ line.value|as_cited }}`: a factor as its source gives it, every digit (42.652 stays 42.652).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.translation import get_language

from carbonpeak.accounting.factor_names import FactorLine, cited_factor, factor_line
from carbonpeak.accounting.factor_sets import Factor
from carbonpeak.accounting.models import FactorSet

register = template.Library()


@register.filter
def factor_lines(factors: Iterable[Factor]) -> list[FactorLine]:
    english = (get_language() or "").startswith("en")
    rows = list(factors)
    names = {s.code: (s.name_en if english else s.name)
             for s in FactorSet.objects.filter(code__in={f.set_id for f in rows})}
    return [factor_line(f, english, set_name=names.get(f.set_id, "")) for f in rows]


@register.filter
def cited_factor_lines(records: Iterable[Mapping[str, Any]]) -> list[FactorLine]:
    return factor_lines(cited_factor(record) for record in records)


MINUS = "\u2212"


@register.filter
def as_cited(value: float | int | str | Decimal | None) -> str:
    """A factor cited from a standard as the standard gives it: every digit it has, thousands separated, a real
    minus (42.652 → 42.652, 29307.6 → 29,307.6, −0.5). Not through the figures layer's significant digits: a
    cited factor is a quotation, and rounding it (42.65) makes it a factor the source never gave. A float
    is read by its shortest repr, the decimal it was stored from; a whole number without ".0"."""
    if value is None or value == "":
        return "—"
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    if number.is_zero():
        number = abs(number)  # no −0
    text = format(number, ",f")
    return MINUS + text[1:] if text.startswith("-") else text
