"""How the 运行状态 page names a job's counts (never the code identifiers)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

COUNT_LABELS = {
    "created": _("created"), "updated": _("updated"), "unchanged": _("unchanged"),
    "not_derived": _("not derivable"), "opened": _("opened"), "kept": _("still open"), "closed": _("closed"),
    "escalated": _("escalated"), "notices": _("notices sent"), "emailed": _("e-mails sent"),
    "reminders": _("reminders"), "overdue": _("overdue notices"), "deadline": _("deadline notices"),
    "entries": _("register entries"), "deleted": _("deleted"), "runs": _("model runs"), "cached": _("unchanged inputs"),
    "skipped": _("skipped"), "records": _("records checked"),
}


@register.filter
def count_items(counts: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """(label, value) pairs; a count this page does not know is shown under a neutral name."""
    return [(str(COUNT_LABELS.get(k, _("other"))), v) for k, v in counts.items() if not isinstance(v, list | dict)]


@register.filter
def get_item(mapping: Mapping[str, Any], key: str) -> Any:
    return mapping.get(key, key)
