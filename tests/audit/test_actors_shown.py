"""A stored actor label as people read it in a history line, in their language."""

from __future__ import annotations

import pytest

from carbonpeak.audit.actors import SYSTEM, of_command, shown


@pytest.mark.parametrize(("label", "zh", "en"), [
    ("cli:setup (unknown)", "系统初始化（命令行）", "System setup (command line)"),
    ("cli:indicators derive (root)", "计算指标（命令行）", "Indicators computed (command line)"),
    ("cli:something new (root)", "命令行操作（命令行）", "Command-line run (command line)"),
    ("api:eco", "eco（接口）", "eco (API)"),
    (SYSTEM, "系统", "system"),
    ("office", "office", "office"),
])
def test_labels_read_in_each_language(label: str, zh: str, en: str) -> None:
    assert (shown(label), shown(label, english=True)) == (zh, en)


def test_every_command_label_reads_without_latin_in_chinese() -> None:
    assert shown(of_command("setup")) == "系统初始化（命令行）"


def test_every_named_command_has_an_english_name() -> None:
    from carbonpeak.audit.actors import COMMANDS_EN, COMMANDS_ZH
    assert set(COMMANDS_EN) == set(COMMANDS_ZH)
