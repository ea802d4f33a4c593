"""Indicators with the database: observations stored with history, progress evaluated.

The rules are in the pure modules `progress` (status) and `observations` (rows, units);
this module reads and writes the models around them. Every write is one transaction and
leaves an audit.ChangeRecord with the fields before and after.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from carbonpeak.audit.models import ChangeAction, ChangeRecord, diff, stored_actor
from carbonpeak.common.issues import InputIssue
from carbonpeak.common.names import normalise
from carbonpeak.common.uploads import EvidenceRejected, check_upload
from carbonpeak.indicators.evaluation import DERIVED_NOT_ENTERED, catalogue, info_of
from carbonpeak.indicators.models import (
    Indicator,
    Observation,
    Origin,
)
from carbonpeak.indicators.observations import (
    CheckedRows,
    ObservationInputError,
    ObservationRow,
    check_rows,
    with_codes,
)
from carbonpeak.indicators.warnings import raise_warnings
from carbonpeak.people.permissions import AnyUser
from carbonpeak.plan.models import Plan

_HISTORY_FIELDS = (*Observation.public_fields, "provenance", "derived_value", "report_id")


def _snapshot(o: Observation) -> dict[str, Any]:
    return {name: getattr(o, name) for name in _HISTORY_FIELDS}


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int
    skipped: list[InputIssue]

    def as_dict(self) -> dict[str, Any]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "skipped": [i.as_dict() for i in self.skipped]}


def _fields(row: ObservationRow, origin: Origin, source: str, derivation: str, illustrative: bool) -> dict[str, Any]:
    return {
        "period_start": row.period_start, "period_end": row.period_end, "value": row.value,
        "reference_value": row.reference_value, "entered_value": row.entered_value,
        "entered_unit": row.entered_unit, "source": row.source or source, "origin": origin,
        "derivation": derivation, "illustrative": illustrative, "note": row.note,
        # A new value forgets what made the one it replaces (a derivation or a report sets its own).
        "provenance": {}, "report": None,
    }


def _upsert(indicator: Indicator, row: ObservationRow, values: dict[str, Any], user: AnyUser | None,
            actor_label: str, reason: str) -> str:
    # order_by(): the default ordering joins the indicator's nullable action, which
    # PostgreSQL will not lock FOR UPDATE.
    existing = (Observation.objects.select_for_update().filter(indicator=indicator, period=row.period)
                .order_by().first())
    key = f"{indicator.plan.code}/{indicator.code}/{row.period}"
    actor = stored_actor(user)
    if existing is None:
        created = Observation.objects.create(indicator=indicator, period=row.period, entered_by=actor,
                                             entered_by_label=actor_label, **values)
        ChangeRecord.objects.create(actor=actor, actor_label=actor_label, entity="observation", entity_key=key,
                                    action=ChangeAction.CREATED, before={}, after=_json(_snapshot(created)),
                                    reason=reason)
        return "created"
    changed_before, changed_after = _changed(existing, values)
    if not changed_before and not changed_after:
        return "unchanged"
    existing.entered_by, existing.entered_by_label = actor, actor_label
    existing.save()
    ChangeRecord.objects.create(actor=actor, actor_label=actor_label, entity="observation", entity_key=key,
                                action=ChangeAction.UPDATED, before=changed_before, after=changed_after,
                                reason=reason)
    return "updated"


def _changed(existing: Observation, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """`existing` given the row's values in memory (the precedence of an official value applied), and its
    history fields that change, before and after; saves nothing."""
    values = _precedence(existing, values)
    before = _json(_snapshot(existing))
    for name, value in values.items():
        setattr(existing, name, value)
    return diff(before, _json(_snapshot(existing)))


def _precedence(existing: Observation, values: dict[str, Any]) -> dict[str, Any]:
    """An official value outranks a derived one: a new derivation only refreshes the computed value
    kept beside it; an official value over a derived one keeps the derived value beside it."""
    if existing.origin == Origin.OFFICIAL and values["origin"] == Origin.DERIVED:
        return {"derived_value": values["value"], "provenance": values.get("provenance", existing.provenance),
                "derivation": values["derivation"]}
    if values["origin"] == Origin.OFFICIAL and existing.origin in (Origin.DERIVED, Origin.OFFICIAL):
        computed = existing.value if existing.origin == Origin.DERIVED else existing.derived_value
        return {**values, "derived_value": computed, "provenance": existing.provenance,
                "derivation": existing.derivation}
    return values


def _json(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in values.items()}


def store_rows(plan: Plan, checked: CheckedRows, *, origin: Origin, user: AnyUser | None, actor_label: str,
               source: str = "", valid_only: bool = False, derivation: str = "", illustrative: bool = False,
               reason: str = "", provenance: Mapping[str, Mapping[str, Any]] | None = None) -> ImportSummary:
    """Store checked rows: all of them in one transaction, or none when any row has a problem
    (unless `valid_only`, when the good rows are stored and the bad ones reported).

    `provenance` maps a period to what made its value. The warnings of the indicators that changed
    are re-evaluated once the transaction commits, without waiting for the jobs loop."""
    if checked.issues and not valid_only:
        raise ObservationInputError(checked.issues)
    indicators = {i.code: i for i in plan.indicators.all()}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    changed: set[int] = set()
    with transaction.atomic():
        for row in checked.rows:
            values = _fields(row, origin, source, derivation, illustrative)
            if provenance is not None and row.period in provenance:
                values["provenance"] = dict(provenance[row.period])
            outcome = _upsert(indicators[row.indicator], row, values, user, actor_label, reason or str(origin))
            counts[outcome] += 1
            if outcome != "unchanged":
                changed.add(indicators[row.indicator].pk)
        if changed:
            transaction.on_commit(partial(_reevaluate_warnings, plan.pk, frozenset(changed), actor_label))
    return ImportSummary(counts["created"], counts["updated"], counts["unchanged"], list(checked.issues))


def _reevaluate_warnings(plan_id: int, indicator_ids: frozenset[int], actor_label: str) -> None:
    raise_warnings(Plan.objects.get(pk=plan_id), only=indicator_ids, actor_label=actor_label)


def check_records(plan: Plan, records: Iterable[dict[str, Any]]) -> CheckedRows:
    """An import's rows checked against the plan's indicators (named by code, or by their Chinese or English
    name); reads only."""
    names: dict[str, str] = {}
    for code, name, name_en in plan.indicators.values_list("code", "name", "name_en"):
        names.update({normalise(name): code, normalise(name_en): code})
    return check_rows(with_codes(records, names), catalogue(plan), today=timezone.localdate())


def planned(plan: Plan, checked: CheckedRows, *, source: str) -> list[str]:
    """What importing the checked rows would do to each ("created", "updated" or "unchanged"), as
    `store_rows` decides it; reads only (the stored values are changed in memory, never saved)."""
    indicators = {i.code: i for i in plan.indicators.all()}
    out = []
    for row in checked.rows:
        existing = Observation.objects.filter(indicator=indicators[row.indicator], period=row.period).first()
        if existing is None:
            out.append("created")
            continue
        before, after = _changed(existing, _fields(row, Origin.IMPORTED, source, "", False))
        out.append("updated" if before or after else "unchanged")
    return out


def import_records(plan: Plan, records: Iterable[dict[str, Any]], *, user: AnyUser | None, actor_label: str,
                   source: str, valid_only: bool = False) -> ImportSummary:
    checked = check_records(plan, records)
    return store_rows(plan, checked, origin=Origin.IMPORTED, user=user, actor_label=actor_label, source=source,
                      valid_only=valid_only, reason=f"import {source}")


def enter_observation(indicator: Indicator, record: dict[str, Any], *, user: AnyUser, actor_label: str,
                      evidence: UploadedFile | None = None) -> Observation:
    """One value entered in the UI or the API, with an optional evidence file checked by its
    content; ObservationInputError names each bad field and nothing is stored."""
    if indicator.derived:
        raise ObservationInputError([InputIssue(indicator.code, "indicator", DERIVED_NOT_ENTERED)])
    checked = check_rows([{**record, "indicator": indicator.code}], {indicator.code: info_of(indicator)}, first_row=1,
                         today=timezone.localdate())
    data = evidence.read() if evidence is not None else None
    name = (evidence.name if evidence is not None else None) or "evidence"
    if data is not None:
        try:
            check_upload(name, data[:16], len(data))
        except EvidenceRejected as exc:
            checked = CheckedRows(checked.rows, [*checked.issues, InputIssue(indicator.code, "evidence", exc.reason)])
    with transaction.atomic():
        store_rows(indicator.plan, checked, origin=Origin.ENTERED, user=user, actor_label=actor_label,
                   reason="entered")
        saved = Observation.objects.get(indicator=indicator, period=checked.rows[0].period)
        if data is not None:
            saved.evidence.save(name, ContentFile(data), save=True)
    return saved


def record_official(indicator: Indicator, record: dict[str, Any], *, user: AnyUser | None,
                    actor_label: str) -> Observation:
    """The office records the official statistics value of a period (统计部门数据). It takes
    precedence over a value derived from the platform's data, which stays beside it; a period in the
    future, a missing source or a bad value is refused naming the field, and nothing is stored."""
    info = dataclasses.replace(info_of(indicator), derived=False)
    unit = str(record.get("unit") or indicator.unit)
    checked = check_rows([{**record, "indicator": indicator.code, "unit": unit}], {indicator.code: info},
                         first_row=1, today=timezone.localdate())
    if not str(record.get("source") or "").strip():
        checked = CheckedRows(checked.rows, [*checked.issues, InputIssue(
            indicator.code, "source", "请写明统计数据的出处（部门、公报或年鉴）/ name the statistics' source")])
    with transaction.atomic():
        store_rows(indicator.plan, checked, origin=Origin.OFFICIAL, user=user, actor_label=actor_label,
                   reason="official statistics")
        return Observation.objects.get(indicator=indicator, period=checked.rows[0].period)


def history(observation: Observation) -> list[ChangeRecord]:
    key = f"{observation.indicator.plan.code}/{observation.indicator.code}/{observation.period}"
    return list(ChangeRecord.objects.filter(entity="observation", entity_key=key).order_by("at", "id"))
