"""The indicator page says where a derived value comes from, and the office records the official value."""

from __future__ import annotations

from carbonpeak.accounting.demo import load_demo_accounting
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


def test_the_district_figure_is_told_apart_from_each_data_centres_own(plan: Plan, client_as: ClientFactory) -> None:
    data_centre_with_pue(1.50)
    data_centre_with_pue(1.30, code="DC2")
    derive_all(plan, actor_label="tests", as_of=AS_OF, only=[PUE])
    page = client_as("leader").get(f"/indicators/{PUE}/").content.decode()
    district = page.split('data-testid="district-pue">', 1)[1].split("</p>", 1)[0]
    assert "全区PUE 1.40" in district and "不是下表各数据中心自身PUE的平均值" in district
    assert "本数据中心PUE" in page  # the rows' column: each data centre's own


def test_the_accounting_source_is_named_not_its_id(plan: Plan, client_as: ClientFactory) -> None:
    load_demo_accounting()
    derive_all(plan, actor_label="tests", only=["energy_intensity_change"])
    zh = client_as("leader").get("/indicators/energy_intensity_change/").content.decode()
    en = client_as("leader", "en").get("/indicators/energy_intensity_change/").content.decode()
    assert "jinshan-demo" not in zh and "演示区数据（示意，非实际统计）" in zh
    assert "jinshan-demo" not in en and "the demo district" in en


def test_the_factor_set_line_reads_in_the_readers_words(plan: Plan, client_as: ClientFactory) -> None:
    data_centre_with_pue(1.50)
    derive_all(plan, actor_label="tests", as_of=AS_OF, only=[PUE])
    zh = client_as("leader").get(f"/indicators/{PUE}/").content.decode()
    en = client_as("leader", "en").get(f"/indicators/{PUE}/").content.decode()
    line = zh.split("因子集", 1)[1].split("</p>", 1)[0]
    assert line.startswith("：") and "（2026年11月版）" in line and "2026-11）" not in line
    line = en.split("Factor set", 1)[1].split("</p>", 1)[0]
    assert line.startswith(": ") and "(November 2026 edition)" in line
