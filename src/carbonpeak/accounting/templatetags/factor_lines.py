"""A factor set's rows as its page shows them, in the reader's language (accounting/factor_names.py).

`{% load factor_lines %}{% for line in factors|factor_lines %}`: each `Factor` becomes a `FactorLine` with
the subject, parameter and unit by their names, the doubt and the source's description in the reader's
language, and the name of the set a row is inherited from. `{% for line in result.factors_used|cited_factor_lines %}`:
the same for the factors a result cites (the calculator's "factors used", stored as codes).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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
