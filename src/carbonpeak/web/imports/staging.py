"""The uploaded bytes kept between the preview and the confirmation (`web.StagedUpload`).

One file per user and kind: a new upload replaces the one before (and gets a new id, so an old preview page
cannot confirm the new file). A file is kept a day; older ones are dropped whenever anyone uploads."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from carbonpeak.people.permissions import AnyUser
from carbonpeak.web.models import StagedUpload

LIFETIME = dt.timedelta(days=1)


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@transaction.atomic
def stage(user: User, kind: str, file_name: str, content: bytes) -> StagedUpload:
    now = timezone.now()
    StagedUpload.objects.filter(created__lt=now - LIFETIME).delete()
    StagedUpload.objects.filter(user=user, kind=kind).delete()
    return StagedUpload.objects.create(user=user, kind=kind, file_name=file_name[:255], sha256=digest(content),
                                       content=content, created=now)


def staged(user: AnyUser, kind: str, pk: int) -> StagedUpload | None:
    """The user's own staged file of this kind, if still kept and unchanged; None otherwise."""
    if not user.is_authenticated:
        return None
    row = StagedUpload.objects.filter(pk=pk, user_id=user.pk, kind=kind,
                                      created__gte=timezone.now() - LIFETIME).first()
    if row is None or digest(bytes(row.content)) != row.sha256:
        return None
    return row
