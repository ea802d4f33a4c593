"""Editing a reading by hand (人工修正): the raw value stays, the edit sits beside it, audited.

`edit_reading` sets the reading's `edited_value` and its EDITED flag, records a ChangeRecord
(entity `monitoring.reading`, key "METER@ISO-time") with the value before and after and the reason,
and re-judges the window around it (`ReadingStore.refresh`): VEE then uses the edited value, and the
rollups are corrected, all in one transaction. `edited_value=None` withdraws an edit. A reading of a
month archived and dropped from the hot table (`carbonpeak readings archive --drop`) is not edited:
the archive is written once, so the edit is refused, naming the month.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime

from django.db import transaction

from carbonpeak.audit.models import ChangeAction, ChangeRecord, stored_actor
from carbonpeak.monitoring.models import Meter, Reading
from carbonpeak.monitoring.problems import Issue, MonitoringInputError
from carbonpeak.monitoring.readings.parsing import parse_timestamp, parse_value
from carbonpeak.monitoring.readings.sql import epoch, moment
from carbonpeak.monitoring.readings.store import ReadingStore, flag_names
from carbonpeak.monitoring.vocabulary import Flag
from carbonpeak.people.permissions import AnyUser

AUDIT_ENTITY = "monitoring.reading"


def audit_key(meter: Meter, ts: datetime) -> str:
    return f"{meter.code}@{ts.isoformat()}"


def _instant(raw: datetime | int | str, issues: list[Issue]) -> int | None:
    if isinstance(raw, datetime | int):
        return epoch(raw)
    try:
        return parse_timestamp(raw)
    except ValueError as exc:
        issues.append(Issue("ts", str(exc)))
        return None


def edit_reading(meter: Meter, ts: datetime | int | str, edited_value: float | str | None, *, reason: str,
                 user: AnyUser | None = None, actor_label: str, store: ReadingStore | None = None) -> Reading:
    """Correct (or, with None, un-correct) the measured reading of `meter` at `ts`; MonitoringInputError
    names each bad field and nothing is changed."""
    store = store or ReadingStore()
    issues: list[Issue] = []
    when = _instant(ts, issues)
    value: float | None = None
    if edited_value is not None and edited_value != "":
        try:
            value = parse_value(edited_value)
        except ValueError as exc:
            issues.append(Issue("value", str(exc)))
    if not reason.strip():
        issues.append(Issue("reason", "须说明修改原因 / give the reason for the edit"))
    reading = None
    if when is not None and (month := store.dropped_month(when)) is not None:
        # The month lives in the Parquet archive: an edit here would change neither it nor the rollups.
        issues.append(Issue("ts", f"该读数所在月份（{month}）已归档并移出在线库，不能修改 / the reading's month "
                                  f"({month}) is archived and dropped from the hot table: it cannot be edited"))
        when = None
    if when is not None:
        reading = store.find_reading(meter.pk, moment(when))
        if reading is None:
            issues.append(Issue("ts", "该时间没有读数 / no reading of this meter at this time"))
        elif reading.estimated:
            issues.append(Issue("ts", "估算值不能修改，请补报读数 / an estimate cannot be edited: send the reading"))
    if issues or reading is None or when is None:
        raise MonitoringInputError(issues)
    with transaction.atomic():
        before = {"value": reading.value, "edited_value": reading.edited_value, "energy": reading.energy,
                  "flags": flag_names(reading.flags)}
        flags = reading.flags | Flag.EDITED if value is not None else reading.flags & ~Flag.EDITED
        store.mark_edit(meter.pk, reading.ts, value, int(flags))
        store.refresh([meter.pk], when, when)
        reading = store.get_reading(meter.pk, reading.ts)
        after = {"value": reading.value, "edited_value": reading.edited_value, "energy": reading.energy,
                 "flags": flag_names(reading.flags)}
        ChangeRecord.objects.create(actor=stored_actor(user), actor_label=actor_label, entity=AUDIT_ENTITY,
                                    entity_key=audit_key(meter, reading.ts), action=ChangeAction.UPDATED,
                                    before=_json(before), after=_json(after), reason=reason.strip()[:300])
    return reading


def _json(values: Mapping[str, object]) -> dict[str, object]:
    return {k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in values.items()}


def history(meter: Meter, ts: datetime) -> list[ChangeRecord]:
    """The edits of one reading, oldest first."""
    return list(ChangeRecord.objects.filter(entity=AUDIT_ENTITY, entity_key=audit_key(meter, ts)).order_by("at", "id"))
