"""Point sources handed to the inventory (accounting.point_sources): replaced as a set, each change recorded, read
by the inventory as the units' part of a line, an empty entered line filled, the provenance on the page."""

from __future__ import annotations

import pytest

from carbonpeak.accounting import point_sources, services
from carbonpeak.accounting.issues import AccountingInputError
from carbonpeak.accounting.models import InventoryEntry
from carbonpeak.accounting.point_sources import PointSourceRow
from carbonpeak.audit.models import ChangeRecord
from tests.conftest import ClientFactory

pytestmark = pytest.mark.django_db
SOURCE = "enterprise GHG report 7 (U004 2023), accepted 2024-03-02"


def _rows(direct: float = 1000.0, process: float = 250.0) -> list[PointSourceRow]:
    return [PointSourceRow("energy.industry.direct", "U004", "四号单位", direct, SOURCE),
            PointSourceRow("ippu.processes", "U004", "四号单位", process, SOURCE)]


def test_the_set_is_replaced_and_each_change_recorded() -> None:
    first = point_sources.hand_over(2023, _rows(), user=None, actor_label="tests")
    assert (first.created, first.updated, first.removed, first.unchanged) == (2, 0, 0, 0)
    again = point_sources.hand_over(2023, _rows(), user=None, actor_label="tests")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = point_sources.hand_over(2023, _rows(direct=900.0)[:1], user=None, actor_label="tests")
    assert (changed.updated, changed.removed) == (1, 1)
    actions = list(ChangeRecord.objects.filter(entity="point_source").order_by("seq").values_list("action", flat=True))
    assert actions == ["created", "created", "updated", "deleted"]
    with pytest.raises(AccountingInputError):
        point_sources.hand_over(2023, [PointSourceRow("no.such.line", "U004", "x", 1.0, SOURCE)], user=None,
                                actor_label="tests")


def test_the_inventory_shows_the_units_part_and_fills_an_empty_process_line() -> None:
    InventoryEntry.objects.filter(year=2023, line="ippu.processes").delete()
    before = {line.spec.code: line for line in services.build_inventory(2023).lines}
    point_sources.hand_over(2023, _rows(), user=None, actor_label="tests")
    after = {line.spec.code: line for line in services.build_inventory(2023).lines}
    # The energy line keeps the district's statistics; the units' part stands beside it, naming the report.
    direct = after["energy.industry.direct"]
    assert direct.co2_t == before["energy.industry.direct"].co2_t and direct.point_source_co2_t == 1000.0
    assert direct.point_sources == (f"U004: {SOURCE}",)
    # The process line the compiler left empty takes the units' amount.
    assert before["ippu.processes"].notation is not None and after["ippu.processes"].co2_t == 250.0


def test_an_entered_process_line_stands(client_as: ClientFactory) -> None:
    InventoryEntry.objects.update_or_create(year=2023, line="ippu.processes", defaults={"co2_t": 5000.0})
    point_sources.hand_over(2023, _rows(), user=None, actor_label="tests")
    line = next(x for x in services.build_inventory(2023).lines if x.spec.code == "ippu.processes")
    assert line.co2_t == 5000.0 and line.point_source_co2_t == 250.0
    client_as("office").post("/accounting/inventory/2023/compile")
    page = client_as("office").get("/accounting/inventory/2023/").content.decode()
    assert 'data-testid="point-source-energy.industry.direct"' in page and "其中重点用能单位温室气体报告" in page
