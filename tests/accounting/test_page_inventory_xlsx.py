"""GET /accounting/inventory/<year>/xlsx: the inventory as a workbook."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from carbonpeak.accounting import services
from carbonpeak.accounting.models import Inventory
from tests.conftest import ClientFactory

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOTATION_KEYS = {"NO", "IE", "NE", "C"}


def workbook(client_as: ClientFactory, year: int, username: str = "leader") -> object:
    response = client_as(username).get(f"/accounting/inventory/{year}/xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == f'attachment; filename="ghg-inventory-{year}.xlsx"'
    return load_workbook(io.BytesIO(response.content), read_only=True)


@pytest.mark.parametrize("username", ["office", "eco", "leader"])
def test_download(client_as: ClientFactory, username: str) -> None:
    book = workbook(client_as, 2023, username)
    assert book.sheetnames == ["清单 2023", "趋势 Trend", "说明 About"]  # type: ignore[attr-defined]


def test_co2e_column_adds_up_to_the_total_row(client_as: ClientFactory) -> None:
    sheet = workbook(client_as, 2023)["清单 2023"]  # type: ignore[index]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[2]
    co2e = header.index("CO2e (t)")
    assert header[:5] == ("代码 Code", "清单行", "Line", "GPC", "范围 Scope")
    data = [r for r in rows[3:] if r[0] not in ("total", "gross")]
    total_row = next(r for r in rows if r[0] == "total")
    gross_row = next(r for r in rows if r[0] == "gross")
    assert len(data) == 22
    numbers = [r[co2e] for r in data if not isinstance(r[co2e], str)]
    keys = [r[co2e] for r in data if isinstance(r[co2e], str)]
    assert set(keys) <= NOTATION_KEYS and "NO" in keys and "NE" in keys
    assert sum(numbers) == pytest.approx(total_row[co2e], rel=1e-9)
    assert sum(n for r, n in ((r, r[co2e]) for r in data) if not isinstance(n, str)
               and not str(r[0]).startswith("lulucf.")) == pytest.approx(gross_row[co2e], rel=1e-9)
    stored = services.latest_inventories()[2023]
    assert total_row[co2e] == pytest.approx(stored.total_co2e_t)
    assert total_row[co2e + 1] == pytest.approx(stored.energy_tce)
    landfill = next(r for r in data if r[0] == "waste.landfill")
    assert (landfill[3], landfill[co2e]) == ("III.1.1", "NO")
    assert all(r[3] and r[4] in (1, 2) for r in data)


def test_confidential_line_is_counted_but_not_shown(client_as: ClientFactory) -> None:
    inventory = Inventory.objects.filter(year=2023).order_by("-compiled_at", "-id").first()
    assert inventory is not None
    for line in inventory.lines:
        if line["code"] == "ippu.processes":
            line["notation"] = "C"
            hidden = line["co2e_t"]
    inventory.save()
    sheet = workbook(client_as, 2023)["清单 2023"]  # type: ignore[index]
    rows = list(sheet.iter_rows(values_only=True))
    co2e = rows[2].index("CO2e (t)")
    processes = next(r for r in rows if r[0] == "ippu.processes")
    assert processes[co2e] == "C" and processes[5] == "C"
    data = [r for r in rows[3:] if r[0] not in ("total", "gross")]
    total = next(r for r in rows if r[0] == "total")[co2e]
    shown = sum(r[co2e] for r in data if not isinstance(r[co2e], str))
    assert total - shown == pytest.approx(hidden)


def test_trend_sheet_has_every_year(client_as: ClientFactory) -> None:
    sheet = workbook(client_as, 2024)["趋势 Trend"]  # type: ignore[index]
    rows = list(sheet.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [2020, 2021, 2022, 2023, 2024, 2025]
    latest = services.latest_inventories()
    for r in rows[1:]:
        assert sum(r[1:6]) == pytest.approx(latest[r[0]].total_co2e_t)
        assert r[6] == pytest.approx(latest[r[0]].total_co2e_t)


def test_year_without_inventory_is_404(client_as: ClientFactory) -> None:
    assert client_as("office").get("/accounting/inventory/2019/xlsx").status_code == 404


def test_enterprise_gets_403(client_as: ClientFactory) -> None:
    assert client_as("enterprise").get("/accounting/inventory/2023/xlsx").status_code == 403
