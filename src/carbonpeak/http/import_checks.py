"""What the rooms' importers share when they answer a preview (导入预览): fields named in the reader's language,
a file refused whole, a size checked first, a sample of rows.

An importer (`http.imports.Importer`) checks a file with the room's own parsing and checking functions; this
module only turns their problems into what the page shows. A problem's field is a column code of the room
(`energy_type`); the page shows the column as the template heads it, in the reader's language (能源品种 /
energy type), so no code shows through the Chinese interface.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from django.utils.functional import lazy
from django.utils.translation import get_language

from carbonpeak.common.problems import Problem, is_english
from carbonpeak.http.imports import ImportPreview, TemplateColumn

SAMPLE_ROWS = 20  # rows shown under the preview: enough to see that the columns were read right
_NOT_COLUMNS = {"file": ("文件", "file"), "row": ("行", "row"), "rows": ("行", "rows")}  # fields that are no column


def english() -> bool:
    """Whether the request being answered reads English (anything else reads Chinese)."""
    return is_english(get_language())


def _pick(zh: str, en: str) -> str:
    return en if english() else zh


# A template's allowed value in the reader's language (电力 / Electricity, 累计 / cumulative): both are read.
either = lazy(_pick, str)


def field_label(field: str, columns: Sequence[TemplateColumn], codes: Sequence[str]) -> str:
    """The column `field` names, as its header reads in the reader's language; `codes[i]` is the code of
    `columns[i]`. A field that is no column (the file, a row) is named in words."""
    for code, column in zip(codes, columns, strict=True):
        if field == code:
            return column.header_en if english() else column.header_zh
    zh, en = _NOT_COLUMNS.get(field, (field, field))
    return en if english() else zh


def listed(parts: Iterable[str]) -> str:
    """Parts of one summary line, joined as the reader's language joins them."""
    return ("; " if english() else "，").join(parts)


def shown(problems: Iterable[Problem], columns: Sequence[TemplateColumn], codes: Sequence[str]) -> list[Problem]:
    """The problems with each field named as the reader's header names it (a field listing several columns,
    "indicator, value", names each)."""
    out = []
    for p in problems:
        names = [field_label(part.strip(), columns, codes) for part in p.field.split(",")]
        zh, en = _languages(p)
        out.append(Problem("、".join(names) if not english() else ", ".join(names), zh, p.row, en))
    return out


# Some rooms write a reason "中文」/ English" without the space before the slash: the English half begins at
# the first " / " or, failing that, at a "/ " followed by Latin text.
_LOOSE_SEPARATOR = re.compile(r"\s*/\s+(?=[A-Za-z'\"(0-9])")


def _languages(problem: Problem) -> tuple[str, str]:
    if problem.reason_en or " / " in problem.reason:
        return problem.reasons()
    parts = _LOOSE_SEPARATOR.split(problem.reason, maxsplit=1)
    return (parts[0].strip(), parts[1].strip()) if len(parts) == 2 else problem.reasons()


def too_large(content: bytes, max_bytes: int) -> Problem | None:
    """A file past the importer's limit, refused before a byte of it is read."""
    if len(content) <= max_bytes:
        return None
    limit = f"{max_bytes / (1024 * 1024):g} MB"
    return Problem("file", f"文件超过 {limit}（{len(content):,} 字节），请分批导入",
                   row=None, reason_en=f"the file is larger than {limit} ({len(content):,} bytes): split it")


def refused(problems: Sequence[Problem], *, rows_total: int = 0) -> ImportPreview:
    """The preview of a file that cannot be stored at all (unreadable, empty, a required column missing)."""
    return ImportPreview(rows_total=rows_total, rows_ok=0, problems=list(problems))


def rows_with_problems(problems: Iterable[Problem]) -> int:
    """How many distinct rows of the file the problems name."""
    return len({p.row for p in problems if p.row is not None and p.row > 1})
