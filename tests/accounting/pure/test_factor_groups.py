"""A factor set's page groups its factors by subject in the catalogue's order and says its version as people
do (accounting/factor_names.py: by_subject, version_words)."""

from __future__ import annotations

import dataclasses

import pytest

from carbonpeak.accounting.factor_names import by_subject, factor_line, version_words
from carbonpeak.accounting.factor_sets import bundled_factor_sets, resolve


def test_the_shanghai_set_groups_by_subject_in_the_catalogue_order() -> None:
    lines = [factor_line(f) for f in resolve("shanghai", bundled_factor_sets()).rows()]
    groups = by_subject(lines)
    assert [g.code for g in groups][:4] == ["electricity", "heat", "steam", "raw_coal"]
    assert [g.code for g in groups][-4:] == ["ch4", "n2o", "forest", "wetland"]
    assert sum(len(g.lines) for g in groups) == len(lines) == 66
    electricity = groups[0]
    assert electricity.name == "电力" and len(electricity.lines) == 8
    # The set's own rows first, then those it inherits from the national set.
    sets = [line.set_id for line in electricity.lines]
    assert sets == sorted(sets, key=lambda s: s != "shanghai") and sets[0] == "shanghai"


def test_a_subject_of_a_user_s_own_comes_last() -> None:
    lines = [factor_line(f) for f in resolve("shanghai", bundled_factor_sets()).rows()]
    mine = dataclasses.replace(lines[0], subject="hydrogen", subject_code="hydrogen")
    assert by_subject([mine, *lines])[-1].code == "hydrogen"


@pytest.mark.parametrize(("version", "zh", "en"), [
    ("2026-11", "2026年11月版", "November 2026 edition"),
    ("2023-1", "2023年1月版", "January 2023 edition"),
    ("2023", "2023年版", "2023 edition"),
    ("v2", "版本 v2", "version v2"),
    ("2023-13", "版本 2023-13", "version 2023-13"),
])
def test_a_version_reads_as_people_say_it(version: str, zh: str, en: str) -> None:
    assert version_words(version) == zh
    assert version_words(version, english=True) == en
