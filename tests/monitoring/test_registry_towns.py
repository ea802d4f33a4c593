"""Key units take their town the way people write it (issue 18, item 2): the units import (command and page) and
the unit form read a place's Chinese name, its English name (any case, with or without "Town") or its code
through the one lookup (`plan.queries.known_places`) and store the Chinese name; a wrong name is refused with
the accepted names in the reader's language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.utils import translation

from carbonpeak.cli import main
from carbonpeak.monitoring.imports import UNIT_TEMPLATE, UNITS
from carbonpeak.monitoring.models import KeyUnit
from carbonpeak.monitoring.problems import MonitoringInputError
from carbonpeak.monitoring.registry import services as registry
from tests.conftest import ClientFactory
from tests.imports_support import check, store
from tests.monitoring.support import USCC_A, USCC_B

Capsys = pytest.CaptureFixture[str]
pytestmark = pytest.mark.django_db

HEADER = "code,name,uscc,industry_code,town,data_center"
ENGLISH = f"""{HEADER}
U1,金山示范新材料,{USCC_A},2614,Jinshanwei Town,否
U2,漕泾示范化工,{USCC_B},2612,caojing,否
U3,石化示范厂,{USCC_B},2612,SHIHUA SUB-DISTRICT,否
"""
CHINESE = ENGLISH.replace("Jinshanwei Town", "金山卫镇").replace("caojing", "漕泾镇").replace(
    "SHIHUA SUB-DISTRICT", "石化街道")
WRONG = ENGLISH.replace("caojing", "Mars Town")
STORED = {"U1": "金山卫镇", "U2": "漕泾镇", "U3": "石化街道"}


def _towns() -> dict[str, str]:
    return dict(KeyUnit.objects.values_list("code", "town"))


@pytest.mark.parametrize("text", [ENGLISH, CHINESE], ids=["english", "chinese"])
def test_the_units_command_stores_the_chinese_name(tmp_path: Path, text: str) -> None:
    path = tmp_path / "units.csv"
    path.write_text(text, encoding="utf-8")
    assert main(["units", "import", str(path)]) == 0
    assert _towns() == STORED
    other = tmp_path / "again.csv"
    other.write_text(CHINESE if text == ENGLISH else ENGLISH, encoding="utf-8")
    assert main(["units", "import", str(other)]) == 0  # the other language's names: the same places, no change
    assert _towns() == STORED


def test_a_wrong_town_is_refused_by_the_command_with_both_lists(tmp_path: Path, capsys: Capsys) -> None:
    path = tmp_path / "units.csv"
    path.write_text(WRONG, encoding="utf-8")
    assert main(["units", "import", str(path), "--json"]) == 1
    (error,) = json.loads(capsys.readouterr().out)["errors"]
    assert (error["row"], error["field"]) == (3, "town")
    assert "不是本区的镇、街道或园区：「Mars Town」，可填：石化街道、朱泾镇、" in error["reason"]
    assert "accepted: Shihua Subdistrict, Zhujing Town, " in error["reason_en"] and "、" not in error["reason_en"]
    assert not KeyUnit.objects.exists()


def test_the_import_page_reads_english_towns_and_refuses_a_wrong_one_in_the_readers_language() -> None:
    preview = check(UNITS, ENGLISH.encode(), "units.csv", "en")
    assert (preview.problems, preview.rows_ok) == ([], 3)
    assert [row[4] for row in preview.sample] == ["Jinshanwei Town", "Caojing Town", "Shihua Subdistrict"]
    store(UNITS, ENGLISH.encode(), "units.csv")
    assert _towns() == STORED
    for language, opening, listed, absent in (
        ("zh-hans", "不是本区的镇、街道或园区：「Mars Town」", "金山卫镇、漕泾镇", "Caojing"),
        ("en", "not a town, sub-district or park of the district: 'Mars Town'", "Jinshanwei Town, Caojing Town",
         "漕泾镇"),
    ):
        (problem,) = check(UNITS, WRONG.encode(), "units.csv", language).problems
        reason = problem.reason_in(language)
        assert (problem.row, reason.startswith(opening), listed in reason, absent in reason) == (3, True, True, False)


def test_the_template_lists_the_towns_in_the_readers_language() -> None:
    town = next(c for c in UNIT_TEMPLATE if c.code == "town")
    with translation.override("en"):
        assert "Caojing Town" in [str(v) for v in town.allowed] and str(town.example) == "Jinshanwei Town"
        assert "English name" in str(town.note)
    with translation.override("zh-hans"):
        assert "漕泾镇" in [str(v) for v in town.allowed] and str(town.example) == "金山卫镇"
        assert not any("Caojing" in str(v) for v in town.allowed) and "英文名" in str(town.note)


def test_the_unit_form_takes_an_english_town() -> None:
    unit = registry.save_unit({"code": "U9", "name": "金山示范厂", "uscc": USCC_A, "industry_code": "2614",
                               "town": "Caojing Town", "is_data_centre": False}, actor_label="tests")
    assert unit.town == "漕泾镇"
    with pytest.raises(MonitoringInputError) as refused:
        registry.save_unit({"code": "U9", "name": "金山示范厂", "uscc": USCC_A, "industry_code": "2614",
                            "town": "Mars", "is_data_centre": False}, unit=unit, actor_label="tests")
    (issue,) = refused.value.issues
    assert issue.field == "town" and "可填：石化街道、" in issue.reason
    assert "accepted: Shihua Subdistrict, " in issue.reason
    assert KeyUnit.objects.get(code="U9").town == "漕泾镇"


def test_the_unit_pages_name_the_town_in_the_readers_language(client_as: ClientFactory) -> None:
    registry.save_unit({"code": "U9", "name": "金山示范厂", "uscc": USCC_A, "industry_code": "2614",
                        "town": "漕泾镇", "is_data_centre": False}, actor_label="tests")
    english = client_as("office", "en").get("/monitoring/units/").content.decode()
    assert '<option value="漕泾镇">Caojing Town</option>' in english  # the filter's value stays the stored name
    assert "<td>Caojing Town</td>" in english and "<td>漕泾镇</td>" not in english
    chinese = client_as("office").get("/monitoring/units/").content.decode()
    assert "<td>漕泾镇</td>" in chinese and "Caojing" not in chinese
    form = client_as("office", "en").get("/monitoring/units/U9/edit").content.decode()
    assert '<option value="漕泾镇" selected>Caojing Town</option>' in form
    assert '<option value="石化街道">Shihua Subdistrict</option>' in form
