"""Shared fixtures: the bundled Jinshan plan, factor sets, one demo user per role and the demo
district's accounting data, loaded once.

Every database test runs inside a transaction that is rolled back, so tests may change
the plan freely without affecting each other.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client

from carbonpeak.accounting.demo import load_demo_accounting
from carbonpeak.accounting.services import sync_bundled_factor_sets
from carbonpeak.cli import bundled_plan_path
from carbonpeak.people.demo import ensure_demo_users
from carbonpeak.plan.models import Plan
from carbonpeak.plan.services import load_plan_from_path


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        load_plan_from_path(bundled_plan_path(), actor_label="tests")
        sync_bundled_factor_sets(actor_label="tests")
        ensure_demo_users()
        load_demo_accounting(actor_label="tests")
    yield


@pytest.fixture
def plan_path() -> Path:
    return bundled_plan_path()


@pytest.fixture
def plan(db: None) -> Plan:
    return Plan.objects.get(code="jinshan-2023")


@pytest.fixture
def user(db: None) -> UserGetter:
    return UserGetter()


class UserGetter:
    """users('eco') → the demo user; roles: office, eco/greening/fengjing, enterprise, leader."""

    def __call__(self, username: str) -> AbstractBaseUser:
        return get_user_model().objects.get(username=username)


@pytest.fixture
def client_as(db: None) -> ClientFactory:
    return ClientFactory()


class ClientFactory:
    def __call__(self, username: str | None, language: str = "zh-hans") -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        if username is not None:
            client.force_login(get_user_model().objects.get(username=username))
        return client


@pytest.fixture
def typed_saving(db: None) -> None:
    """The 百一 saving (task 26, ☆区经委) as a plan that does not derive it from the meters would
    have it: typed by its lead department. Many tests use it as the indicator 区经委 enters."""
    from carbonpeak.indicators.models import Indicator

    Indicator.objects.filter(code="industrial_energy_saving_annual").update(derived="")
