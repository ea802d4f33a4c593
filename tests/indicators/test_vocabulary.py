"""One name per concept: the Django choices of indicators/models.py are the pure enums of
indicators/vocabulary.py with labels, and the status → 晴雨表 level mapping covers every status.

The models build their choices from the pure members; these tests fail if someone retypes a value as a
literal that drifts, adds a member on one side only, reorders one side, or leaves a status without a level.
"""

from __future__ import annotations

from enum import StrEnum

import pytest
from django.db import models as dj
from django.db.models import Q

from carbonpeak.indicators import models
from carbonpeak.indicators.vocabulary import (
    BAROMETER_LEVEL,
    RECOVERED_STATUSES,
    WARNING_LEVELS,
    WARNING_STATUSES,
    BarometerLevel,
    ProgressNote,
    ProgressStatus,
)

PAIRS = [
    (models.ProgressStatus, ProgressStatus),
    (models.ProgressNote, ProgressNote),
    (models.BarometerLevel, BarometerLevel),
]


@pytest.mark.parametrize(("choices", "pure"), PAIRS, ids=[p.__name__ for _, p in PAIRS])
def test_django_choices_are_the_pure_enum(choices: type[dj.TextChoices], pure: type[StrEnum]) -> None:
    # Same members, same values, same order (the order is the choices' order, so the migrations').
    assert [(m.name, m.value) for m in choices] == [(m.name, m.value) for m in pure]
    # Each stored value is a plain string of the pure member, and each has a label that is not its code.
    for member in choices:
        assert pure(member.value) == member.value
        assert str(member.label) and str(member.label) != member.value


def test_the_warning_fields_choose_from_the_pure_vocabulary() -> None:
    level = models.EarlyWarning._meta.get_field("level")
    status = models.EarlyWarning._meta.get_field("status")
    assert [value for value, _label in level.choices or []] == [lv.value for lv in WARNING_LEVELS]
    assert [value for value, _label in status.choices or []] == [s.value for s in ProgressStatus]
    constraints = {c.name: c for c in models.EarlyWarning._meta.constraints if isinstance(c, dj.CheckConstraint)}
    assert constraints["warning_level_valid"].condition == Q(level__in=["orange", "red"])
    assert constraints["warning_only_when_behind"].condition == Q(status__in=["at_risk", "off_track"])
    assert set(WARNING_LEVELS) == {BarometerLevel.ORANGE, BarometerLevel.RED}
    assert {ProgressStatus.AT_RISK, ProgressStatus.OFF_TRACK} == WARNING_STATUSES


def test_every_status_reads_as_one_barometer_level() -> None:
    assert set(BAROMETER_LEVEL) == set(ProgressStatus)
    assert set(BAROMETER_LEVEL.values()) == set(BarometerLevel)


def test_a_warning_carries_the_level_of_its_status() -> None:
    # The statuses that warn are exactly those whose level is a warning level, and no status both
    # warns and closes a warning.
    assert {s for s, level in BAROMETER_LEVEL.items() if level in WARNING_LEVELS} == WARNING_STATUSES
    assert {BAROMETER_LEVEL[s] for s in WARNING_STATUSES} == set(WARNING_LEVELS)
    assert not WARNING_STATUSES & RECOVERED_STATUSES
    assert {ProgressStatus.ON_TRACK, ProgressStatus.ACHIEVED} == RECOVERED_STATUSES
