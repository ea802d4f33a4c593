"""The places on the pages: the office splits a target on the indicator page, a town enters its own value there,
the 晴雨表 of places shows each place's level (a town sees its own row only) and downloads as xlsx."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from carbonpeak.indicators.models import EarlyWarning, PlaceObservation, PlaceTarget
from carbonpeak.indicators.warnings import raise_warnings
from carbonpeak.plan.models import Plan
from carbonpeak.supervision.models import Notice
from tests.conftest import ClientFactory
from tests.indicators.places_support import PV, place_value, split_pv

URL = f"/indicators/{PV}/"


def test_the_office_splits_a_target_on_the_indicator_page(plan: Plan, client_as: ClientFactory) -> None:
    office = client_as("office")
    response = office.post(f"{URL}places/target", {"place": "fengjing", "year": "2025", "kind": "share",
                                                  "amount": "30", "note": "屋顶资源"})
    assert response.status_code == 302
    target = PlaceTarget.objects.get(indicator__code=PV, place__code="fengjing")
    assert (target.year, target.share, target.value, target.note) == (2025, 30.0, None, "屋顶资源")
    html = office.get(URL).content.decode()
    assert 'id="place-target-form"' in html and 'data-place="fengjing"' in html and "90" in html


@pytest.mark.parametrize(("form", "field_text"), [
    ({"place": "fengjing", "year": "2025", "kind": "share", "amount": "130"}, "不超过100%"),
    ({"place": "nowhere", "year": "2025", "kind": "level", "amount": "10"}, "方案未列出"),
])
def test_a_bad_place_target_is_named_on_the_page_and_the_form_keeps_it(plan: Plan, client_as: ClientFactory,
                                                                       form: dict[str, str], field_text: str) -> None:
    response = client_as("office").post(f"{URL}places/target", form)
    html = response.content.decode()
    assert response.status_code == 200 and field_text in html
    assert f'value="{form["amount"]}"' in html
    assert not PlaceTarget.objects.exists()


def test_only_the_office_splits_targets(plan: Plan, client_as: ClientFactory) -> None:
    for name in ("fengjing", "eco", "leader"):
        response = client_as(name).post(f"{URL}places/target", {"place": "fengjing", "year": "2025",
                                                                "kind": "level", "amount": "10"})
        assert response.status_code == 403, name
    assert not PlaceTarget.objects.exists()


def test_a_town_enters_its_own_value_and_sees_its_level(plan: Plan, client_as: ClientFactory) -> None:
    split_pv(plan)
    town = client_as("fengjing")
    html = town.get(URL).content.decode()
    assert 'id="place-value-form"' in html
    assert 'data-place="fengjing"' in html and 'data-place="shanyang"' not in html  # its own row only
    assert 'id="place-comparison"' not in html  # the sum of the others is not its to see
    response = town.post(f"{URL}places/value", {"period": "2025", "value": "95", "unit": "兆瓦", "source": "镇统计"})
    assert response.status_code == 302
    saved = PlaceObservation.objects.get(place__code="fengjing")
    assert (saved.value, saved.entered_by_label) == (95.0, "fengjing")
    grid = town.get("/indicators/places/").content.decode()
    assert 'data-place="fengjing"' in grid and 'data-place="shanyang"' not in grid
    assert 'data-level="green"' in grid


@pytest.mark.parametrize("name", ["office", "eco", "leader"])
def test_only_a_place_enters_its_value(plan: Plan, client_as: ClientFactory, name: str) -> None:
    split_pv(plan)
    response = client_as(name).post(f"{URL}places/value", {"period": "2025", "value": "95"})
    assert response.status_code == 403
    assert not PlaceObservation.objects.exists()


def test_a_bad_value_is_named_and_nothing_is_stored(plan: Plan, client_as: ClientFactory) -> None:
    split_pv(plan)
    response = client_as("fengjing").post(f"{URL}places/value", {"period": "2025", "value": "很多"})
    assert response.status_code == 200 and 'value="很多"' in response.content.decode()
    assert not PlaceObservation.objects.exists()


def test_the_office_sees_every_place_and_the_comparison(plan: Plan, client_as: ClientFactory) -> None:
    pv = split_pv(plan)
    place_value(pv, "fengjing", "2025", 95)
    html = client_as("office").get(URL).content.decode()
    assert all(f'data-place="{p}"' in html for p in ("fengjing", "shanyang", "langxia"))
    assert 'id="place-comparison" data-agreement="nothing"' in html  # no district value yet
    grid = client_as("leader").get("/indicators/places/?sort=level&dir=desc").content.decode()
    assert grid.index('data-place="fengjing"') > grid.index('data-place="shanyang"')


def test_an_enterprise_sees_no_places(plan: Plan, client_as: ClientFactory) -> None:
    split_pv(plan)
    assert client_as("enterprise").get("/indicators/places/").status_code == 403
    assert client_as("enterprise").get("/indicators/places.xlsx").status_code == 403


def test_the_barometer_downloads_coloured_by_level_and_formulas_stay_text(plan: Plan,
                                                                           client_as: ClientFactory) -> None:
    pv = split_pv(plan)
    place_value(pv, "fengjing", "2025", 95)
    PlaceTarget.objects.filter(place__code="fengjing").update(note="=1+1")
    response = client_as("office").get("/indicators/places.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = {sheet.cell(row=r, column=1).value: r for r in range(3, 6)}
    fengjing = rows["枫泾镇 / Fengjing Town"]
    assert "95" in str(sheet.cell(row=fengjing, column=3).value)
    assert sheet.cell(row=fengjing, column=3).fill.fgColor.rgb.endswith("C8E6C9")  # green
    assert all(not str(c.value or "").startswith("=") for row in sheet.iter_rows() for c in row)


def test_a_place_behind_is_warned_and_its_users_are_told(plan: Plan) -> None:
    pv = split_pv(plan)
    place_value(pv, "shanyang", "2025", 30)  # off track
    import datetime as dt

    raise_warnings(plan, dt.date(2026, 6, 1), actor_label="tests")
    w = EarlyWarning.objects.get(indicator=pv, place__code="shanyang", closed_at__isnull=True)
    assert (w.level, [d.code for d in w.departments.all()]) == ("red", ["shanyang"])
    notice = Notice.objects.get(department__code="shanyang")
    assert notice.text.startswith("【指标预警】山阳镇 · 新增光伏装机容量")
    assert not EarlyWarning.objects.filter(indicator=pv, place__isnull=True).exists()
    place_value(pv, "shanyang", "2025", 130)  # recovered: closed on commit … and by the job
    raise_warnings(plan, dt.date(2026, 6, 1), actor_label="tests")
    w.refresh_from_db()
    assert w.closed_at is not None


def test_a_towns_warning_is_in_its_own_list_and_it_answers_it(plan: Plan, client_as: ClientFactory) -> None:
    import datetime as dt

    pv = split_pv(plan)
    place_value(pv, "fengjing", "2025", 10)  # far below its 90 MW in the target year: red
    raise_warnings(plan, dt.date(2026, 6, 1), actor_label="tests")
    w = EarlyWarning.objects.get(indicator=pv, place__code="fengjing")
    town = client_as("fengjing")
    listed = town.get("/indicators/warnings/").content.decode()
    assert 'data-place="fengjing"' in listed and "枫泾镇 · 新增光伏装机容量" in listed
    assert 'data-place="fengjing"' not in client_as("eco").get("/indicators/warnings/").content.decode()
    page = town.get(f"/indicators/warnings/{w.pk}/")
    assert page.status_code == 200 and 'id="warning-place"' in page.content.decode()
    assert town.post(f"/indicators/warnings/{w.pk}/", {"text": "加快屋顶光伏并网"}).status_code == 302
    assert w.responses.get().department.code == "fengjing"


def test_the_split_form_names_the_unit_only_when_there_is_one(plan: Plan, client_as: ClientFactory) -> None:
    office = client_as("office")
    with_unit = office.get(URL).content.decode()
    assert "本地区自身的目标值 (" in with_unit
    pue = office.get("/indicators/existing_data_centre_pue/").content.decode()
    assert "本地区自身的目标值" in pue and "本地区自身的目标值 ()" not in pue and "本地区自身的目标值 (" not in pue
