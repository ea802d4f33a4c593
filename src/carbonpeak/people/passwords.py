"""Password rules beyond Django's own (口令复杂度): a password mixes several kinds of character.

Django's validators check the length, the likeness to the user's name, the common-password list and
all-digit passwords; settings.AUTH_PASSWORD_VALIDATORS lists them with this one.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def character_classes(password: str) -> int:
    """How many of the four kinds a password uses: lower-case, upper-case, digits, anything else.

    Letters without case (汉字) count with the other characters: they are neither lower nor upper case.
    """
    kinds = (
        any(c.islower() for c in password),
        any(c.isupper() for c in password),
        any(c.isdigit() for c in password),
        any(not (c.islower() or c.isupper() or c.isdigit()) for c in password),
    )
    return sum(kinds)


class CharacterClassesValidator:
    """At least `min_classes` of: lower-case letters, upper-case letters, digits, other characters."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(self._message(), code="password_too_few_character_classes")

    def get_help_text(self) -> str:
        return self._message()

    def _message(self) -> str:
        return ngettext(
            "The password must mix at least %(n)d kind of character: lower-case letters, upper-case "
            "letters, digits, other characters.",
            "The password must mix at least %(n)d kinds of character: lower-case letters, upper-case "
            "letters, digits, other characters.",
            self.min_classes,
        ) % {"n": self.min_classes}


def same_as_old_message() -> str:
    return _("The new password must differ from the old one.")
