"""Monitoring alerts (监测告警): opened by the rules, acknowledged and closed with a note, audited.

`evaluate(now)` runs the rules of `alert_rules` over what the rollups say (`alert_facts`) and is
idempotent: an alert not closed is unique per (unit, kind, subject) (a database constraint), so a
finding already open is kept (its value and `last_seen` refreshed), a new one is opened, and an open
alert whose condition no longer holds is closed with an automatic note. An alert a person closed is
not opened again for the same subject. Every change leaves a ChangeRecord (entity `monitoring.alert`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from carbonpeak.audit.models import ChangeAction, ChangeRecord, stored_actor
from carbonpeak.monitoring.alerts.facts import Finding, gather
from carbonpeak.monitoring.models import Alert
from carbonpeak.monitoring.vocabulary import AlertKind, AlertState
from carbonpeak.people.permissions import AnyUser

AUDIT_ENTITY = "monitoring.alert"
RECOVERED_NOTE = "系统自动关闭：条件已恢复 / closed automatically: the condition no longer holds"


class AlertError(ValueError):
    """An alert action refused; `field` names what was wrong (the note, the state)."""

    def __init__(self, message: str, field: str = "state"):
        super().__init__(message)
        self.field = field


def _record(alert: Alert, action: ChangeAction, before: dict[str, Any], after: dict[str, Any], reason: str,
            user: AnyUser | None, actor_label: str) -> None:
    ChangeRecord.objects.create(actor=stored_actor(user), actor_label=actor_label, entity=AUDIT_ENTITY,
                                entity_key=str(alert.pk), action=action, before=before, after=after, reason=reason)


@transaction.atomic
def acknowledge(alert: Alert, *, user: AnyUser | None = None, actor_label: str) -> Alert:
    """The office has seen the alert and is on it (it stays until closed)."""
    alert = Alert.objects.select_for_update().select_related("unit").get(pk=alert.pk)
    if alert.state != AlertState.OPEN.value:
        raise AlertError(f"只能确认未处理的告警（当前：{alert.state}）/ only an open alert can be acknowledged "
                         f"(it is {alert.state})")
    alert.state, alert.acknowledged, alert.acknowledged_by = AlertState.ACKNOWLEDGED.value, timezone.now(), \
        stored_actor(user)
    alert.save(update_fields=["state", "acknowledged", "acknowledged_by"])
    _record(alert, ChangeAction.UPDATED, {"state": AlertState.OPEN.value},
            {"state": alert.state}, "alert acknowledged", user, actor_label)
    return alert


@transaction.atomic
def close(alert: Alert, note: str, *, user: AnyUser | None = None, actor_label: str) -> Alert:
    """Close the alert with a note saying what was done or why it does not matter."""
    note = note.strip()
    if not note:
        raise AlertError("关闭告警须填写说明 / a note is required to close an alert", field="note")
    alert = Alert.objects.select_for_update().select_related("unit").get(pk=alert.pk)
    if alert.state == AlertState.CLOSED.value:
        raise AlertError("告警已关闭 / the alert is already closed")
    before = alert.state
    alert.state, alert.closed, alert.closed_by, alert.note = AlertState.CLOSED.value, timezone.now(), \
        stored_actor(user), note
    alert.save(update_fields=["state", "closed", "closed_by", "note"])
    _record(alert, ChangeAction.UPDATED, {"state": before}, {"state": alert.state, "note": note}, "alert closed",
            user, actor_label)
    return alert


@dataclass
class EvaluationSummary:
    opened: int = 0
    kept: int = 0
    closed: int = 0
    findings: list[Finding] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {"opened": self.opened, "kept": self.kept, "closed": self.closed}


def _judged(alert: Alert, judged: set[tuple[int, str, str]]) -> bool:
    """Whether this run looked at the alert's subject (silence: the unit's current state decides all)."""
    if alert.kind == AlertKind.SILENT.value:
        return (alert.unit_id, alert.kind, "*") in judged
    return (alert.unit_id, alert.kind, alert.subject) in judged


@transaction.atomic
def evaluate(now: datetime | None = None, *, actor_label: str = "monitoring alerts") -> EvaluationSummary:
    """Run every rule once (idempotent; run daily). See the module docstring."""
    at = now or timezone.now()
    facts = gather(int(at.timestamp()))
    summary = EvaluationSummary(findings=facts.findings)
    found = {(f.unit.pk, f.finding.kind.value, f.subject): f for f in facts.findings}
    live = {(a.unit_id, a.kind, a.subject): a for a in
            Alert.objects.select_for_update().exclude(state=AlertState.CLOSED.value).order_by()}
    closed_by_person = set(Alert.objects.filter(state=AlertState.CLOSED.value, auto_closed=False)
                           .values_list("unit_id", "kind", "subject"))
    for key, f in found.items():
        alert = live.get(key)
        if alert is not None:
            alert.value, alert.limit, alert.last_seen = f.finding.value, f.finding.limit, at
            alert.message_zh, alert.message_en = f.finding.message_zh[:300], f.finding.message_en[:300]
            alert.save(update_fields=["value", "limit", "last_seen", "message_zh", "message_en"])
            summary.kept += 1
        elif key not in closed_by_person:
            alert = Alert.objects.create(unit=f.unit, kind=key[1], subject=f.subject, value=f.finding.value,
                                         limit=f.finding.limit, message_zh=f.finding.message_zh[:300],
                                         message_en=f.finding.message_en[:300], last_seen=at)
            _record(alert, ChangeAction.CREATED, {}, {"kind": alert.kind, "subject": alert.subject,
                                                       "value": alert.value, "limit": alert.limit},
                    "alert opened", None, actor_label)
            summary.opened += 1
    for key, alert in live.items():
        if key in found or not _judged(alert, facts.judged):
            continue
        before = alert.state
        alert.state, alert.closed, alert.note, alert.auto_closed = AlertState.CLOSED.value, at, RECOVERED_NOTE, True
        alert.save(update_fields=["state", "closed", "note", "auto_closed"])
        _record(alert, ChangeAction.UPDATED, {"state": before}, {"state": alert.state, "note": alert.note},
                "alert closed: recovered", None, actor_label)
        summary.closed += 1
    return summary
