"""What a factor set's page says of the set (因子集): its name, version, what it extends and its dual-control
basis by their names in the reader's language, and its factors grouped by subject (a phone reader opens the
subject they look for). The set's label (`id@version#digest`), which results cite, stays in a tooltip for the
specialist."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from carbonpeak.accounting import services
from carbonpeak.accounting.factor_names import by_subject, factor_line, version_words
from carbonpeak.accounting.factor_sets import DualControlBasis
from carbonpeak.accounting.models import FactorSet

BASIS = {DualControlBasis.EQUIVALENT: gettext_noop("calorific value"),  # 当量值
         DualControlBasis.EQUAL_VALUE: gettext_noop("equivalent value")}  # 等价值


def page(found: FactorSet) -> dict[str, Any]:
    resolved = services.resolve_factor_set(found.code)
    parent = FactorSet.objects.filter(code=found.extends).first() if found.extends else None
    english = (get_language() or "").startswith("en")
    rows = resolved.rows()
    names = {s.code: (s.name_en if english else s.name)
             for s in FactorSet.objects.filter(code__in={f.set_id for f in rows})}
    return {
        "set": found,
        "label": resolved.label(),
        "version": version_words(found.version, english),
        "groups": by_subject([factor_line(f, english, set_name=names.get(f.set_id, "")) for f in rows]),
        "factor_count": len(rows),
        "extends_name": "" if parent is None else (parent.name_en if english else parent.name),
        "dual_control_basis": _(BASIS[resolved.dual_control_basis]),
    }
