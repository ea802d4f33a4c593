"""What the rooms' importers share when they answer a preview (导入预览): columns and values named in the reader's
language, a size checked first, a refusal turned into the preview's problems, a sample of rows.

An importer (`http.imports.Importer`, the contract) checks a file with the room's own parsing and checking
functions; this module only turns what they found into what the page shows, and the import pages
(`web/imports/views.py`) use the same functions, so a column, a list of values or a refusal reads the same
whichever room wrote it. A problem's field is a column code of the room (`energy_type`) or its English
header; the page shows the column as the template heads it, in the reader's language (能源品种 / energy type),
so no code shows through the Chinese interface.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from django.utils.functional import lazy
from django.utils.translation import get_language, gettext_lazy

from carbonpeak.common.issues import InputError, InputIssue
from carbonpeak.common.limits import InputTooLarge
from carbonpeak.common.places import listed_towns
from carbonpeak.common.problems import Problem, Refused, is_english, split_reason
from carbonpeak.http.imports import ImportPreview, Label, TemplateColumn
from carbonpeak.plan.models import Department

SAMPLE_ROWS = 20  # rows shown under the preview: enough to see that the columns were read right
_NOT_COLUMNS = {"file": ("文件", "file"), "row": ("行", "row"), "rows": ("行", "rows")}  # fields that are no column


def english() -> bool:
    """Whether the request being answered reads English (anything else reads Chinese)."""
    return is_english(get_language())


def _pick(zh: str, en: str) -> str:
    return en if english() else zh


# A template's allowed value in the reader's language (电力 / Electricity, 累计 / Cumulative): both are read.
either = lazy(_pick, str)


# --- naming: columns, values, lists ---------------------------------------------------------------------------


def heading(column: TemplateColumn) -> str:
    """The column's header in the reader's language."""
    return column.header_in(english())


def field_label(field: str, columns: Sequence[TemplateColumn]) -> str:
    """The column `field` names (by its code or its English header), as its header reads in the reader's
    language. A field that is no column (the file, a row) is named in words; anything else is left as it is,
    so a field already named by its header stays so."""
    for column in columns:
        if column.names(field):
            return heading(column)
    zh, en = _NOT_COLUMNS.get(field, (field, field))
    return en if english() else zh


def joined(values: Iterable[object], english_reader: bool | None = None) -> str:
    """A list of values as the reader's language writes one: "a, b" in English, "a、b" in Chinese
    (`english_reader`: the language of a download, where it is not the request's)."""
    in_english = english() if english_reader is None else english_reader
    return (", " if in_english else "、").join(str(v) for v in values)


def listed(parts: Iterable[str]) -> str:
    """Clauses of one summary line ("2023: 5; 2024: 3"), joined as the reader's language joins them."""
    return ("; " if english() else "，").join(parts)


def _place_name(town: str) -> str:
    """A town, sub-district or park by the plan's English name for it on an English page (漕泾镇 → Caojing
    Town), as the monitoring pages name it; the Chinese name where the plan gives none, or in Chinese."""
    if not english():
        return town
    found = Department.objects.filter(name=town).exclude(name_en="").values_list("name_en", flat=True).first()
    return found or town


place_name = lazy(_place_name, str)


def place_names(towns: Iterable[str]) -> dict[str, str]:
    """Each of `towns` by its name in the reader's language (one query, for a preview's sample rows)."""
    wanted = set(towns)
    if not english():
        return {t: t for t in wanted}
    found = dict(Department.objects.filter(name__in=wanted).exclude(name_en="").values_list("name", "name_en"))
    return {t: found.get(t, t) for t in wanted}


def town_values() -> tuple[Label, ...]:
    """A town column's allowed values: the listed towns, each named in the reader's language (Caojing Town on an
    English page). Any of a place's names is read (`plan.queries.known_places`); what is stored is its Chinese
    name."""
    return tuple(place_name(t) for t in listed_towns())


TOWN_NOTE = gettext_lazy("A town, sub-district or park of the district, by its Chinese or English name (Town or "
                         "Sub-district may be left out) or its code")


# --- problems -------------------------------------------------------------------------------------------------


def shown(problems: Iterable[Problem], columns: Sequence[TemplateColumn]) -> list[Problem]:
    """The problems with each field named as the reader's header names it (a field listing several columns,
    "indicator, value", names each) and each reason split into its two languages."""
    out = []
    for p in problems:
        names = [field_label(part.strip(), columns) for part in p.field.split(",")]
        zh, en = _languages(p)
        out.append(Problem(joined(names), zh, p.row, en))
    return out


# Some rooms write a reason "中文」/ English" without the space before the slash: the English half begins at
# the first " / " or, failing that, at a "/ " followed by Latin text.
_LOOSE_SEPARATOR = re.compile(r"\s*/\s+(?=[A-Za-z'\"(0-9])")


def _languages(problem: Problem) -> tuple[str, str]:
    if problem.reason_en or " / " in problem.reason:
        return problem.reasons()
    parts = _LOOSE_SEPARATOR.split(problem.reason, maxsplit=1)
    return (parts[0].strip(), parts[1].strip()) if len(parts) == 2 else problem.reasons()


def megabytes(n: int) -> str:
    """A size limit as the form and the preview state it: "20 MB"."""
    return f"{n / (1024 * 1024):g} MB"


def source_named(file_name: str) -> str:
    """The source of what a file holds, where its rows name none, as the commands name it by default: the
    file's name without its folders (the field holds 200 characters)."""
    return file_name.replace("\\", "/").rsplit("/", 1)[-1][:200] or "upload"


def too_large(content: bytes, max_bytes: int) -> Problem | None:
    """A file past the importer's limit, refused before a byte of it is read."""
    if len(content) <= max_bytes:
        return None
    limit = megabytes(max_bytes)
    return Problem("file", f"文件超过 {limit}（{len(content):,} 字节），请分批导入",
                   row=None, reason_en=f"the file is larger than {limit} ({len(content):,} bytes): split it")


def no_rows() -> Problem:
    """A table file with a header and nothing under it: there is nothing to store."""
    return Problem("file", "文件中没有数据行", None, "the file has no data rows")


def issue_problems(issues: Iterable[InputIssue], file_name: str = "") -> list[Problem]:
    """A room's `InputIssue`s as a preview's problems. An issue whose `where` names no row (a plan file's
    "任务 12 / task 12", a scenario id) keeps it in front of its reason, in each language."""
    out: list[Problem] = []
    for issue in issues:
        problem = issue.problem()
        where = issue.where.strip()
        if problem.row is None and where and where != file_name:
            where_zh, where_en = split_reason(where)
            zh, en = problem.reasons()
            problem = Problem(problem.field, f"{where_zh}：{zh}", None, f"{where_en}: {en}")
        out.append(problem)
    return out


def refusal_problems(exc: Refused | InputTooLarge, file_name: str = "") -> list[Problem]:
    """Every problem of a refusal raised instead of listed: a room's `InputError` (its issues with their
    places), its other refusals (their problems), or a file beyond `common/limits` (read no further)."""
    if isinstance(exc, InputTooLarge):
        return [Problem(exc.field, exc.reason_zh, exc.row or None, exc.reason_en)]
    if isinstance(exc, InputError):
        return issue_problems(exc.issues, file_name)
    return exc.problems()


def refused(problems: Iterable[Problem], *, rows_total: int = 0) -> ImportPreview:
    """The preview of a file that cannot be stored at all (unreadable, empty, too large, a column missing)."""
    return ImportPreview(rows_total=rows_total, rows_ok=0, problems=list(problems))
