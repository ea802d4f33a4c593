"""common/names: a vocabulary read in every spelling people use, refusing the unknown with the list."""

from __future__ import annotations

import pytest

from carbonpeak.common.names import Name, UnknownName, Vocabulary, normalise, parse_percent, parse_share

FRUIT = Vocabulary.of("水果", "fruit", (
    Name("apple", "苹果", "Apple", ("红富士",)),
    Name("star_fruit", "杨桃", "Star fruit"),
))


@pytest.mark.parametrize("typed", ["apple", "APPLE", " Apple ", "苹果", "红富士", "ａｐｐｌｅ"])
def test_every_spelling_of_a_name_is_read(typed: str) -> None:
    assert FRUIT.resolve(typed, "fruit") == "apple"


@pytest.mark.parametrize("typed", ["star_fruit", "star fruit", "Star-Fruit", "杨桃", "STARFRUIT"])
def test_spaces_dashes_and_underscores_do_not_matter(typed: str) -> None:
    assert FRUIT.resolve(typed, "fruit") == "star_fruit"


def test_an_unknown_name_is_refused_naming_the_field_and_every_accepted_name() -> None:
    with pytest.raises(UnknownName) as caught:
        FRUIT.resolve("香蕉", "item[2].fruit")
    refusal = caught.value
    assert refusal.field == "item[2].fruit"
    assert refusal.accepted == ["apple", "star_fruit"]
    assert refusal.reason_zh == "未知水果「香蕉」，可填：苹果、杨桃"
    # Each language lists the names its reader writes; the codes are kept in `accepted` for the API.
    assert refusal.reason_en == "unknown fruit '香蕉'; accepted: Apple, Star fruit"
    assert refusal.reason == f"{refusal.reason_zh} / {refusal.reason_en}"


def test_an_empty_name_says_it_is_required_and_what_may_be_given() -> None:
    with pytest.raises(UnknownName) as caught:
        FRUIT.resolve("  ", "fruit")
    assert caught.value.reason_zh == "须填水果，可填：苹果、杨桃"


def test_a_long_list_is_cut_and_counted() -> None:
    many = Vocabulary.of("代码", "code", (Name(f"c{i}", f"名{i}", f"N{i}") for i in range(40)))
    with pytest.raises(UnknownName) as caught:
        many.resolve("x", "code")
    assert caught.value.reason_zh.endswith("名29 等 40 项")
    assert caught.value.reason_en.endswith("N29 and 10 more")


def test_two_entries_may_not_share_a_spelling() -> None:
    with pytest.raises(ValueError, match="names both"):
        Vocabulary.of("x", "x", (Name("a", "甲", "A"), Name("b", "甲", "B")))


def test_choices_are_in_the_reader_language() -> None:
    assert FRUIT.choices() == [("apple", "苹果"), ("star_fruit", "杨桃")]
    assert FRUIT.choices(english=True) == [("apple", "Apple"), ("star_fruit", "Star fruit")]


def test_normalise_folds_width_case_and_separators() -> None:
    assert normalise("万 m³") == normalise("万M3") == "万m3"
    assert normalise("kW·h") == "kwh"


@pytest.mark.parametrize(("typed", "share"), [("2%", 0.02), ("2 ％", 0.02), ("0.02", 0.02), ("12.5%", 0.125),
                                              ("1,000%", 10.0)])
def test_a_share_typed_in_percent_is_read_as_a_fraction(typed: str, share: float) -> None:
    assert parse_share(typed) == pytest.approx(share)


@pytest.mark.parametrize(("typed", "percent"), [("5%", 5.0), ("5", 5.0), ("7.5 ％", 7.5)])
def test_a_figure_asked_in_percent_takes_the_sign_or_not(typed: str, percent: float) -> None:
    assert parse_percent(typed) == pytest.approx(percent)


@pytest.mark.parametrize("typed", ["", "%", "two percent", "1,5%"])
def test_what_is_no_share_is_refused(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_share(typed)
