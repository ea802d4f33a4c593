"""The inventory workbook names what it cites (issue 18: no file path shown to users): the method by its
documents' titles, the compiler as the history shows them, the factor set by its name beside its label."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook

from carbonpeak.accounting.export import METHOD_EN
from carbonpeak.accounting.models import Inventory
from tests.conftest import ClientFactory

DOCS = Path(__file__).resolve().parents[2] / "docs" / "methodology"


def about_and_header(client_as: ClientFactory) -> tuple[dict[str, str], str]:
    response = client_as("office").get("/accounting/inventory/2023/xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    about = {str(r[0]): str(r[1]) for r in book["说明 About"].iter_rows(values_only=True)}
    header = str(next(book["清单 2023"].iter_rows(min_row=2, max_row=2, values_only=True))[0])
    return about, header


def test_the_method_is_named_by_its_titles_not_a_path(client_as: ClientFactory) -> None:
    about, _header = about_and_header(client_as)
    method = about["方法 Method"]
    assert "docs/" not in method and ".md" not in method
    assert "《区域温室气体清单：编制方法》" in method and "District GHG inventory: method" in method
    # The English titles are the documents' own first lines: renaming one fails here.
    for name in ("inventory.md", "accounting.md"):
        title = (DOCS / name).read_text(encoding="utf-8").splitlines()[0].removeprefix("# ")
        assert title in METHOD_EN, (name, title)


def test_the_compiler_and_the_factor_set_read_as_names(client_as: ClientFactory) -> None:
    inventory = Inventory.objects.filter(year=2023).order_by("-compiled_at", "-id").first()
    assert inventory is not None
    inventory.compiled_by_label = "cli:setup (root)"
    inventory.save()
    about, header = about_and_header(client_as)
    assert about["编制人 Compiled by"] == "系统初始化（命令行） / System setup (command line)"
    assert "上海市现行因子" in header and "Shanghai current factors" in header
    assert inventory.factor_set in header  # the label the figures cite stays, after the names
