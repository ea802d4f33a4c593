"""A town is read the way people write it (issue 18, item 2): the register import, the review intake (form and
API) and the register filter take a place's Chinese name, its English name (any case, with or without "Town")
and its code, through the one lookup (`plan.queries.known_places`), and store the Chinese name; a wrong name
is refused with the accepted names in the reader's language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from carbonpeak.cli import main
from carbonpeak.plan.queries import known_places
from carbonpeak.review import register, services
from carbonpeak.review.imports import COLUMNS, IMPORTERS
from carbonpeak.review.intake import ReviewInputError
from carbonpeak.review.models import Project, RegisterEntry
from tests.conftest import ClientFactory
from tests.imports_support import check
from tests.review.register_support import CSV, make_units
from tests.review.support import post_json, project_data

Capsys = pytest.CaptureFixture[str]
pytestmark = pytest.mark.django_db
IMPORTER = IMPORTERS[0]
# The register file with its towns in English, as an English reader fills the template.
ENGLISH = (CSV.replace(",3011,金山卫镇,", ",3011,Jinshanwei Town,").replace(",2612,漕泾镇,", ",2612,caojing town,")
           .replace(",3216,漕泾镇,", ",3216,caojing,"))
WRONG = CSV.replace(",2612,漕泾镇,", ",2612,Mars Town,")


def _write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "plants.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_plan_gives_each_place_its_english_name_and_code() -> None:
    places = known_places()
    assert places.canonical("Caojing Town") == places.canonical("caojing") == places.canonical("漕泾镇") == "漕泾镇"
    assert places.canonical("Lvxiang") == "吕巷镇" and places.canonical("Shihua Sub-district") == "石化街道"
    assert places.names()[0] == "石化街道" and places.names(english=True)[0] == "Shihua Subdistrict"  # towns.yaml order


def test_the_register_import_reads_english_town_names_and_stores_the_chinese(tmp_path: Path) -> None:
    make_units()
    assert main(["review", "register", "import", _write(tmp_path, ENGLISH)]) == 0
    assert {e.name: e.town for e in RegisterEntry.objects.all()} == {
        "演示水泥熟料线": "金山卫镇", "演示烧碱装置": "漕泾镇", "演示铝冶炼": "漕泾镇"}


def test_the_register_import_still_reads_chinese_town_names(tmp_path: Path) -> None:
    make_units()
    assert main(["review", "register", "import", _write(tmp_path, CSV)]) == 0
    assert set(RegisterEntry.objects.values_list("town", flat=True)) == {"金山卫镇", "漕泾镇"}


def test_a_wrong_town_is_refused_with_the_accepted_names_in_both_languages(tmp_path: Path, capsys: Capsys) -> None:
    make_units()
    assert main(["review", "register", "import", _write(tmp_path, WRONG)]) == 1
    err = capsys.readouterr().err
    assert "town: 不是本区的镇、街道或园区：「Mars Town」，可填：石化街道、朱泾镇、" in err
    assert "accepted: Shihua Subdistrict, Zhujing Town, " in err
    assert RegisterEntry.objects.count() == 0


def test_the_import_preview_refuses_a_wrong_town_in_the_readers_language() -> None:
    make_units()
    for language, opening, listed, absent in (
        ("zh-hans", "不是本区的镇、街道或园区：「Mars Town」", "金山卫镇、漕泾镇", "Caojing"),
        ("en", "not a town, sub-district or park of the district: 'Mars Town'", "Jinshanwei Town, Caojing Town",
         "漕泾镇"),
    ):
        preview = check(IMPORTER, WRONG.encode(), "plants.csv", language)
        (problem,) = preview.problems
        reason = problem.reason_in(language)
        assert (problem.row, reason.startswith(opening), listed in reason, absent in reason) == (3, True, True, False)
    english = check(IMPORTER, ENGLISH.encode(), "plants.csv", "en")
    assert (english.problems, english.rows_ok) == ([], 3)
    assert {row[3] for row in english.sample} == {"Jinshanwei Town", "Caojing Town"}


def test_the_template_lists_the_towns_in_the_readers_language() -> None:
    town = next(c for c in COLUMNS if c.code == "town")
    with translation.override("en"):
        assert [str(v) for v in town.allowed][:2] == ["Shihua Subdistrict", "Zhujing Town"]
        assert str(town.example) == "Jinshanwei Town" and "English name" in str(town.note)
    with translation.override("zh-hans"):
        assert [str(v) for v in town.allowed][:2] == ["石化街道", "朱泾镇"] and str(town.example) == "金山卫镇"
        assert "英文名" in str(town.note)


def test_the_register_filter_takes_any_name_of_a_town() -> None:
    make_units()
    register.import_csv(CSV, actor_label="tests")
    assert {e.name for e in register.entries({"town": "Caojing Town"})} == {"演示烧碱装置", "演示铝冶炼"}
    assert {e.name for e in register.entries({"town": "漕泾镇"})} == {"演示烧碱装置", "演示铝冶炼"}
    assert not register.entries({"town": "Mars Town"}).exists()


@pytest.mark.parametrize("written", ["漕泾镇", "Caojing Town", "CAOJING", "漕泾"])
def test_the_intake_stores_the_chinese_name_however_the_town_was_written(written: str) -> None:
    project = services.store_project(project_data(town=written), actor_label="office")
    assert Project.objects.get(pk=project.pk).town == "漕泾镇"


def test_the_intake_refuses_a_wrong_town_with_both_lists() -> None:
    with pytest.raises(ReviewInputError) as refused:
        services.check_project(project_data(town="Mars Town"))
    (issue,) = [i for i in refused.value.issues if i.field == "town"]
    zh, en = issue.reason.split(" / ", 1)
    assert "可填：石化街道、朱泾镇、" in zh and "accepted: Shihua Subdistrict, Zhujing Town, " in en
    assert Project.objects.count() == 0


def test_the_intake_api_takes_an_english_town_and_refuses_a_wrong_one_in_the_callers_language(
        client_as: ClientFactory) -> None:
    office = client_as("office")
    stored = post_json(office, "/api/v1/review/projects", project_data(town="Caojing Town"))
    assert (stored.status_code, stored.json()["town"]) == (201, "漕泾镇")
    refused = post_json(office, "/api/v1/review/projects", project_data(town="Mars Town"))
    assert refused.status_code == 422
    (error,) = refused.json()["errors"]
    assert error["field"] == "town" and "可填：石化街道、" in error["reason"] and "accepted" not in error["reason"]
    english = office.post("/api/v1/review/projects", data=json.dumps(project_data(town="火星")),
                          content_type="application/json", headers={"Accept-Language": "en"})
    (error,) = english.json()["errors"]
    assert "accepted: Shihua Subdistrict, Zhujing Town, " in error["reason"] and "石化街道" not in error["reason"]


def test_the_intake_form_offers_the_towns_in_the_readers_language(client_as: ClientFactory) -> None:
    english = client_as("office", "en").get("/review/assess/").content.decode()
    chinese = client_as("office").get("/review/assess/").content.decode()
    assert '<option value="Caojing Town">' in english and '<option value="漕泾镇">' not in english
    assert '<option value="漕泾镇">' in chinese and "Caojing" not in chinese


def _cells(page: str) -> str:
    """The page's text outside the filter's <select> (whose option values stay Chinese: what is submitted)."""
    return re.sub(r"<select.*?</select>", "", page, flags=re.S)


def test_the_register_pages_name_each_town_in_the_readers_language(client_as: ClientFactory) -> None:
    make_units()
    register.import_csv(CSV, actor_label="tests")
    entry = RegisterEntry.objects.filter(town="漕泾镇").first()
    assert entry is not None
    office = client_as("office", "en")
    english = office.get("/review/register/").content.decode()
    assert '<option value="漕泾镇">Caojing Town</option>' in english  # the value submitted stays Chinese
    assert "<td>Caojing Town</td>" in english and "<td>Jinshanwei Town</td>" in english
    assert "漕泾镇" not in _cells(english) and "金山卫镇" not in _cells(english)
    page = office.get(f"/review/register/{entry.pk}/").content.decode()
    assert "<dd>Caojing Town</dd>" in page and "漕泾镇" not in page
    chinese = client_as("office").get("/review/register/").content.decode()
    assert "<td>漕泾镇</td>" in chinese and "Caojing" not in chinese
    with CaptureQueriesContext(connection) as seen:
        office.get("/review/register/")
    places = [q for q in seen.captured_queries if "plan_department" in q["sql"] and "aliases" in q["sql"]]
    assert len(places) == 1  # the places looked up once for the page, not once a row


def test_the_queue_and_the_project_page_name_the_town_in_the_readers_language(client_as: ClientFactory) -> None:
    project = services.store_project(project_data(), actor_label="office")
    office = client_as("office", "en")
    queue = office.get("/review/").content.decode()
    assert "<td>Caojing Town</td>" in queue and "<td>漕泾镇</td>" not in queue
    page = office.get(f"/review/projects/{project.pk}/").content.decode()
    assert "<dd>Caojing Town</dd>" in page and "<dd>漕泾镇</dd>" not in page
    assert "<dd>漕泾镇</dd>" in client_as("office").get(f"/review/projects/{project.pk}/").content.decode()
