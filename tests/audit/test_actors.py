"""Who acted is named one way: a user by name (``api:`` through the API), a command with the OS user."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from carbonpeak.audit import actors


class _User:
    def __init__(self, name: str, authenticated: bool = True) -> None:
        self.name, self.is_authenticated = name, authenticated

    def get_username(self) -> str:
        return self.name


def test_a_signed_in_user_by_name_and_anyone_else_as_the_system() -> None:
    assert actors.of_user(_User("office")) == "office"
    assert actors.of_user(_User("", authenticated=False)) == actors.SYSTEM
    assert actors.of_user(None) == actors.SYSTEM


def test_a_page_and_an_api_call_name_their_user() -> None:
    request = SimpleNamespace(user=_User("eco"))
    assert actors.of_request(request) == "eco"
    assert actors.of_api_request(request) == "api:eco"


def test_a_command_names_itself_and_who_ran_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("USER", "zhang")
    assert actors.of_command("plan load") == "cli:plan load (zhang)"
    monkeypatch.delenv("USER")
    monkeypatch.delenv("USERNAME", raising=False)
    assert actors.of_command("setup") == "cli:setup (unknown)"
