"""Reading 责任部门 cells as printed: ☆ leads, duplicates, glued names, aliases."""

from __future__ import annotations

import pytest

from carbonpeak.plan.responsible import ResponsibleCell, UnreadableCell, parse_responsible_cell
from tests.plan._support import bundled_spec

NAMES = bundled_spec().department_codes_by_name()


def test_every_printed_cell_reads_as_the_transcribed_lead_and_co_lists() -> None:
    tasks = [t for t in bundled_spec().tasks if t.responsible_raw is not None]
    assert len(tasks) == 80
    for task in tasks:
        assert task.responsible_raw is not None
        cell = parse_responsible_cell(task.responsible_raw, NAMES)
        assert (cell.lead, cell.co) == (task.lead, task.co), f"task {task.number}"


def test_plain_cell() -> None:
    assert parse_responsible_cell("☆区经委、区发改委、区生态环境局", NAMES) == ResponsibleCell(
        lead=("eco",), co=("drc", "env"), repeated=(), split_tokens=()
    )


def test_body_listed_twice_is_kept_once_in_its_first_role() -> None:
    cell = parse_responsible_cell("☆区经委、区经委、区发改委", NAMES)
    assert (cell.lead, cell.co, cell.repeated) == (("eco",), ("drc",), ("eco",))


def test_repeated_co_body_after_lead_is_not_a_co() -> None:
    cell = parse_responsible_cell("☆区绿化市容局、区发改委、区绿化市容局、区生态环境局", NAMES)
    assert cell.lead == ("greening",)
    assert cell.co == ("drc", "env")
    assert cell.repeated == ("greening",)


def test_glued_names_split_and_star_marks_only_the_first() -> None:
    cell = parse_responsible_cell("☆区农业农村委区绿化市容局、区发改委", NAMES)
    assert (cell.lead, cell.co) == (("agri",), ("greening", "drc"))
    assert cell.split_tokens == ("区农业农村委区绿化市容局",)


def test_glued_co_names_split_into_two_co_bodies() -> None:
    cell = parse_responsible_cell("☆区发改委、区委组织部区委党校", NAMES)
    assert (cell.lead, cell.co) == (("drc",), ("organization", "party_school"))


def test_single_body_without_star_is_the_lead() -> None:
    assert parse_responsible_cell("区建管委", NAMES).lead == ("construction",)
    assert parse_responsible_cell("区建管委", NAMES).co == ()


def test_alias_resolves_to_the_canonical_department() -> None:
    assert parse_responsible_cell("碳谷绿湾", NAMES).lead == ("tangu_lvwan",)
    cell = parse_responsible_cell("☆区建管委、金山天然气有限公司、金山天然气公司", NAMES)
    assert cell.co == ("gas",)
    assert cell.repeated == ("gas",)


def test_other_separators_are_accepted() -> None:
    cell = parse_responsible_cell(" ☆区发改委，区交通委；区经委, 区建管委 ", NAMES)
    assert (cell.lead, cell.co) == (("drc",), ("transport", "eco", "construction"))


def test_two_stars_give_two_leads() -> None:
    cell = parse_responsible_cell("☆区委组织部、☆区委党校、区发改委", NAMES)
    assert (cell.lead, cell.co) == (("organization", "party_school"), ("drc",))


def test_two_bodies_without_star_are_unreadable() -> None:
    with pytest.raises(UnreadableCell, match="no lead marked"):
        parse_responsible_cell("区建管委、区房管局", NAMES)


def test_unknown_body_is_unreadable_and_named() -> None:
    with pytest.raises(UnreadableCell, match="区宇航局"):
        parse_responsible_cell("☆区发改委、区宇航局", NAMES)


def test_glued_token_with_unknown_tail_is_unreadable() -> None:
    with pytest.raises(UnreadableCell, match="区经委区宇航局"):
        parse_responsible_cell("☆区经委区宇航局", NAMES)


def test_star_followed_by_a_space_still_marks_the_lead() -> None:
    cell = parse_responsible_cell("☆ 区建管委、区房管局", NAMES)
    assert (cell.lead, cell.co) == (("construction",), ("housing",))
