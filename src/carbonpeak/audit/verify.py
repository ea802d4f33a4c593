"""Check the change records' hash chain as stored: `carbonpeak audit verify` and the check after a restore.

The head is read first and the records up to it are checked: records added meanwhile wait for the next
check. Records are read in chain order, unchained ones (no position) first, in chunks, so a long chain is checked
in constant memory; `progress` hears how many were read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.db.models import F, Q

from carbonpeak.audit import chain
from carbonpeak.audit.models import HEAD_ID, ChainHead, ChangeRecord

FIELDS = ("id", "prev_hash", "record_hash", *chain.FIELDS)
CHUNK = 2000


def _records(head: chain.Head | None, progress: Callable[[int], object] | None) -> Iterator[dict[str, Any]]:
    rows = ChangeRecord.objects.order_by(F("seq").asc(nulls_first=True), "id").values(*FIELDS)
    if head is not None:
        # Records chained after the head was read belong to the next check, not to this one.
        rows = rows.filter(Q(seq__isnull=True) | Q(seq__lte=head.seq))
    for i, row in enumerate(rows.iterator(chunk_size=CHUNK), start=1):
        if progress is not None and i % CHUNK == 0:
            progress(CHUNK)
        yield row


def stored_head() -> chain.Head | None:
    head = ChainHead.objects.filter(pk=HEAD_ID).first()
    return chain.Head(head.seq, head.hash) if head else None


def verify(progress: Callable[[int], object] | None = None) -> tuple[int, chain.BrokenLink | None]:
    """How many records were checked and the first broken link (None: the chain holds)."""
    head = stored_head()
    return chain.first_break(_records(head, progress), head)


def total() -> int:
    return ChangeRecord.objects.count()
