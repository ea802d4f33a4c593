"""The password rules: length, three kinds of character, not like the user name, not a common password."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings

from carbonpeak.people.passwords import CharacterClassesValidator, character_classes
from tests.conftest import UserGetter


@pytest.mark.parametrize("password", ["12345678", "password", "Short1!", "alllowercaseletters", "abcdefghij12",
                                      "1234567890123", "Password123"])
def test_weak_passwords_are_refused(user: UserGetter, password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password, user("eco"))


def test_a_password_like_the_user_name_is_refused(user: UserGetter) -> None:
    with pytest.raises(ValidationError):
        validate_password("Greening-2026", user("greening"))


def test_a_long_mixed_password_is_accepted(user: UserGetter) -> None:
    validate_password("Tide-Harbour-58", user("eco"))


@pytest.mark.parametrize(("password", "kinds"), [("abc", 1), ("abC", 2), ("abC1", 3), ("abC1-", 4), ("碳达峰1", 2)])
def test_character_classes_counts_the_kinds_used(password: str, kinds: int) -> None:
    assert character_classes(password) == kinds


def test_the_rules_are_settings(user: UserGetter) -> None:
    rules = [
        {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 16}},
        {"NAME": "carbonpeak.people.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 4}},
    ]
    with override_settings(AUTH_PASSWORD_VALIDATORS=rules), pytest.raises(ValidationError):
        validate_password("Tide-Harbour-58", user("eco"))  # 15 characters
    CharacterClassesValidator(min_classes=4).validate("Tide-Harbour-58")
    with pytest.raises(ValidationError):
        CharacterClassesValidator(min_classes=4).validate("TideHarbour58")


def test_default_rules_are_ten_characters_and_three_kinds() -> None:
    from django.conf import settings

    assert settings.CARBONPEAK_PASSWORD_MIN_LENGTH == 10
    assert settings.CARBONPEAK_PASSWORD_MIN_CLASSES == 3
