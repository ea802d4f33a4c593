"""Days and years no reading can have (year 1, year 9999, year 0) are ignored by the pages, never a 500."""

from __future__ import annotations

import pytest

from carbonpeak.monitoring.models import Meter
from tests.conftest import ClientFactory
from tests.monitoring.pages.support import DATA_CENTRE, FACTORY, District


@pytest.mark.parametrize("query", ["?day=0001-01-01", "?day=9999-12-31", "?year=0", "?year=99999&month=13",
                                   "?day=2026-02-30", "?year=-1"])
def test_a_unit_page_answers(client_as: ClientFactory, district: District, query: str) -> None:
    assert client_as("office").get(f"/monitoring/units/{FACTORY}/{query}").status_code == 200


@pytest.mark.parametrize("query", ["?day=0001-01-01", "?day=9999-12-31", "?year=0"])
def test_the_data_centre_and_a_meter_answer(client_as: ClientFactory, district: District, query: str) -> None:
    client = client_as("office")
    assert client.get(f"/monitoring/units/{DATA_CENTRE}/pue/{query}").status_code == 200
    meter = Meter.objects.filter(unit__code=FACTORY).first()
    assert meter is not None
    assert client.get(f"/monitoring/meters/{meter.code}/{query}").status_code == 200
