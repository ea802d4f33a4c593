"""What a room declares so the office can import a file in the UI: check it, show every row error, then store.

Each room that takes a file lists its `Importer`s in its own `imports.py` (`IMPORTERS`); the web room's
import pages (`web/imports/`) find them, keep the uploaded bytes between the preview and the confirmation,
and draw the form, the preview table and the template download. A room never renders an import page
itself, so every import reads the same way: choose a file → see what would be stored and every problem
with its row and field → confirm → stored in one transaction, attributed to the user.

`check` must not write anything (a whole-document import may preview through `dry_run`, which rolls back
all it wrote); `store` runs in a transaction the caller opens and may assume the bytes
are the same the user previewed (the page keeps them by digest). What the importers share when they answer
a preview (columns named in the reader's language, a size checked first, a refusal turned into problems) is in
`import_checks.py`; this module is only the contract.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from django.db import transaction
from django.utils.functional import Promise

from carbonpeak.common.problems import Problem

if TYPE_CHECKING:
    from django.http import HttpRequest

    from carbonpeak.people.permissions import Permission

Label = str | Promise  # a lazy translation or a plain string already in the reader's language
T = TypeVar("T")


@dataclass(frozen=True)
class TemplateColumn:
    """One column of the downloadable xlsx template: its header as the import reads it, in both languages."""

    header_zh: str
    header_en: str
    required: bool = True
    allowed: Sequence[Label] = ()  # the values the column accepts (listed on a second sheet, offered as a list)
    example: Label = ""  # in the reader's language where the value is a word (存量 / Operating)
    note: Label = ""  # e.g. "万千瓦时、千瓦时、kWh 均可"
    # The field the room's problems name this column by (`energy_type`, `owner_uscc`); empty: the English header.
    # The preview shows the column by its header, never by its code (`import_checks.field_label`).
    code: str = ""

    def header_in(self, english: bool) -> str:
        """The header as the reader's language heads the column (the template and the pages alike)."""
        return self.header_en if english else self.header_zh

    def names(self, field: str) -> bool:
        """Whether a problem's `field` names this column: by its code or its English header, in any case."""
        key = field.strip().lower()
        return bool(key) and key in {self.code.strip().lower(), self.header_en.strip().lower()}


@dataclass(frozen=True)
class ImportPreview:
    """What storing the file would do, found without writing anything."""

    rows_total: int  # data rows read (0 for a whole-document file such as YAML)
    rows_ok: int  # rows that would be stored
    problems: Sequence[Problem] = ()  # every problem found, each with its row (1-based, as in the file) and field
    # True: confirming stores the good rows and skips the bad ones (the brief: the good rows of a partly bad
    # batch are kept). False: the file is stored whole or not at all, so any problem blocks the confirmation.
    partial_allowed: bool = False
    summary: Sequence[Label] = ()  # lines saying what would change, e.g. "新增 3 个单位，更新 2 个"
    header: Sequence[str] = ()  # the sample table's header
    sample: Sequence[Sequence[str]] = ()  # the first rows as they will be stored (at most ~20)

    @property
    def may_store(self) -> bool:
        if self.rows_ok == 0 and self.rows_total > 0:
            return False
        return self.partial_allowed or not self.problems


@dataclass(frozen=True)
class Importer:
    """One kind of file the office can import from a page."""

    kind: str  # the URL slug: /imports/<kind>/ (lowercase letters, digits and hyphens)
    title: Label  # "两高一低项目清单"
    permission: Permission  # who may import (checked by the page with people.permissions)
    extensions: tuple[str, ...]  # ("csv", "xlsx") or ("yaml", "yml")
    check: Callable[[bytes, str, HttpRequest], ImportPreview]  # (content, file name, request) → preview; no writes
    store: Callable[[bytes, str, HttpRequest], Label]  # stores; returns the success message; raises the room's errors
    done_url: Callable[[], str]  # where the user lands after storing (the list the rows appear on)
    description: Label = ""  # one paragraph: what the file holds, what an import replaces
    columns: Sequence[TemplateColumn] = ()  # for the xlsx template (empty: no template, e.g. a YAML document)
    example_file: Callable[[], tuple[bytes, str]] | None = None  # (content, file name) of an example to download
    max_bytes: int = 20 * 1024 * 1024
    notes: Sequence[Label] = field(default_factory=tuple)  # extra lines under the form (accepted names, units…)


class _RolledBack(Exception):
    pass


def dry_run(work: Callable[[], T]) -> T:
    """What `work` returns when run against the database, everything it wrote rolled back.

    A whole-document import (the plan file, scenarios, a factor set) previews by running the very store the
    confirmation runs, so the preview's "3 tasks changed" and what is stored never differ. The block is its own
    transaction (or savepoint) and is always rolled back: no row, change record or `on_commit` hook survives.
    The room's refusals propagate unchanged."""
    result: list[T] = []
    try:
        with transaction.atomic():
            result.append(work())
            raise _RolledBack
    except _RolledBack:
        pass
    return result[0]
