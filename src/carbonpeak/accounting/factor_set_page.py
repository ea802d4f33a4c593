"""What a factor set's page says of the set (因子集): its name, version, what it extends and its dual-control
basis by their names in the reader's language, and its factors grouped by subject (a phone reader opens the
subject they look for). The set's label (`id@version#digest`), which results cite, stays in a tooltip for the
specialist."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language, pgettext

from carbonpeak.accounting import services
from carbonpeak.accounting.factor_names import by_subject, factor_line, version_words
from carbonpeak.accounting.factor_sets import DualControlBasis
from carbonpeak.accounting.models import FactorSet


def basis_words(basis: DualControlBasis) -> str:
    """当量值 / 等价值 in the words every page uses (docs/methodology/accounting.md "Standard coal")."""
    if basis is DualControlBasis.EQUAL_VALUE:
        return pgettext("standard coal", "equivalent value")
    return pgettext("standard coal", "calorific value")


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
        "dual_control_basis": basis_words(resolved.dual_control_basis),
    }
