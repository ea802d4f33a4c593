"""The public pages' words in the reader's language: a record's `<field>_en` when English is chosen."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def local(record: Any, field: str) -> Any:
    """record[field], or record[field + "_en"] when the page is in English and that is filled.

    Only picked records (dicts) are read: an object handed to a public template shows nothing, so none
    of its attributes can slip past the allowlist.
    """
    if not isinstance(record, Mapping):
        return ""
    if (get_language() or "").startswith("en") and record.get(f"{field}_en"):
        return record[f"{field}_en"]
    return record.get(field, "")
