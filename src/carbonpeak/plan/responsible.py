"""Read a 责任部门 cell of a breakdown table the way a careful clerk would.

Pure module. The printed cells carry the table's traps: a body listed twice, a missing
separator between two names (☆区农业农村委区绿化市容局), spelling variants of one body
(金山天然气有限公司 / 金山天然气公司), and rows without ☆ where the single listed body
leads. `parse_responsible_cell` turns such a cell into department codes; the plan file
keeps the clean lists, and the tests check that both agree for every task.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

LEAD_MARK = "☆"
SEPARATORS = re.compile(r"[、，,；;\s]+")


@dataclass(frozen=True)
class ResponsibleCell:
    lead: tuple[str, ...]
    co: tuple[str, ...]
    repeated: tuple[str, ...]  # codes that the cell listed more than once
    split_tokens: tuple[str, ...]  # tokens that had no separator between two names


class UnreadableCell(ValueError):
    pass


def _segment(token: str, names: Mapping[str, str]) -> list[str] | None:
    """Split a token that glues known names together; longest names first."""
    if not token:
        return []
    for name in sorted((n for n in names if token.startswith(n)), key=len, reverse=True):
        rest = _segment(token[len(name) :], names)
        if rest is not None:
            return [name, *rest]
    return None


def parse_responsible_cell(cell: str, names: Mapping[str, str]) -> ResponsibleCell:
    """Parse a cell such as "☆区经委、区发改委" given every known name/alias → code."""
    lead: list[str] = []
    co: list[str] = []
    repeated: list[str] = []
    split_tokens: list[str] = []
    marked = False
    # The body text prints "☆ 区建管委": the mark binds to the next name across spaces.
    for raw_token in SEPARATORS.split(re.sub(r"☆\s+", LEAD_MARK, cell.strip())):
        if not raw_token:
            continue
        is_lead = raw_token.startswith(LEAD_MARK)
        token = raw_token.removeprefix(LEAD_MARK).strip()
        marked = marked or is_lead
        parts = [token] if token in names else _segment(token, names)
        if parts is None:
            raise UnreadableCell(f"无法识别「{token}」/ unknown body in cell: {token}")
        if len(parts) > 1:
            split_tokens.append(token)
        for position, name in enumerate(parts):
            code = names[name]
            if code in lead or code in co:
                repeated.append(code)
                continue
            # A ☆ marks only the name it is written against, the first of a glued pair.
            (lead if is_lead and position == 0 else co).append(code)
    if not marked:
        if len(co) != 1:
            raise UnreadableCell("没有 ☆ 且不止一个部门，无法确定牵头部门 / no lead marked")
        lead, co = co, []
    return ResponsibleCell(tuple(lead), tuple(co), tuple(repeated), tuple(split_tokens))
