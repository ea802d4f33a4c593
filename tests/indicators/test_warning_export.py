"""The 预警 list exports what it shows: the reader's warnings (a department: those sent to it), open ones
or, with ?closed=1, all; one row per warning with the page's columns."""

from __future__ import annotations

import io

import openpyxl

from carbonpeak.indicators.models import EarlyWarning
from tests.conftest import ClientFactory
from tests.indicators.conftest import FOREST


def sheet(client_as: ClientFactory, who: str, query: str = "") -> list[tuple[object, ...]]:
    response = client_as(who).get(f"/indicators/warnings.xlsx{query}")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('"warnings.xlsx"')
    return list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_the_office_exports_every_open_warning(two_warnings: dict[str, EarlyWarning],
                                               client_as: ClientFactory) -> None:
    rows = sheet(client_as, "office")
    assert rows[0][0] == "指标预警 · 未解除的预警"
    header = rows[1]
    assert header[:4] == ("级别", "指标", "状态", "期间")
    body = rows[2:]
    assert len(body) == 2
    levels = {r[1]: r[0] for r in body}
    assert {v[5:7] for v in levels.values()} == {"橙色", "红色"}  # 一级预警（红色）…
    greening = next(r for r in body if "区绿化市容局" in r[header.index("牵头部门")])
    assert isinstance(greening[header.index("最新值")], float)  # a number the reader can sum


def test_a_department_exports_only_the_warnings_sent_to_it(two_warnings: dict[str, EarlyWarning],
                                                           client_as: ClientFactory) -> None:
    page = client_as("eco").get("/indicators/warnings/").context["rows"]
    rows = sheet(client_as, "eco")[2:]
    assert [r[1] for r in rows] == [w.indicator.display_name for w in page]
    assert len(rows) == 1


def test_closed_warnings_come_with_the_page_that_shows_them(two_warnings: dict[str, EarlyWarning],
                                                            client_as: ClientFactory) -> None:
    from django.utils import timezone

    EarlyWarning.objects.filter(pk=two_warnings[FOREST].pk).update(closed_at=timezone.now())
    assert len(sheet(client_as, "office")[2:]) == 1
    assert len(sheet(client_as, "office", "?closed=1")[2:]) == 2
    assert client_as("enterprise").get("/indicators/warnings.xlsx").status_code == 403
