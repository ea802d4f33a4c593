"""A data centre's PUE over the year and an industrial unit's 百一 saving, on their pages."""

from __future__ import annotations

from carbonpeak.plan.models import Plan
from tests.conftest import ClientFactory
from tests.jobs.support import NOW, data_centre_with_pue, industrial_units_for_saving


def test_the_data_centre_page_shows_its_pue_over_the_year(db: None, client_as: ClientFactory) -> None:
    data_centre_with_pue(1.50)
    page = client_as("office").get("/monitoring/units/DC1/pue/?year=2026").content.decode()
    assert 'id="pue-year"' in page
    assert '<span class="over">1.50</span>' in page  # above the 1.4 of an existing data centre


def test_an_industrial_unit_shows_its_saving_and_others_do_not(plan: Plan, client_as: ClientFactory) -> None:
    industrial_units_for_saving(2026, 11, NOW)
    office = client_as("office")
    assert "2.0%" in office.get("/monitoring/units/IU1/?year=2026").content.decode()
    assert '<span class="over">0.5%</span>' in office.get("/monitoring/units/IU2/?year=2026").content.decode()
    data_centre_with_pue(1.3, code="DC9")
    office_page = office.get("/monitoring/units/DC9/?year=2026").content.decode()
    assert 'id="unit-saving"' in office_page  # a data centre (6450) is a communications unit: it is counted too
