"""Names as people write them (名称解析): a code, its Chinese or English name, or a usual spelling.

Pure module (no Django). Every place that takes a closed vocabulary (an energy type, a unit of measure,
a product, a status) reads it through one `Vocabulary`: `电力`, `Electricity`, `electricity` and
`ELECTRICITY` all resolve to the code `electricity`; full-width letters (ＫＷＨ), spaces, `-` and `_` do
not matter. An unknown name is refused with the field named and the list of accepted names, in Chinese
and in English (`UnknownName`). `parse_share` reads a share as people type it: `2%` is 0.02.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from carbonpeak.common.numbers import parse_number

# Beyond this many names the refusal lists the first ones and says how many more there are.
MAX_LISTED = 30


def normalise(text: str) -> str:
    """The form two spellings share when they mean the same: NFKC (full-width → ASCII, ㎡ → m2),
    case folded, whitespace, `_`, `-` and `·` removed."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if not ch.isspace() and ch not in "_-·・")


@dataclass(frozen=True)
class Name:
    """One entry of a vocabulary: its code, the names shown to people, other spellings it is written in."""

    code: str
    zh: str
    en: str
    aliases: tuple[str, ...] = ()

    def spellings(self) -> tuple[str, ...]:
        return (self.code, self.zh, self.en, *self.aliases)

    def shown(self, english: bool = False) -> str:
        """How a list of accepted names shows it: its Chinese or English name (the code where it has none)."""
        return (self.en if english else self.zh) or self.code


class UnknownName(ValueError):
    """A name no entry of the vocabulary is written as; says which field and what is accepted."""

    def __init__(self, field: str, text: str, vocabulary: Vocabulary) -> None:
        self.field = field
        self.text = text
        self.accepted = [n.code for n in vocabulary.names]
        listed = vocabulary.names[:MAX_LISTED]
        more = len(vocabulary.names) - len(listed)
        zh_more = f" 等 {len(vocabulary.names)} 项" if more else ""
        en_more = f" and {more} more" if more else ""
        unknown_zh = vocabulary.unknown_zh or f"未知{vocabulary.what_zh}"
        said_zh = f"{unknown_zh}「{text}」" if text else f"须填{vocabulary.what_zh}"
        said_en = f"unknown {vocabulary.what_en} {text!r}" if text else f"{vocabulary.what_en} required"
        self.reason_zh = f"{said_zh}，可填：{'、'.join(n.shown() for n in listed)}{zh_more}"
        # Each language lists the names its reader writes (电力 / Electricity); the codes stay in `accepted`.
        self.reason_en = f"{said_en}; accepted: {', '.join(n.shown(english=True) for n in listed)}{en_more}"
        super().__init__(self.reason)

    @property
    def reason(self) -> str:
        """Both languages, as the rooms' `InputIssue` reasons are written."""
        return f"{self.reason_zh} / {self.reason_en}"


@dataclass(frozen=True)
class Vocabulary:
    """A closed list of names, read in any of their spellings. Two entries may not share a spelling."""

    what_zh: str  # what the names are, for messages: 能源品种
    what_en: str  # energy type
    names: tuple[Name, ...]
    unknown_zh: str = ""  # how a refusal begins, where the room has long said it otherwise (无法识别的单位)
    _index: dict[str, Name] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, Name] = {}
        for name in self.names:
            for spelling in name.spellings():
                key = normalise(spelling)
                if not key:
                    continue
                other = index.setdefault(key, name)
                if other.code != name.code:
                    raise ValueError(f"{self.what_en}: {spelling!r} names both {other.code} and {name.code}")
        object.__setattr__(self, "_index", index)

    @classmethod
    def of(cls, what_zh: str, what_en: str, names: Iterable[Name], unknown_zh: str = "") -> Vocabulary:
        return cls(what_zh, what_en, tuple(names), unknown_zh)

    def find(self, text: str) -> Name | None:
        """The entry written as `text`, or None."""
        return self._index.get(normalise(text))

    def resolve(self, text: str, field: str) -> str:
        """The code of the entry written as `text`; `UnknownName` (naming `field`) if there is none."""
        found = self.find(text)
        if found is None:
            raise UnknownName(field, text.strip(), self)
        return found.code

    def codes(self) -> list[str]:
        return [n.code for n in self.names]

    def choices(self, english: bool = False) -> list[tuple[str, str]]:
        """(code, label) pairs for a form's select or datalist, in the vocabulary's order."""
        return [(n.code, n.shown(english)) for n in self.names]


def parse_share(text: str) -> float:
    """A share as people type it: `2%`, `2 ％` and `0.02` are all 0.02 (ValueError if not a number)."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if cleaned.endswith("%"):
        return parse_number(cleaned[:-1]) / 100.0
    return parse_number(cleaned)


def parse_percent(text: str) -> float:
    """A figure asked in percent, as people type it: `2%` and `2` are both 2 (ValueError if not a number)."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    return parse_number(cleaned.removesuffix("%"))
