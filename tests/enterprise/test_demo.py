"""The enterprise demo that `carbonpeak setup` loads: the previous year's filings of the demo units, accepted
through the workflow, their GHG reports accepted, grades in several colours and two disclosures."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.enterprise.demo import INTENSITY, PUBLISHED, demo_year, load_demo_enterprise
from carbonpeak.enterprise.models import Disclosure, Filing, FilingEvent, GhgReport
from carbonpeak.enterprise.queries import grades
from carbonpeak.enterprise.vocabulary import FilingStatus, ReportPart
from carbonpeak.monitoring.demo.load import DEMO_ENTERPRISE_UNIT, register_demo
from tests.conftest import ClientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded() -> int:
    register_demo(50)  # the monitoring demo's units and meters, as setup registers them
    return load_demo_enterprise(actor_label="cli:setup (tests)")


def test_every_demo_unit_files_and_is_accepted_through_the_workflow(loaded: int) -> None:
    year = demo_year()
    assert loaded == len(INTENSITY)
    filings = Filing.objects.filter(year=year)
    assert filings.count() == len(INTENSITY)
    for f in filings:
        assert f.status == FilingStatus.ACCEPTED.value and f.prefilled and f.energy, f
        assert all(row["quantity"] == row["monitored_quantity"] > 0 for row in f.energy)
        assert f.value_added_10k_cny and f.value_added_10k_cny > 0
        steps = list(f.events.filter(part=ReportPart.ENERGY.value).values_list("step", flat=True))
        assert steps == ["open", "save", "submit", "accept"]
        assert list(f.events.filter(part=ReportPart.GHG.value).values_list("step", flat=True)) == [
            "open", "submit", "accept"]
    assert GhgReport.objects.filter(filing__year=year, status=FilingStatus.ACCEPTED.value).count() == len(INTENSITY)
    assert all(e.actor_label == "cli:setup (tests)" for e in FilingEvent.objects.filter(filing__year=year))
    assert ChangeRecord.objects.filter(entity="filing", actor_label="cli:setup (tests)").count() >= 4 * len(INTENSITY)
    assert sorted(Disclosure.objects.values_list("filing__unit__code", flat=True)) == sorted(PUBLISHED)
    # The demo enterprise user's own unit files this year's report itself (tests/e2e/test_enterprise_filing.py).
    assert DEMO_ENTERPRISE_UNIT not in INTENSITY


def test_grades_come_in_at_least_three_colours(loaded: int, client_as: ClientFactory) -> None:
    year = demo_year()
    colours = {g.grade for g in grades(year)}
    assert None not in colours and len(colours) >= 3, colours
    page = client_as("office").get(f"/enterprise/grades/?year={year}").content.decode()
    shown = {name for name in ("深绿", "浅绿", "黄", "红") if re.search(rf">\s*{name}\s*<", page)}
    assert len(shown) >= 3, shown


def test_the_ghg_table_has_accepted_rows(loaded: int, client_as: ClientFactory) -> None:
    response = client_as("office").get(f"/enterprise/emissions/?year={demo_year()}")
    assert response.status_code == 200
    assert response.context["accepted"] == len(INTENSITY)


def test_loading_again_changes_nothing(loaded: int) -> None:
    before = (Filing.objects.count(), FilingEvent.objects.count(), ChangeRecord.objects.count())
    assert load_demo_enterprise(actor_label="cli:setup (tests)") == 0
    assert (Filing.objects.count(), FilingEvent.objects.count(), ChangeRecord.objects.count()) == before


@pytest.mark.parametrize("path", ["/enterprise/grades/", "/enterprise/emissions/", "/enterprise/"])
def test_without_a_year_the_pages_open_on_the_latest_year_filed(loaded: int, client_as: ClientFactory,
                                                                 path: str) -> None:
    # In December this year's report is not yet due: the pages open on the year the demo units filed for.
    response = client_as("office").get(path)
    assert response.status_code == 200
    assert response.context["year"] == demo_year()


def test_an_out_of_range_year_still_falls_back_to_this_year(loaded: int, client_as: ClientFactory) -> None:
    response = client_as("office").get("/enterprise/grades/?year=1999")
    assert response.context["year"] == dt.date.today().year
