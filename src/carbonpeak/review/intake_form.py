"""The intake form's text fields read into the mapping `parse_project` checks, and its issues
put back beside the fields they concern.

Pure module (no Django). Energy lines and products are typed as CSV lines in a textarea,
one item a line, so what the user typed is kept verbatim when the form is shown again:

    energy, energy_before   energy_type,quantity,unit[,use]                  electricity,5000000,kWh
    products                name,output,unit,unit_consumption,unit_of_consumption,quota_standard,advanced_value

Blank lines and a header line (one naming the columns) are skipped; full-width commas are
read as commas. An issue about `energy[2].unit` is shown under the energy field as
"line 4 · unit: …", line 4 being where that item was typed.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from carbonpeak.common.issues import InputIssue
from carbonpeak.common.tables import CSV_FIELD_LIMIT, csv_rows
from carbonpeak.review.intake import ENERGY_FIELDS, PROJECT_FIELDS

PRODUCT_COLUMNS = (
    "name", "output", "unit", "unit_consumption", "unit_of_consumption", "quota_standard", "advanced_value",
)
LIST_COLUMNS = {"energy": ENERGY_FIELDS, "energy_before": ENERGY_FIELDS, "products": PRODUCT_COLUMNS}
SCALAR_FIELDS = tuple(f for f in PROJECT_FIELDS if f not in LIST_COLUMNS)
FORM_FIELDS = PROJECT_FIELDS
EXTRA = "extra_columns"  # a line with more cells than columns: refused by name
_ITEM = re.compile(r"^(?P<field>[a-z_]+)\[(?P<index>\d+)\]\.?(?P<rest>.*)$")


@dataclass(frozen=True)
class FormData:
    """The mapping for `parse_project`, and where each list item was typed."""

    data: dict[str, Any]
    lines: dict[str, list[int]] = field(default_factory=dict)  # list field → text line of each item

    def field_errors(self, issues: Iterable[InputIssue]) -> dict[str, list[str]]:
        """Issues grouped by form field, each list item named by the line it was typed on."""
        out: dict[str, list[str]] = {}
        for issue in issues:
            match = _ITEM.match(issue.field)
            if match is None:
                top = re.split(r"[\[.]", issue.field, maxsplit=1)[0]
                rest = issue.field[len(top):].lstrip(".")
                out.setdefault(top, []).append(f"{rest}: {issue.reason}" if rest else issue.reason)
                continue
            top, index, rest = match["field"], int(match["index"]), match["rest"]
            typed = self.lines.get(top, [])
            where = f"第{typed[index]}行 / line {typed[index]}" if index < len(typed) else f"[{index}]"
            out.setdefault(top, []).append(f"{where} · {rest}: {issue.reason}" if rest else f"{where}: {issue.reason}")
        return out


def _items(text: str, columns: tuple[str, ...]) -> tuple[list[dict[str, str]], list[int]]:
    items, lines = [], []
    # A cell may be long (the checks then name it); the request's size bounds the text, under CSV_FIELD_LIMIT.
    rows = (cells for _, cells in csv_rows(io.StringIO(text.replace("，", ",")), max_rows=None,
                                          max_columns=len(text) + 1, max_cell=CSV_FIELD_LIMIT))
    for number, cells in enumerate(rows, start=1):
        cells = [c.strip() for c in cells]
        if not any(cells) or tuple(cells[: len(columns)]) == columns[: len(cells)]:
            continue  # blank, or the header line
        item = dict(zip(columns, cells, strict=False))
        if len(cells) > len(columns):
            item[EXTRA] = ",".join(cells[len(columns):])
        items.append({k: v for k, v in item.items() if v != ""})  # an empty cell is an absent field
        lines.append(number)
    return items, lines


def read_form(form: Mapping[str, str]) -> FormData:
    """The project mapping from the form's text; empty optional fields are left out."""
    data: dict[str, Any] = {}
    for name in SCALAR_FIELDS:
        value = (form.get(name) or "").strip()
        if value:
            data[name] = value
    lines: dict[str, list[int]] = {}
    for name, columns in LIST_COLUMNS.items():
        text = form.get(name) or ""
        if name != "energy" and not text.strip():
            continue  # optional lists: absent, not empty (an empty energy list is refused)
        data[name], lines[name] = _items(text, columns)
    return FormData(data, lines)
