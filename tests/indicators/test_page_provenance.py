"""The indicator page says where a derived value comes from, and the office records the official value."""

from __future__ import annotations

from carbonpeak.indicators.derive import derive_all
from carbonpeak.indicators.models import Observation, Origin
from carbonpeak.plan.models import Plan
from tests.conftest import ClientFactory
from tests.jobs.support import AS_OF, data_centre_with_pue

PUE = "existing_data_centre_pue"


def test_the_pue_page_lists_each_data_centre_against_its_limit(plan: Plan, client_as: ClientFactory) -> None:
    data_centre_with_pue(1.50)
    data_centre_with_pue(1.30, code="DC2")
    derive_all(plan, actor_label="tests", as_of=AS_OF, only=[PUE])
    obs = Observation.objects.get(indicator__code=PUE, period="2026")
    assert round(obs.value, 3) == 1.4  # (150 + 130) ÷ (100 + 100): energy-weighted
    page = client_as("leader").get(f"/indicators/{PUE}/").content.decode()
    assert 'id="provenance-units"' in page
    assert page.count('class="flagged"') == 1  # DC1 above 1.4, DC2 within
    assert "/monitoring/units/DC1/pue/" in page
    en = client_as("leader", "en").get(f"/indicators/{PUE}/").content.decode()
    assert "Where the 2026 value comes from" in en


def test_the_office_records_an_official_value_and_a_bad_one_is_named(plan: Plan, client_as: ClientFactory) -> None:
    office = client_as("office")
    bad = office.post(f"/indicators/{PUE}/", {"official": "1", "period": "2999", "value": "1.3", "source": "统计局"})
    assert bad.status_code == 200
    assert 'id="official-form"' in bad.content.decode()
    assert not Observation.objects.filter(indicator__code=PUE).exists()
    ok = office.post(f"/indicators/{PUE}/", {"official": "1", "period": "2025", "value": "1.38", "source": "统计局"})
    assert ok.status_code == 302
    assert Observation.objects.get(indicator__code=PUE, period="2025").origin == Origin.OFFICIAL
    refused = client_as("eco").post(f"/indicators/{PUE}/", {"official": "1", "period": "2024", "value": "1.3",
                                                            "source": "x"})
    assert refused.status_code == 403
