"""Change records: who changed what, when, and what it was before (变更留痕), in a hash chain (防篡改).

Every record is chained to the one before it as it is saved (`audit/chain.py` says what the hash covers):
`ChangeRecord.objects.create(...)` in any room takes the chain head's lock, hashes the record over the head's
hash and moves the head on, all in the caller's transaction. Records are never changed or deleted through
the ORM: `save()` of a stored record, `delete()`, `update()` and `bulk_update()` refuse; `bulk_create()`
chains each record in turn.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models, router, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carbonpeak.audit import chain


class ChangeAction(models.TextChoices):
    CREATED = "created", _("Created")
    UPDATED = "updated", _("Updated")
    DELETED = "deleted", _("Deleted")


class ChangeRecordImmutable(Exception):
    """A change record may only be added, never changed or deleted."""

    def __init__(self, what: str) -> None:
        super().__init__(f"变更记录只能新增，不能{what} / change records can only be added, not {what}")


class ChainHead(models.Model):
    """The last position and hash of the chain: one row (id 1), locked by every writer of a change record,
    so two processes never chain onto the same record. Also shows records cut off at the end."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=chain.GENESIS)

    def __str__(self) -> str:
        return f"{self.seq} {self.hash}"


HEAD_ID = 1


def _take_head(using: str) -> ChainHead:
    """The chain head, locked until the caller's transaction ends.

    An UPDATE comes first: it takes the row lock on PostgreSQL and the write lock on SQLite even in a
    deferred transaction, before the head is read; a plain read first could see a head another writer
    is about to move (a fork)."""
    heads = ChainHead.objects.using(using)
    if not heads.filter(pk=HEAD_ID).update(seq=F("seq")):
        # No head yet (a flushed test database): start it from the chain's last record.
        tail = (ChangeRecord.objects.using(using).exclude(seq=None).order_by("-seq")
                .values_list("seq", "record_hash").first())
        start = ChainHead(pk=HEAD_ID, seq=tail[0] or 0, hash=tail[1]) if tail else ChainHead(pk=HEAD_ID)
        heads.bulk_create([start], ignore_conflicts=True)
        heads.filter(pk=HEAD_ID).update(seq=F("seq"))
    return heads.get(pk=HEAD_ID)


class ChangeRecordQuerySet(models.QuerySet["ChangeRecord"]):
    def update(self, **kwargs: Any) -> int:
        raise ChangeRecordImmutable("修改 changed")

    def bulk_update(self, objs: Iterable[ChangeRecord], fields: Any, batch_size: int | None = None) -> int:
        raise ChangeRecordImmutable("修改 changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ChangeRecordImmutable("删除 deleted")

    def bulk_create(self, objs: Iterable[ChangeRecord], *args: Any, **kwargs: Any) -> list[ChangeRecord]:
        """Each record chained in turn, in one transaction (the options of a bulk insert do not apply)."""
        records = list(objs)
        with transaction.atomic(using=self.db):
            for record in records:
                record.save(using=self.db)
        return records


class ChangeRecord(models.Model):
    """One change to one object. `before`/`after` hold only the fields that changed."""

    # The server's time at saving (set by save(), whatever the caller passes): the hash covers it.
    at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # For changes made outside a login (CLI, set-up): who ran it and with what.
    actor_label = models.CharField(max_length=200)
    entity = models.CharField(max_length=60)
    entity_key = models.CharField(max_length=200)
    action = models.CharField(max_length=10, choices=ChangeAction.choices)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    # The chain (audit/chain.py): position from 1, the previous record's hash and this one's.
    seq = models.BigIntegerField(unique=True, null=True, editable=False)
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    record_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = ChangeRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["entity", "entity_key"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.entity} {self.entity_key}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ChangeRecordImmutable("修改 changed")
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            head = _take_head(using)
            self.at = timezone.now()
            self.seq, self.prev_hash = head.seq + 1, head.hash
            self.record_hash = chain.link_hash(self.chained_fields(), head.hash)
            kwargs["force_insert"] = True
            super().save(*args, **kwargs)
            ChainHead.objects.using(using).filter(pk=HEAD_ID).update(seq=self.seq, hash=self.record_hash)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ChangeRecordImmutable("删除 deleted")

    def chained_fields(self) -> dict[str, Any]:
        """The hashed fields as the database will give them back (text as text, JSON through JSON)."""
        for name in ("actor_label", "entity", "entity_key", "action", "reason"):
            setattr(self, name, str(getattr(self, name)))
        encoder = ChangeRecord._meta.get_field("before").encoder
        stored = {name: json.loads(json.dumps(getattr(self, name), cls=encoder)) for name in ("before", "after")}
        return {"seq": self.seq, "at": self.at, "actor_label": self.actor_label, "entity": self.entity,
                "entity_key": self.entity_key, "action": self.action, **stored, "reason": self.reason}


def stored_actor(user: Any) -> Any:
    """The user to store as a change's actor: None for anonymous callers and command-line runs."""
    return user if user is not None and user.is_authenticated else None


def diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields whose values differ, as (before, after) dictionaries."""
    keys = sorted(set(before) | set(after))
    changed = [k for k in keys if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in changed}, {k: after.get(k) for k in changed}
