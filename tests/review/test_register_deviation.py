"""Post-evaluation: actual energy above the approved level by more than the margin raises an alert."""

from __future__ import annotations

import pytest

from carbonpeak.review import register
from carbonpeak.review.deviation import deviation
from carbonpeak.review.intake import ReviewInputError
from tests.conftest import ClientFactory
from tests.review.register_support import import_plants


@pytest.mark.parametrize(("actual", "alert"), [
    (54_999, False),  # 9.998 % over
    (55_000, False),  # exactly 10 % over: at the margin, not above it
    (55_001, True),
])
def test_alert_only_above_the_margin(actual: float, alert: bool) -> None:
    d = deviation(2025, 50_000, actual, 10)
    assert d is not None and d.alert is alert
    assert d.deviation_pct == pytest.approx((actual / 50_000 - 1) * 100)


def test_no_approved_level_no_deviation() -> None:
    assert deviation(2025, None, 10_000, 10) is None


def test_register_page_shows_the_alert(db: None, client_as: ClientFactory) -> None:
    plants = import_plants()
    cement, soda = plants["演示水泥熟料线"], plants["演示烧碱装置"]
    register.record_actual(cement, year=2024, energy_tce=49_000, source="统计报表", actor_label="tests")
    register.record_actual(cement, year=2025, energy_tce=57_500, source="能源审计", actor_label="tests")  # +15 %
    register.record_actual(soda, year=2025, energy_tce=21_000, source="统计报表", actor_label="tests")  # +5 %
    page = client_as("office").get("/review/register/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="deviation-alerts"' in html
    assert [entry.name for entry, _d in page.context["alerts"]] == ["演示水泥熟料线"]
    assert "57,500" in html or "57500" in html
    one = client_as("leader").get(f"/review/register/{cement.pk}/")
    assert 'id="deviation-alert"' in one.content.decode()
    assert 'id="deviation-alert"' not in client_as("office").get(f"/review/register/{soda.pk}/").content.decode()


def test_margin_is_set_per_entry(db: None, client_as: ClientFactory) -> None:
    soda = import_plants()["演示烧碱装置"]
    register.record_actual(soda, year=2025, energy_tce=21_000, source="统计报表", actor_label="tests")  # +5 %
    assert soda.latest_deviation().alert is False  # type: ignore[union-attr]
    response = client_as("office").post(f"/review/register/{soda.pk}/edit", {
        "status": "operating", "disposal": "keep", "approved_energy_tce": "20000", "deviation_margin_pct": "3"})
    assert response.status_code == 302
    soda.refresh_from_db()
    assert soda.deviation_margin_pct == 3
    assert soda.latest_deviation().alert is True  # type: ignore[union-attr]


def test_actual_energy_needs_a_year_a_number_and_a_source(db: None) -> None:
    soda = import_plants()["演示烧碱装置"]
    with pytest.raises(ReviewInputError) as caught:
        register.record_actual(soda, year="soon", energy_tce="-1", source=" ", actor_label="tests")
    assert {i.field for i in caught.value.issues} == {"year", "energy_tce", "source"}
    assert not soda.actuals.exists()


def test_recording_a_year_again_replaces_it(db: None) -> None:
    soda = import_plants()["演示烧碱装置"]
    register.record_actual(soda, year=2025, energy_tce=21_000, source="统计报表", actor_label="tests")
    register.record_actual(soda, year=2025, energy_tce=19_000, source="能源审计", actor_label="tests")
    assert [(a.year, a.energy_tce, a.source) for a in soda.actuals.all()] == [(2025, 19_000, "能源审计")]


def test_office_records_actual_energy_from_the_page_and_others_may_not(db: None, client_as: ClientFactory) -> None:
    cement = import_plants()["演示水泥熟料线"]
    body = {"year": "2025", "energy_tce": "56000", "source": "在线监测"}
    assert client_as("leader").post(f"/review/register/{cement.pk}/actual", body).status_code == 403
    assert client_as("office").post(f"/review/register/{cement.pk}/actual", body).status_code == 302
    assert cement.latest_deviation().alert is True  # type: ignore[union-attr]
    bad = client_as("office").post(f"/review/register/{cement.pk}/actual", {"year": "2026", "energy_tce": "x",
                                                                            "source": "在线监测"})
    assert bad.status_code == 422  # refused: the form again, with the reason
    html = bad.content.decode()
    assert 'value="x"' in html and "must be a number" in html
