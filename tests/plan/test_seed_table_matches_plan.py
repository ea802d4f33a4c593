"""The plan file agrees with the 80-row breakdown table printed in the seed document."""

from __future__ import annotations

import pytest

from carbonpeak.plan.vocabulary import TimeNode
from tests.plan._support import bundled_spec, seed_rows

TIME_NODES = {"持续推进": TimeNode.ONGOING, "2025年": TimeNode.BY_2025}
# Rows whose text the transcription corrected (documented in the task's notes).
CORRECTED = {34: ("and", "和"), 77: ("教肓", "教育")}


@pytest.fixture(scope="module")
def rows() -> dict[int, list[str]]:
    parsed = seed_rows()
    assert all(len(r) == 5 for r in parsed)
    return {int(r[0]): r for r in parsed}


def test_seed_table_has_eighty_rows_in_order(rows: dict[int, list[str]]) -> None:
    assert list(rows) == list(range(1, 81))


def test_every_time_node_matches_the_printed_one(rows: dict[int, list[str]]) -> None:
    tasks = {t.number: t for t in bundled_spec().tasks}
    mismatched = [n for n, r in rows.items() if TIME_NODES[r[3]] != tasks[n].time_node]
    assert mismatched == []
    assert sum(r[3] == "2025年" for r in rows.values()) == 11


def test_every_responsible_cell_is_transcribed_verbatim(rows: dict[int, list[str]]) -> None:
    tasks = {t.number: t for t in bundled_spec().tasks}
    assert {n: tasks[n].responsible_raw for n in rows} == {n: r[4] for n, r in rows.items()}


def test_every_content_matches_except_documented_corrections(rows: dict[int, list[str]]) -> None:
    tasks = {t.number: t for t in bundled_spec().tasks}
    for number, row in rows.items():
        printed = row[2].strip()
        if number in CORRECTED:
            wrong, right = CORRECTED[number]
            assert wrong in printed and wrong not in tasks[number].content
            printed = printed.replace(wrong, right).replace(" 和 ", "和")
            assert right in tasks[number].notes or wrong in tasks[number].notes
        assert tasks[number].content == printed, number


def test_full_action_labels_agree_with_the_task_action(rows: dict[int, list[str]]) -> None:
    spec = bundled_spec()
    names = {a.number: a.name for a in spec.actions}
    tasks = {t.number: t for t in spec.tasks}
    labelled = {n: r[1] for n, r in rows.items() if r[1] in names.values()}
    assert len(labelled) >= 10
    for number, label in labelled.items():
        assert names[tasks[number].action] == label, number
    # The split label 循环经济助 / 力降碳行动 (rows 49 and 51) is action 6.
    assert (rows[49][1], rows[51][1]) == ("循环经济助", "力降碳行动")
    assert tasks[49].action == tasks[51].action == 6
