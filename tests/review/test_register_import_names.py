"""The 两高一低 register import reads status and disposal in the 清单's Chinese words and a margin typed
with its % sign; an unknown status or town is refused with the list of accepted ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from carbonpeak.cli import main
from carbonpeak.review.models import RegisterEntry
from tests.review.register_support import CSV, make_units

Capsys = pytest.CaptureFixture[str]


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "plants.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_chinese_status_and_disposal_and_a_percent_margin(db: None, tmp_path: Path) -> None:
    make_units()
    text = CSV.replace("operating,upgrade,2026-12-31,50000,,10", "存量,改造升级,2026-12-31,50000,,12%")
    text = text.replace("under_construction,phase_out", "在建,淘汰")
    assert main(["review", "register", "import", write(tmp_path, text)]) == 0
    cement = RegisterEntry.objects.get(name="演示水泥熟料线")
    assert (cement.status, cement.disposal, cement.deviation_margin_pct) == ("operating", "upgrade", 12)
    aluminium = RegisterEntry.objects.get(name="演示铝冶炼")
    assert (aluminium.status, aluminium.disposal) == ("under_construction", "phase_out")


def test_unknown_status_and_town_are_refused_with_the_accepted_values(db: None, tmp_path: Path,
                                                                      capsys: Capsys) -> None:
    make_units()
    text = CSV.replace("3011,金山卫镇,operating", "3011,火星镇,运营中")
    assert main(["review", "register", "import", write(tmp_path, text)]) == 1
    err = capsys.readouterr().err
    assert "status: 未知状态「运营中」，可填：拟建、在建、存量" in err
    assert "accepted: Planned, Under construction, Operating" in err
    assert "town: 不是本区的镇、街道或园区：「火星镇」，可填：" in err and "枫泾镇" in err
    assert RegisterEntry.objects.count() == 0
