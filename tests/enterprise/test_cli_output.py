"""`carbonpeak output import` keeps the good rows and names the bad ones; `carbonpeak filings list`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.cli import main
from carbonpeak.enterprise.models import EconomicOutput, ProductOutput
from tests.enterprise.support import two_units

pytestmark = pytest.mark.django_db

CSV = """unit_code,period,product,quantity,unit
OWN,2026-03,ethylene,1200,t
OWN,2026-04,ethylene,-5,t
OWN,2026-04,unobtainium,5,t
NOPE,2026-04,ethylene,5,t
OWN,2099-01,ethylene,5,t
OWN,2026,crude_steel,300,t
"""


def test_good_rows_are_kept_and_bad_rows_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    two_units()
    path = tmp_path / "output.csv"
    path.write_text(CSV, encoding="utf-8")
    assert main(["output", "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "第3行 / row 3 · quantity: 不能为负数 / must not be negative" in err
    assert "第4行 / row 4 · product:" in err and "第5行 / row 5 · unit_code:" in err
    assert "第6行 / row 6 · period: 期间尚未开始 / the period lies in the future" in err
    assert sorted(ProductOutput.objects.values_list("period", "product", "quantity")) == [
        ("2026", "crude_steel", 300.0), ("2026-03", "ethylene", 1200.0)]
    assert ChangeRecord.objects.filter(entity="product_output").first().actor_label.startswith("cli:output import")


def test_value_added_from_xlsx(tmp_path: Path) -> None:
    two_units()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["unit_code", "period", "value_added_10k_cny", "value_added_comparable_10k_cny"])
    sheet.append(["OWN", "2025", 1234.5, 1200])
    path = tmp_path / "va.xlsx"
    book.save(path)
    assert main(["output", "import", str(path)]) == 0
    row = EconomicOutput.objects.get(unit__code="OWN", period="2025")
    assert (row.value_added_10k_cny, row.value_added_comparable_10k_cny) == (1234.5, 1200.0)


def test_a_file_without_the_columns_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    assert main(["output", "import", str(path)]) == 2
    assert "missing columns" in capsys.readouterr().err


def test_filings_list_as_json(client_as: object, capsys: pytest.CaptureFixture[str]) -> None:
    from django.contrib.auth import get_user_model

    from carbonpeak.enterprise.services import open_filing

    own, _ = two_units()
    open_filing(own, 2026, get_user_model().objects.get(username="enterprise"), "enterprise")
    assert main(["filings", "list", "--year", "2026", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["unit"], r["year"], r["status"], r["prefilled"]) for r in rows] == [("OWN", 2026, "draft", True)]
    assert rows[0]["ghg_status"] is None  # a GHG report opens when the energy-use report is accepted
    assert main(["filings", "list", "--year", "2020"]) == 0
    assert "no filings" in capsys.readouterr().out
