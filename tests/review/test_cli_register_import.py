"""`carbonpeak review register import FILE.csv`: existing plants onto the register, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.cli import main
from carbonpeak.review.models import RegisterEntry
from tests.review.register_support import CSV, make_units

Capsys = pytest.CaptureFixture[str]


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "plants.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_import_then_import_again_changes_nothing(db: None, tmp_path: Path, capsys: Capsys) -> None:
    make_units()
    path = write(tmp_path, CSV)
    assert main(["review", "register", "import", path]) == 0
    assert "created 3" in capsys.readouterr().out
    cement = RegisterEntry.objects.get(name="演示水泥熟料线")
    assert (cement.status, cement.disposal, str(cement.deadline), cement.approved_energy_tce) == (
        "operating", "upgrade", "2026-12-31", 50_000)
    assert RegisterEntry.objects.get(name="演示烧碱装置").deviation_margin_pct == 10  # the default
    records = ChangeRecord.objects.filter(entity="review_register").count()
    assert main(["review", "register", "import", path]) == 0
    assert "created 0 · 更新 updated 0" in capsys.readouterr().out
    assert ChangeRecord.objects.filter(entity="review_register").count() == records


def test_bad_rows_exit_1_with_every_issue_and_store_nothing(db: None, tmp_path: Path, capsys: Capsys) -> None:
    make_units()
    bad = CSV.replace("3011,金山卫镇,operating,upgrade,2026-12-31", "3011,金山卫镇,running,upgrade,")
    bad = bad.replace("91310116MA1JKD0G1K,2612", "91310116MA1JKD0G1X,2612")
    assert main(["review", "register", "import", write(tmp_path, bad)]) == 1
    err = capsys.readouterr().err
    for issue in ("第2行 / row 2 · status: ", "第2行 / row 2 · deadline: ", "第3行 / row 3 · owner_uscc: "):
        assert issue in err
    assert RegisterEntry.objects.count() == 0


def test_missing_column_is_named(db: None, tmp_path: Path, capsys: Capsys) -> None:
    assert main(["review", "register", "import", write(tmp_path, "name,town\nx,漕泾镇\n")]) == 1
    err = capsys.readouterr().err
    assert "owner_uscc: 缺少该列" in err
