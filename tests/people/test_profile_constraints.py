"""The database itself refuses a profile whose binding does not match its role."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from carbonpeak.people.models import Enterprise, Profile, Role
from carbonpeak.plan.models import Department


@pytest.fixture
def new_user(db: None) -> User:
    return get_user_model().objects.create_user(username="constraint-probe", password="x")


def _save_fails(**fields: object) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Profile.objects.create(**fields)


def test_department_profile_without_department_is_refused(new_user: User) -> None:
    _save_fails(user=new_user, role=Role.DEPARTMENT, department=None)


def test_office_profile_with_department_is_refused(new_user: User) -> None:
    _save_fails(user=new_user, role=Role.OFFICE, department=Department.objects.get(code="eco"))


def test_viewer_profile_with_department_is_refused(new_user: User) -> None:
    _save_fails(user=new_user, role=Role.VIEWER, department=Department.objects.get(code="eco"))


def test_enterprise_profile_without_enterprise_is_refused(new_user: User) -> None:
    _save_fails(user=new_user, role=Role.ENTERPRISE, enterprise=None)


def test_department_profile_with_enterprise_too_is_refused(new_user: User) -> None:
    _save_fails(user=new_user, role=Role.DEPARTMENT, department=Department.objects.get(code="eco"),
                enterprise=Enterprise.objects.first())


def test_unknown_role_is_refused(new_user: User) -> None:
    _save_fails(user=new_user, role="superhero")


@pytest.mark.parametrize(
    ("role", "department", "with_enterprise"),
    [(Role.DEPARTMENT, "eco", False), (Role.ENTERPRISE, None, True),
     (Role.OFFICE, None, False), (Role.VIEWER, None, False)],
)
def test_profile_bound_as_its_role_requires_is_saved(
    new_user: User, role: Role, department: str | None, with_enterprise: bool
) -> None:
    profile = Profile.objects.create(
        user=new_user, role=role,
        department=Department.objects.get(code=department) if department else None,
        enterprise=Enterprise.objects.first() if with_enterprise else None,
    )
    assert Profile.objects.filter(pk=profile.pk, role=role).exists()
