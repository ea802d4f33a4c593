"""What the office can make public (公开), one kind at a time, and what each kind is by default.

Plan text and targets are public unless the office withdraws an item; values and reports are private
until the office publishes them (issue 20, item 4). Pure module (no Django).
"""

from __future__ import annotations

from enum import StrEnum


class PublicKind(StrEnum):
    TASK = "task"  # a task's text and departments; key: the task number
    INDICATOR = "indicator"  # an indicator's name, unit and targets; key: its code
    INDICATOR_VALUES = "indicator_values"  # its observed values, status and 晴雨表 level; key: its code
    REPORT = "report"  # an approved progress report's status, date and summary; key: the report id
    ROADMAP = "roadmap"  # the roadmap headline (peak year, level, probability); key: "headline"
    INVENTORY = "inventory"  # an inventory's totals; key: the year


# The key a publication uses to set its kind's default (every item without its own decision).
EVERY_ITEM = "*"

DEFAULT_PUBLIC: dict[PublicKind, bool] = {
    PublicKind.TASK: True,
    PublicKind.INDICATOR: True,
    PublicKind.INDICATOR_VALUES: False,
    PublicKind.REPORT: False,
    PublicKind.ROADMAP: False,
    PublicKind.INVENTORY: False,
}

ROADMAP_HEADLINE = "headline"


def decide(kind: PublicKind, item_decision: bool | None, kind_decision: bool | None) -> bool:
    """Public or not: the item's own decision, else the office's default for the kind, else the built-in one."""
    if item_decision is not None:
        return item_decision
    if kind_decision is not None:
        return kind_decision
    return DEFAULT_PUBLIC[kind]


# The largest number a stored id or task number can be: bigger input is "no such item", never a database
# overflow (a 500).
MAX_ID = 2**63 - 1
MAX_KEY_LENGTH = 100


def small_int(text: str) -> int | None:
    """`text` as a whole number that a table can hold, or None."""
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    value = int(text)
    return value if value <= MAX_ID else None
