"""The one family of refusals every room raises: input refused, not allowed, wrong state, not found.

Pure module (no Django). A refusal carries one or more `Problem`s, each naming the field, the reason in
Chinese and English, and for a file the row. The API answers every refusal in one shape,
`{"errors": [{"field", "reason", "row"?}]}`, with the reason in the caller's language
(`carbonpeak.http.problems`); the CLI and the pages print `str(problem)`, both languages.

Each room keeps its own exception names (`SupervisionError`, `MonitoringInputError`, `WarningError`, …):
they subclass one of the classes here, so a caller still catches only the room it called, and the API
needs no list of rooms to know how to answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

_SEPARATOR = " / "
_ROW_LABEL = re.compile(r"第(\d+)行 / row \d+")


def split_reason(reason: str) -> tuple[str, str]:
    """(Chinese, English) of a reason written "中文 / English"; the whole text for both when it is one language."""
    zh, sep, en = reason.partition(_SEPARATOR)
    if not sep:
        return reason.strip(), reason.strip()
    return zh.strip(), en.strip()


def is_english(language: str | None) -> bool:
    """Whether a language code (Django's `get_language()`) asks for English; anything else is answered in Chinese."""
    return bool(language) and str(language).lower().startswith("en")


@dataclass(frozen=True)
class Problem:
    """One thing wrong: the field (a name, or a dotted path into a body), why (zh / en), and the row of a file."""

    field: str
    reason: str  # "中文 / English", or Chinese alone when `reason_en` is given
    row: int | None = None  # 1-based row of a file; None for a form, a query or a JSON body
    reason_en: str = ""

    def reasons(self) -> tuple[str, str]:
        """(Chinese, English)."""
        if self.reason_en:
            return self.reason.strip(), self.reason_en.strip()
        return split_reason(self.reason)

    def reason_in(self, language: str | None) -> str:
        zh, en = self.reasons()
        return en if is_english(language) else zh

    def as_dict(self, language: str | None = None) -> dict[str, object]:
        """The contract's shape of one problem: field, reason (in `language`), and row when there is one."""
        out: dict[str, object] = {"field": self.field, "reason": self.reason_in(language)}
        if self.row is not None:
            out["row"] = self.row
        return out

    def __str__(self) -> str:
        zh, en = self.reasons()
        where = f"第{self.row}行 / row {self.row} · " if self.row is not None else ""
        return f"{where}{self.field}: {zh if zh == en else f'{zh} / {en}'}"


def row_of(where: str) -> int | None:
    """The row number of a "第3行 / row 3" label (`common.issues.row_label`, maybe after a table's name), else None."""
    m = _ROW_LABEL.search(where)
    return int(m.group(1)) if m else None


class Refused(Exception):
    """Something the caller asked for is refused; `problems()` says why, field by field.

    `status` is the HTTP status the API answers with. Subclasses that already have their own fields
    (a dataclass with `field` and `reason`, a list of `issues`) override `problems()`.
    """

    status: ClassVar[int] = 422

    def __init__(self, problems: Iterable[Problem] = ()) -> None:
        self._problems = list(problems)
        super().__init__("\n".join(str(p) for p in self._problems))

    @classmethod
    def one(cls, field: str, reason: str, row: int | None = None) -> Refused:
        return cls([Problem(field, reason, row)])

    def problems(self) -> list[Problem]:
        return list(getattr(self, "_problems", []))


class InputRefused(Refused):
    """The input itself is wrong (a value, a format, a bound): 422."""

    status = 422


class NotAllowed(Refused):
    """The acting user may not do this, whatever the input: 403."""

    status = 403


class WrongState(Refused):
    """The thing is not in a state that allows this now (running, in use, already done): 409."""

    status = 409


class NotFound(Refused):
    """What the request names does not exist, or not for this caller: 404."""

    status = 404


class TooLarge(Refused):
    """The request is larger than the declared limit: 413."""

    status = 413


@dataclass(frozen=True)
class FieldRefused(InputRefused):
    """One field refused, with its reason written "zh / en": the shape of a room whose checks stop at the
    first problem (supervision, the public site). A room subclasses it to keep its own name."""

    field: str
    reason: str  # zh / en

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}"

    def problems(self) -> list[Problem]:
        return [Problem(self.field, self.reason)]
