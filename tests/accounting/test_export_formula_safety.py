"""The inventory workbook never turns text into a formula (issue 17, item 5): a line's note and the
compiler's name that start with "=", "+", "@" or a tab are stored as inert text, while the sinks'
negative amounts stay numbers."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from carbonpeak.accounting.models import Inventory
from tests.conftest import ClientFactory


def test_planted_notes_are_inert_and_negative_sinks_stay_numbers(client_as: ClientFactory) -> None:
    inventory = Inventory.objects.filter(year=2023).order_by("-compiled_at", "-id").first()
    assert inventory is not None
    planted = {"energy.industry.direct": '=HYPERLINK("http://evil","x")', "waste.landfill": "+cmd",
               "ippu.processes": "\t=1"}
    for line in inventory.lines:
        if line["code"] in planted:
            line["note"] = planted[line["code"]]
    inventory.compiled_by_label = "@SUM(1)"
    inventory.save()
    response = client_as("office").get("/accounting/inventory/2023/xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["清单 2023"]
    header = [c.value for c in sheet[3]]
    note, co2e = header.index("说明 Note"), header.index("CO2e (t)")
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=4)}
    assert set(planted) <= set(rows), "the planted lines are in the inventory"
    for code, text in planted.items():
        assert (rows[code][note].value, rows[code][note].data_type) == ("'" + text, "s")
    sinks = [r[co2e] for code, r in rows.items() if str(code).startswith("lulucf.") and r[co2e].data_type == "n"]
    assert sinks and any(c.value < 0 for c in sinks)
    about = {r[0].value: r[1] for r in book["说明 About"].iter_rows()}
    assert (about["编制人 Compiled by"].value, about["编制人 Compiled by"].data_type) == ("'@SUM(1)", "s")
    assert not any(c.data_type == "f" for ws in book for row in ws.iter_rows() for c in row)
