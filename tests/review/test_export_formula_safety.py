"""The register workbook never turns an entry's words into a formula (issue 17, item 5): a plant's
name and a typed figure's source note that start with "=", "+" or "@" are stored as inert text; the
approved and actual energy stay numbers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from carbonpeak.cli import main
from carbonpeak.review import register
from carbonpeak.review.models import RegisterEntry
from tests.review.register_support import HEADER, USCC_A

pytestmark = pytest.mark.django_db
NAME = '=HYPERLINK("http://evil","x")'


def test_planted_name_and_source_are_inert(tmp_path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER.split(","))
    writer.writerow([NAME, USCC_A, "3011", "金山卫镇", "operating", "keep", "", "50000", "", ""])
    register.import_csv(buffer.getvalue(), actor_label="tests")
    entry = RegisterEntry.objects.get(name=NAME)
    register.record_actual(entry, year=2024, energy_tce=49_000, source="+cmd", actor_label="tests")
    register.record_actual(entry, year=2025, energy_tce=51_000, source="@SUM(1)", actor_label="tests")
    out = tmp_path / "register.xlsx"
    assert main(["review", "register", "export", "--format", "xlsx", "-o", str(out)]) == 0
    sheet = load_workbook(out).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    name, source, actual = (header.index(h) for h in ("名称 Name", "来源说明 Source note", "实际能耗 Actual (tce)"))
    rows = [r for r in sheet.iter_rows(min_row=2) if r[name].value == "'" + NAME]
    assert len(rows) == 2 and all(r[name].data_type == "s" for r in rows)
    assert sorted(r[source].value for r in rows) == ["'+cmd", "'@SUM(1)"]
    assert sorted((r[actual].value, r[actual].data_type) for r in rows) == [(49_000, "n"), (51_000, "n")]
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
