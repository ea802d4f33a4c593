"""Demo users and demo data that `carbonpeak setup` creates, one per role.

The demo password is public (README); a real installation removes these users or sets
CARBONPEAK_DEMO_USERS=0 before `setup`. With CARBONPEAK_DEMO_USERS=0, a demo account that exists anyway
(made by an earlier `setup`, or by this module) must change its password at its first login.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from carbonpeak.people.models import Enterprise, Profile, Role
from carbonpeak.plan.models import Department

DEMO_PASSWORD = "carbonpeak-demo"


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: Role
    description: str
    department_code: str | None = None
    enterprise_uscc: str | None = None


DEMO_ENTERPRISES = (
    # Fictitious enterprises with check-digit-valid 统一社会信用代码 (GB 32100-2015).
    ("金山示范新材料有限公司（演示）", "91310116MA1JKD0G1K"),
)

DEMO_USERS = (
    DemoUser("office", Role.OFFICE, "区碳达峰碳中和工作领导小组办公室（区发改委）"),
    DemoUser("eco", Role.DEPARTMENT, "区经委 department user", department_code="eco"),
    DemoUser("greening", Role.DEPARTMENT, "区绿化市容局 department user", department_code="greening"),
    DemoUser("fengjing", Role.DEPARTMENT, "枫泾镇 town user", department_code="fengjing"),
    DemoUser("enterprise", Role.ENTERPRISE, "enterprise user", enterprise_uscc="91310116MA1JKD0G1K"),
    DemoUser("leader", Role.VIEWER, "区领导 (read-only)"),
)


@transaction.atomic
def ensure_demo_users() -> list[DemoUser]:
    """Create the demo users if missing; never touch a password a person has changed."""
    User = get_user_model()
    for name, uscc in DEMO_ENTERPRISES:
        Enterprise.objects.get_or_create(uscc=uscc, defaults={"name": name})
    created = []
    for demo in DEMO_USERS:
        user, made = User.objects.get_or_create(username=demo.username)
        if made:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = demo.role is Role.OFFICE
            user.save()
            created.append(demo)
        binding = {
            "role": demo.role,
            "department": Department.objects.get(code=demo.department_code) if demo.department_code else None,
            "enterprise": Enterprise.objects.get(uscc=demo.enterprise_uscc) if demo.enterprise_uscc else None,
        }
        # On a real installation a new demo account opens with the forced change of its public password.
        Profile.objects.update_or_create(
            user=user, defaults=binding,
            create_defaults={**binding, "must_change_password": not settings.CARBONPEAK_DEMO_USERS},
        )
    return created


DEMO_USERNAMES = frozenset(d.username for d in DEMO_USERS)


def require_change_of_demo_password(user: Any) -> bool:
    """On a real installation: flag a demo account still on the public password; True if flagged now."""
    if user.get_username() not in DEMO_USERNAMES:
        return False
    profile = Profile.objects.filter(user=user).first()
    if profile is None or profile.must_change_password or not user.check_password(DEMO_PASSWORD):
        return False
    profile.must_change_password = True
    profile.save(update_fields=["must_change_password"])
    return True
