"""The register's link to a monitored key unit: old free texts migrated, the unmatched listed and
linked by the office, an unknown code refused by name in the import, the API and the form."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest
from django.apps import apps

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.cli import main
from carbonpeak.review.key_unit_links import KeyUnitRow, MatchedBy, match_key_units
from carbonpeak.review.models import RegisterEntry
from tests.conftest import ClientFactory
from tests.monitoring.support import make_unit
from tests.review.register_support import CSV, HEADER, USCC_A, import_plants, make_units

MIGRATION = importlib.import_module("carbonpeak.review.migrations.0002_register_links_key_unit")
UNITS = [KeyUnitRow(1, "KU-001", "金山石化热电"), KeyUnitRow(2, "KU-002", "漕泾水泥"),
         KeyUnitRow(3, "KU-003", "同名厂"), KeyUnitRow(4, "KU-004", "同名厂")]


def test_free_texts_match_by_code_then_name_and_the_rest_stay_unmatched() -> None:
    got = match_key_units(
        [(10, "KU-001"), (11, " ku-002 "), (12, "漕泾水泥"), (13, "同名厂"), (14, "MU-404"), (15, "")], UNITS)
    assert got.linked == {10: (1, MatchedBy.CODE), 11: (2, MatchedBy.CODE), 12: (2, MatchedBy.NAME)}
    # Two units share the name: not told apart, so kept for the office, as is a code no unit has.
    assert got.unmatched == {13: "同名厂", 14: "MU-404"}


def _plant(name: str, text: str) -> RegisterEntry:
    return RegisterEntry.objects.create(subject="plant", name=name, owner_uscc=USCC_A, industry_code="3011",
                                        town="金山卫镇", status="operating", disposal="keep",
                                        monitored_unit_legacy=text)


@pytest.mark.django_db
def test_the_data_migration_links_what_it_can_and_keeps_the_rest() -> None:
    unit = make_unit("KU-001")
    by_code, by_name, unknown = _plant("甲", "KU-001"), _plant("乙", "单位 KU-001"), _plant("丙", "旧编号-7")
    MIGRATION.link_units(apps, None)
    for e in (by_code, by_name, unknown):
        e.refresh_from_db()
    assert (by_code.monitored_unit, by_code.monitored_unit_legacy) == (unit, "")
    assert (by_name.monitored_unit, by_name.monitored_unit_legacy) == (unit, "")
    assert (unknown.monitored_unit, unknown.monitored_unit_legacy) == (None, "旧编号-7")


@pytest.mark.django_db
def test_the_office_sees_unmatched_units_and_links_them_on_the_register_page(client_as: ClientFactory) -> None:
    make_units()
    entry = _plant("老厂", "旧编号-7")
    office = client_as("office")
    html = office.get("/review/register/").content.decode()
    assert 'id="unmatched-units"' in html and "旧编号-7" in html and "未匹配" in html
    bad = office.post(f"/review/register/{entry.pk}/link", {"monitored_unit": "MU-404"})
    assert bad.status_code == 422
    assert "monitored_unit" in bad.content.decode() and "MU-404" in bad.content.decode()
    link = f"/review/register/{entry.pk}/link"
    assert client_as("leader").post(link, {"monitored_unit": "MU-002"}).status_code == 403
    assert office.post(link, {"monitored_unit": "MU-002"}).status_code == 302
    entry.refresh_from_db()
    assert (entry.unit_code, entry.monitored_unit_legacy) == ("MU-002", "")
    record = ChangeRecord.objects.filter(entity="review_register", entity_key=str(entry.pk)).first()
    assert record is not None and record.actor_label == "office"
    assert record.before == {"monitored_unit": None, "monitored_unit_legacy": "旧编号-7"}
    assert record.after == {"monitored_unit": "MU-002", "monitored_unit_legacy": ""}
    assert 'id="unmatched-units"' not in office.get("/review/register/").content.decode()


def test_import_refuses_an_unknown_unit_code_naming_field_and_row(db: None, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    make_units()
    path = tmp_path / "plants.csv"
    path.write_text(CSV.replace(",MU-001,", ",MU-404,"), encoding="utf-8")
    assert main(["review", "register", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "第4行 / row 4 · monitored_unit: 未知监测单位代码 / no monitored key unit has the code 'MU-404'" in err
    assert RegisterEntry.objects.count() == 0  # the good rows wait for the file to be right (all or nothing)


def test_import_without_the_column_leaves_links_alone(db: None) -> None:
    plants = import_plants()
    assert plants["演示铝冶炼"].unit_code == "MU-001"
    from carbonpeak.review import register

    header = HEADER.replace(",monitored_unit", "")
    register.import_csv(f"{header}\n演示铝冶炼,91310116MA1JKD0G1K,3216,漕泾镇,operating,keep,,,\n", actor_label="t")
    assert RegisterEntry.objects.get(name="演示铝冶炼").unit_code == "MU-001"


def test_api_refuses_a_link_to_an_unknown_unit(client_as: ClientFactory) -> None:
    entry = import_plants()["演示水泥熟料线"]
    url = f"/api/v1/review/register/{entry.pk}"
    office = client_as("office")
    bad = office.patch(url, json.dumps({"monitored_unit": "MU-404"}), content_type="application/json",
                       HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 422
    assert [(e["field"], "MU-404" in e["reason"]) for e in bad.json()["errors"]] == [("monitored_unit", True)]
    assert client_as("leader").patch(url, json.dumps({"monitored_unit": "MU-002"}),
                                     content_type="application/json").status_code == 403
    good = office.patch(url, json.dumps({"monitored_unit": "MU-002", "note": "接入监测"}),
                        content_type="application/json")
    assert good.status_code == 200
    body = good.json()
    assert (body["unit_code"], body["monitored_unit"], body["status"], body["disposal"]) == (
        "MU-002", "MU-002", "operating", "upgrade")  # fields left out keep their value
    unknown_field = office.patch(url, json.dumps({"monitored_unitt": "MU-002"}), content_type="application/json")
    assert unknown_field.status_code == 422


def test_the_edit_form_refuses_an_unknown_unit(client_as: ClientFactory) -> None:
    entry = import_plants()["演示烧碱装置"]
    response = client_as("office").post(f"/review/register/{entry.pk}/edit", {
        "status": "operating", "disposal": "keep", "approved_energy_tce": "20000", "monitored_unit": "MU-404"})
    assert response.status_code == 422
    assert response.context["errors"]["monitored_unit"] == [
        "未知监测单位代码 / no monitored key unit has the code 'MU-404'"]
    assert 'value="MU-404"' in response.content.decode()
    entry.refresh_from_db()
    assert entry.monitored_unit is None
