"""Which monitored key unit (重点用能单位) a register entry's old free-text `monitored_unit` names.

Pure module (no Django): the data migration `0002_register_links_key_unit` calls `match_key_units`
with plain rows of the historical models, and the tests call it the same way.

Rule: the text names a unit when, trimmed, it equals the unit's code (exactly, else ignoring
case), or else its name (exactly). A text that fits several units by name (names are not
unique) or none stays unmatched: it is kept as `monitored_unit_legacy` and listed for the
office to link by hand (docs/methodology/review.md, "The register and monitoring").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class MatchedBy(StrEnum):
    CODE = "code"
    NAME = "name"


@dataclass(frozen=True)
class KeyUnitRow:
    id: int
    code: str
    name: str


@dataclass
class Matches:
    """Entry id → (unit id, matched by); entry id → the text nobody matched."""

    linked: dict[int, tuple[int, MatchedBy]] = field(default_factory=dict)
    unmatched: dict[int, str] = field(default_factory=dict)


class KeyUnitIndex:
    """Look-ups of units by code and by name, built once."""

    def __init__(self, units: Iterable[KeyUnitRow]):
        self.by_code: dict[str, int] = {}
        folded: dict[str, list[int]] = {}
        names: dict[str, list[int]] = {}
        for unit in units:
            self.by_code[unit.code.strip()] = unit.id
            folded.setdefault(unit.code.strip().casefold(), []).append(unit.id)
            names.setdefault(unit.name.strip(), []).append(unit.id)
        # Only an unambiguous fit counts: two units both called 某某厂 cannot be told apart.
        self.by_folded_code = {k: v[0] for k, v in folded.items() if len(v) == 1}
        self.by_name = {k: v[0] for k, v in names.items() if len(v) == 1}

    def find(self, text: str) -> tuple[int, MatchedBy] | None:
        key = text.strip()
        if not key:
            return None
        if key in self.by_code:
            return self.by_code[key], MatchedBy.CODE
        if key.casefold() in self.by_folded_code:
            return self.by_folded_code[key.casefold()], MatchedBy.CODE
        if key in self.by_name:
            return self.by_name[key], MatchedBy.NAME
        return None


def match_key_units(entries: Iterable[tuple[int, str]], units: Iterable[KeyUnitRow]) -> Matches:
    """For each (entry id, free text) with text, the unit it names, or the text kept unmatched."""
    index = KeyUnitIndex(units)
    out = Matches()
    for entry_id, text in entries:
        if not text.strip():
            continue
        found = index.find(text)
        if found is None:
            out.unmatched[entry_id] = text.strip()
        else:
            out.linked[entry_id] = found
    return out
