"""统一社会信用代码 check (GB 32100-2015): valid codes pass, bad ones say why."""

from __future__ import annotations

import pytest

from carbonpeak.people.uscc import check_character, uscc_problem

VALID = ("91350100M000100Y43", "91440300708461136T", "91310116MA1JKD0G1K")


@pytest.mark.parametrize("code", VALID)
def test_valid_code_passes(code: str) -> None:
    assert uscc_problem(code) is None
    assert check_character(code[:17]) == code[17]


@pytest.mark.parametrize("code", ["", "91350100M000100Y4", "91350100M000100Y431"])
def test_wrong_length_is_named(code: str) -> None:
    reason = uscc_problem(code)
    assert reason is not None
    assert "18" in reason
    assert f"实为 {len(code)} 位" in reason


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_illegal_letter_is_named(letter: str) -> None:
    code = "91350100" + letter + "000100Y43"
    assert len(code) == 18
    reason = uscc_problem(code)
    assert reason is not None
    assert f"非法字符 {letter}" in reason
    assert "invalid characters" in reason


def test_lowercase_letters_are_illegal() -> None:
    reason = uscc_problem("91350100m000100y43")
    assert reason is not None
    assert "非法字符 my" in reason


@pytest.mark.parametrize("code", VALID)
def test_wrong_check_character_names_the_right_one(code: str) -> None:
    wrong = "0" if code[17] != "0" else "1"
    reason = uscc_problem(code[:17] + wrong)
    assert reason is not None
    assert f"校验位应为 {code[17]}" in reason
    assert f"should be {code[17]}" in reason


def test_check_value_31_maps_to_zero() -> None:
    # Σ = 0 → 31 − 0 = 31 → '0'; all-zero body gives check character '0'.
    assert check_character("0" * 17) == "0"
    assert uscc_problem("0" * 18) is None
