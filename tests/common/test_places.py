"""The district's places: the listed towns first, then those only the plan names; others refused."""

from __future__ import annotations

import pytest

from carbonpeak.common import places


def test_listed_towns_come_first_and_once() -> None:
    listed = places.listed_towns()
    assert "朱泾镇" in listed
    joined = places.with_listed(["金山卫镇", "某某园区"])
    assert joined[: len(listed)] == list(listed)
    assert joined.count("金山卫镇") == 1
    assert joined[-1] == "某某园区"


def test_an_unknown_place_is_refused_by_name() -> None:
    reason = places.town_problem("火星镇", places.listed_towns())
    assert reason is not None and "火星镇" in reason and "不是本区" in reason
    assert places.town_problem("朱泾镇", places.listed_towns()) is None
    assert places.town_problem("", ()) is None


# --- one lookup for every town typed or imported (issue 18: input the way people write it) ---------------------

PLACES = places.Places([
    places.Place("漕泾镇", "Caojing Town", "caojing"),
    places.Place("吕巷镇", "Lüxiang Town", "lvxiang"),
    places.Place("石化街道", "Shihua Subdistrict", "shihua"),
    places.Place("上海化学工业区", "Shanghai Chemical Industry Park", "chemical_industry_park"),
    "某某园区",  # a place with no English name or code
])


@pytest.mark.parametrize("written", [
    "漕泾镇", " 漕泾镇 ", "漕泾", "Caojing Town", "caojing town", "CAOJING", "Caojing", "caojing  Town",
    "Ｃａｏｊｉｎｇ",
])
def test_a_town_is_found_by_any_of_its_names(written: str) -> None:
    assert PLACES.canonical(written) == "漕泾镇"
    assert PLACES.problem(written) is None


@pytest.mark.parametrize(("written", "stored"), [
    ("Lüxiang Town", "吕巷镇"), ("lvxiang", "吕巷镇"), ("Luxiang", "吕巷镇"),
    ("Shihua Sub-district", "石化街道"), ("shihua subdistrict", "石化街道"), ("石化", "石化街道"),
    ("chemical_industry_park", "上海化学工业区"), ("shanghai chemical industry park", "上海化学工业区"),
    ("某某园区", "某某园区"),
])
def test_english_names_codes_and_short_forms_store_the_chinese_name(written: str, stored: str) -> None:
    assert PLACES.canonical(written) == stored


def test_a_wrong_name_is_refused_with_the_accepted_names_in_each_language() -> None:
    zh, en = PLACES.refusal("Mars Town") or ("", "")
    assert zh == "不是本区的镇、街道或园区：「Mars Town」，可填：漕泾镇、吕巷镇、石化街道、上海化学工业区、某某园区"
    assert en == ("not a town, sub-district or park of the district: 'Mars Town'; accepted: Caojing Town, "
                  "Lüxiang Town, Shihua Subdistrict, Shanghai Chemical Industry Park, 某某园区")
    assert "、" not in en.split("accepted: ")[1]
    assert PLACES.problem("Mars Town") == f"{zh} / {en}"
    assert PLACES.canonical("Mars Town") is None and "Mars Town" not in PLACES
    assert PLACES.refusal("Shihua Street") is not None  # a suffix the place does not have is no name of it
    assert PLACES.refusal("") is None


def test_a_short_form_two_places_share_finds_neither() -> None:
    """Zhujing Town and a Zhujing Subdistrict: "Zhujing" is refused rather than read as either."""
    two = places.Places([places.Place("朱泾镇", "Zhujing Town"), places.Place("朱泾街道", "Zhujing Subdistrict")])
    assert two.canonical("Zhujing") is None and two.canonical("朱泾") is None
    assert two.canonical("zhujing town") == "朱泾镇" and two.canonical("Zhujing Sub-district") == "朱泾街道"


def test_town_problem_takes_names_or_a_lookup() -> None:
    assert places.town_problem("Caojing", PLACES) is None
    assert places.town_problem("Caojing", ["漕泾镇"]) is not None  # bare names know no English
    assert places.town_problem("漕泾", ["漕泾镇"]) is None
