"""Who uses CarbonPeak and in what role (角色)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from carbonpeak.plan.models import Department


class Role(models.TextChoices):
    OFFICE = "office", _("Office administrator")  # 区碳达峰碳中和工作领导小组办公室
    DEPARTMENT = "department", _("Department user")
    ENTERPRISE = "enterprise", _("Enterprise user")
    VIEWER = "viewer", _("Leader (read-only)")


class Enterprise(models.Model):
    """An enterprise that reports its own data (重点用能单位 and others)."""

    name = models.CharField(max_length=200)
    # 统一社会信用代码 (GB 32100-2015), 18 characters.
    uscc = models.CharField(max_length=18, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(max_length=12, choices=Role.choices)
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    enterprise = models.ForeignKey(
        Enterprise, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    # Set when someone else chose the password (the office, or the demo set-up on a real installation):
    # the user must choose their own before opening any page (people/middleware.py).
    must_change_password = models.BooleanField(
        default=False, verbose_name=_("Must change password at next login")
    )
    # When the user last chose their password (定期更换): past CARBONPEAK_PASSWORD_MAX_AGE_DAYS they must
    # choose a new one. Empty until the first login after this field came, which starts the count.
    password_changed = models.DateTimeField(null=True, blank=True, verbose_name=_("Password last changed"))

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="profile_role_valid"),
            # A department user is bound to exactly one department, an enterprise user to
            # one enterprise, and nobody else to either.
            models.CheckConstraint(
                condition=(
                    Q(role=Role.DEPARTMENT, department__isnull=False, enterprise__isnull=True)
                    | Q(role=Role.ENTERPRISE, enterprise__isnull=False, department__isnull=True)
                    | Q(role__in=[Role.OFFICE, Role.VIEWER], department__isnull=True, enterprise__isnull=True)
                ),
                name="profile_binding_matches_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


class ApiToken(models.Model):
    """A bearer token for machines calling the API as its user (接口令牌); only its SHA-256 is stored.

    The office issues and revokes tokens on its 接口令牌 page or with `carbonpeak tokens` (people/tokens.py);
    the clear text is shown once, when issued. A revoked or expired token is refused (http/auth.py) but kept,
    with its audit records, for the record.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    # Refused from this moment on (the start of the expiry day, Beijing time); None: until revoked.
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)
    last_used = models.DateTimeField(null=True, blank=True)  # noted at most once a minute

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.user}: {self.name}"

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def is_live(self, now: dt.datetime) -> bool:
        """Neither revoked nor expired at `now`."""
        return self.revoked is None and (self.expires_at is None or now < self.expires_at)

    @classmethod
    def issue(cls, user: models.Model, name: str, *, expires_at: dt.datetime | None = None,
              created_by: models.Model | None = None) -> tuple[ApiToken, str]:
        """Create a token; the clear text is returned once and never stored.

        The bare step, without checks or audit record: people/tokens.py `issue` is what the page and
        the command call.
        """
        clear = "cp_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, digest=cls.digest_of(clear), expires_at=expires_at,
                                   created_by=created_by)
        return token, clear
