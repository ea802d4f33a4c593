"""Where in the district something is: its towns, sub-districts and parks (镇、街道、园区).

Pure module (no Django). `towns.yaml` lists the district's subdivisions with its source; the plan's
own towns, sub-districts and parks are joined to them on the Django side (`plan.queries.known_places`),
so a body the plan names is never refused.

`Places` is the one lookup every input of a town goes through (the register and units imports, the review
intake, the forms): a place is found by its Chinese name (what the registers store), its English name
(any case, with or without "Town"/"Sub-district"), its code, an alias, or its Chinese name without
镇/街道, as long as the short form names one place only. What is stored is always the Chinese name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from carbonpeak.common.yaml_files import parse_yaml

TOWNS_FILE = Path(__file__).with_name("towns.yaml")


@cache
def listed_towns() -> tuple[str, ...]:
    raw = parse_yaml(TOWNS_FILE.read_text(encoding="utf-8"))
    return tuple(str(t) for t in raw["towns"])


def with_listed(named: Iterable[str]) -> list[str]:
    """The file's towns in its order, then any of `named` it does not list."""
    listed = listed_towns()
    return [*listed, *(name for name in named if name not in listed)]


@dataclass(frozen=True)
class Place:
    """A town, sub-district or park by every name it goes by. `name` (Chinese) is what is stored."""

    name: str
    name_en: str = ""
    code: str = ""
    aliases: tuple[str, ...] = ()

    def named(self, english: bool) -> str:
        """The place as a reader of that language names it (the Chinese name where no English one is known)."""
        return (self.name_en or self.name) if english else self.name


# English suffixes people add or leave out ("Caojing Town", "Caojing"), compared without spaces or hyphens.
_EN_SUFFIXES = ("subdistrict", "town", "street")
_ZH_SUFFIXES = ("街道", "镇")
_NOT_LETTERS = re.compile(r"[\W_]+")


def _key(text: str) -> str:
    """What two spellings of one name share: case, width, accents, spaces and hyphens do not count
    (Lüxiang, luxiang and LU XIANG alike). Chinese characters are kept as they are."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    return _NOT_LETTERS.sub("", "".join(c for c in folded if not unicodedata.combining(c)))


def _latin_forms(text: str) -> tuple[set[str], set[str]]:
    """A Latin name's keys as written (and with ü typed as v, as pinyin is: Lvxiang), and its short forms
    without the suffix ("Caojing" for Caojing Town)."""
    full = {_key(text), _key(text.replace("ü", "v").replace("Ü", "V"))} - {""}
    return full, {k[: -len(s)] for k in full for s in _EN_SUFFIXES if k.endswith(s) and len(k) > len(s)}


class Places:
    """The district's places in their order, found by any name people write (see the module's note).

    A name two places could answer to (a short form or a code shared) finds neither: the input is refused
    with the list rather than read as the wrong place."""

    def __init__(self, places: Iterable[Place | str]) -> None:
        self._places: dict[str, Place] = {}
        for p in places:
            place = p if isinstance(p, Place) else Place(p)
            if place.name and place.name not in self._places:
                self._places[place.name] = place
        # Tiers, looked up in order: the exact Chinese name always wins; then the full names, codes and aliases;
        # last the short forms. Within a tier a key that names two places is dropped.
        exact: dict[str, set[str]] = {}
        full: dict[str, set[str]] = {}
        short: dict[str, set[str]] = {}
        for place in self._places.values():
            exact.setdefault(place.name, set()).add(place.name)
            full.setdefault(_key(place.name), set()).add(place.name)
            for other in (place.name_en, place.code, *place.aliases):
                whole, shortened = _latin_forms(other)
                for tier, keys in ((full, whole), (short, shortened)):
                    for k in keys:
                        tier.setdefault(k, set()).add(place.name)
            for suffix in _ZH_SUFFIXES:
                if place.name.endswith(suffix) and len(place.name) > len(suffix) + 1:
                    short.setdefault(place.name[: -len(suffix)], set()).add(place.name)
        self._tiers = [{k: next(iter(v)) for k, v in tier.items() if len(v) == 1} for tier in (exact, full, short)]

    def __iter__(self) -> Iterator[Place]:
        return iter(self._places.values())

    def __len__(self) -> int:
        return len(self._places)

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and self.find(text) is not None

    def names(self, english: bool = False) -> list[str]:
        """Every place as a reader of that language names it, in order."""
        return [p.named(english) for p in self]

    def find(self, text: str) -> Place | None:
        """The place `text` names, or None."""
        text = text.strip()
        if not text:
            return None
        for tier, key in zip(self._tiers, (text, _key(text), _key(text)), strict=True):
            if (name := tier.get(key)) is not None:
                return self._places[name]
        return None

    def canonical(self, text: str) -> str | None:
        """The stored (Chinese) name of the place `text` names, or None."""
        place = self.find(text)
        return place.name if place is not None else None

    def refusal(self, text: str) -> tuple[str, str] | None:
        """Why `text` is refused, in Chinese and in English, each listing the accepted names in its own language
        ("、" joins a Chinese list, ", " an English one); None for a known place or none at all."""
        if not text.strip() or self.find(text) is not None:
            return None
        return (f"不是本区的镇、街道或园区：「{text}」，可填：{'、'.join(self.names())}",
                f"not a town, sub-district or park of the district: {text!r}; accepted: "
                f"{', '.join(self.names(english=True))}")

    def problem(self, text: str) -> str | None:
        """`refusal` as one reason, "zh / en" (the rooms' InputIssue form)."""
        found = self.refusal(text)
        return None if found is None else f"{found[0]} / {found[1]}"


def town_problem(town: str, known: Iterable[str | Place] | Places) -> str | None:
    """Why `town` is refused (zh / en), or None for a known place or none at all."""
    return (known if isinstance(known, Places) else Places(known)).problem(town)
