"""Targets split to places and the places' own values (writes).

The office sets a place's target (a value of its own or a share of the district's, `split.target_problems`);
a place's users enter its values through the same row checks as the district's (`observations.check_rows`);
derived indicators store each place's value from data that carry the town (`derive_places`). Every write is
one transaction and leaves an audit.ChangeRecord with the fields before and after; a bad input is refused
naming the field (ObservationInputError, the room's error family) and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from carbonpeak.audit.models import ChangeAction, ChangeRecord, diff, stored_actor
from carbonpeak.common.issues import InputIssue
from carbonpeak.common.numbers import parse_number
from carbonpeak.common.uploads import EvidenceRejected, check_upload
from carbonpeak.indicators import split
from carbonpeak.indicators.evaluation import DERIVED_NOT_ENTERED, info_of, spec_of
from carbonpeak.indicators.models import Indicator, Origin, PlaceObservation, PlaceTarget
from carbonpeak.indicators.observations import CheckedRows, ObservationInputError, ObservationRow, check_rows
from carbonpeak.indicators.warnings import raise_warnings
from carbonpeak.people.permissions import AnyUser
from carbonpeak.plan.models import Department, Plan
from carbonpeak.plan.queries import place_named

NOT_A_PLACE = "方案未列出此镇、街道或园区 / the plan names no such town, sub-district or park"
NO_PLACE_TARGET = "该指标未向此地区分解目标，不能填报 / the indicator has no target for this place"


def _json(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in values.items()}


def _record(entity: str, key: str, action: ChangeAction, before: Mapping[str, Any], after: Mapping[str, Any],
            user: AnyUser | None, actor_label: str, reason: str = "") -> None:
    ChangeRecord.objects.create(actor=stored_actor(user), actor_label=actor_label, entity=entity, entity_key=key,
                                action=action, before=_json(before), after=_json(after), reason=reason)


def _optional_number(raw: Any, field: str, issues: list[InputIssue], where: str) -> float | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        issues.append(InputIssue(where, field, "须为数字 / must be a number"))
        return None
    try:
        return float(raw) if isinstance(raw, int | float) else parse_number(str(raw))
    except ValueError:
        issues.append(InputIssue(where, field, f"不是数字：{raw!s:.40} / not a number"))
        return None


def _year(raw: Any, issues: list[InputIssue], where: str) -> int | None:
    try:
        year = int(str(raw).strip())
    except ValueError:
        issues.append(InputIssue(where, "year", "请选择目标年份 / choose a target year"))
        return None
    return year


def _place(code: str, issues: list[InputIssue], where: str) -> Department | None:
    place = place_named(code.strip()) if code and code.strip() else None
    if place is None:
        issues.append(InputIssue(where, "place", f"{NOT_A_PLACE}: {code!s:.64}"))
    return place


def _target_key(indicator: Indicator, place: Department, year: int) -> str:
    return f"{indicator.plan.code}/{indicator.code}/{place.code}/{year}"


def _target_snapshot(t: PlaceTarget) -> dict[str, Any]:
    return {"place": t.place.code, "year": t.year, "value": t.value, "share": t.share, "note": t.note}


def set_place_target(indicator: Indicator, place_code: str, year: Any, *, value: Any = None, share: Any = None,
                     note: str = "", user: AnyUser | None, actor_label: str) -> PlaceTarget:
    """Set (or change) a place's target for one of the district's target years; all problems at once."""
    where = indicator.code
    issues: list[InputIssue] = []
    place = _place(place_code, issues, where)
    number = _year(year, issues, where)
    own = _optional_number(value, "value", issues, where)
    part = _optional_number(share, "share", issues, where)
    if not issues:
        district = [(t.year, t.kind) for t in spec_of(indicator).targets]
        issues += [InputIssue(where, f, r) for f, r in split.target_problems(indicator.unit, district, number, own,
                                                                              part)]
    if issues:
        raise ObservationInputError(issues)
    assert place is not None and number is not None
    with transaction.atomic():
        existing = (PlaceTarget.objects.select_for_update().filter(indicator=indicator, place=place, year=number)
                    .select_related("place").order_by().first())
        values = {"value": own, "share": part, "note": note.strip()}
        key = _target_key(indicator, place, number)
        if existing is None:
            created = PlaceTarget.objects.create(indicator=indicator, place=place, year=number, **values)
            _record("place_target", key, ChangeAction.CREATED, {}, _target_snapshot(created), user, actor_label)
            transaction.on_commit(partial(_reevaluate, indicator.plan_id, indicator.pk, actor_label))
            return created
        before = _target_snapshot(existing)
        for name, v in values.items():
            setattr(existing, name, v)
        changed_before, changed_after = diff(before, _target_snapshot(existing))
        if changed_before or changed_after:
            existing.save()
            _record("place_target", key, ChangeAction.UPDATED, changed_before, changed_after, user, actor_label)
            transaction.on_commit(partial(_reevaluate, indicator.plan_id, indicator.pk, actor_label))
        return existing


def remove_place_target(indicator: Indicator, place_code: str, year: Any, *, user: AnyUser | None,
                        actor_label: str) -> None:
    where = indicator.code
    issues: list[InputIssue] = []
    place = _place(place_code, issues, where)
    number = _year(year, issues, where)
    found = (PlaceTarget.objects.filter(indicator=indicator, place=place, year=number).select_related("place").first()
             if place is not None and number is not None else None)
    if found is None and not issues:
        issues.append(InputIssue(where, "year", "该地区在这一年没有目标 / the place has no target in that year"))
    if issues:
        raise ObservationInputError(issues)
    assert found is not None and place is not None and number is not None
    with transaction.atomic():
        _record("place_target", _target_key(indicator, place, number), ChangeAction.DELETED,
                _target_snapshot(found), {}, user, actor_label)
        found.delete()
        transaction.on_commit(partial(_reevaluate, indicator.plan_id, indicator.pk, actor_label))


# --- a place's values ---------------------------------------------------------------------

_HISTORY_FIELDS = (*PlaceObservation.public_fields, "provenance")


def _obs_key(indicator: Indicator, place: Department, period: str) -> str:
    return f"{indicator.plan.code}/{indicator.code}/{place.code}/{period}"


def _obs_snapshot(o: PlaceObservation) -> dict[str, Any]:
    return {name: getattr(o, name) for name in _HISTORY_FIELDS}


def _upsert(indicator: Indicator, place: Department, row: ObservationRow, values: dict[str, Any],
            user: AnyUser | None, actor_label: str, reason: str) -> str:
    existing = (PlaceObservation.objects.select_for_update()
                .filter(indicator=indicator, place=place, period=row.period).order_by().first())
    key = _obs_key(indicator, place, row.period)
    actor = stored_actor(user)
    if existing is None:
        created = PlaceObservation.objects.create(indicator=indicator, place=place, period=row.period,
                                                  entered_by=actor, entered_by_label=actor_label, **values)
        _record("place_observation", key, ChangeAction.CREATED, {}, _obs_snapshot(created), user, actor_label, reason)
        return "created"
    before = _obs_snapshot(existing)
    for name, value in values.items():
        setattr(existing, name, value)
    changed_before, changed_after = diff(_json(before), _json(_obs_snapshot(existing)))
    if not changed_before and not changed_after:
        return "unchanged"
    existing.entered_by, existing.entered_by_label = actor, actor_label
    existing.save()
    _record("place_observation", key, ChangeAction.UPDATED, changed_before, changed_after, user, actor_label, reason)
    return "updated"


def _values(row: ObservationRow, origin: Origin, derivation: str = "", weight: float | None = None,
            provenance: Mapping[str, Any] | None = None) -> dict[str, Any]:
    return {"period_start": row.period_start, "period_end": row.period_end, "value": row.value,
            "reference_value": row.reference_value, "weight": weight, "entered_value": row.entered_value,
            "entered_unit": row.entered_unit, "source": row.source, "origin": origin, "derivation": derivation,
            "provenance": dict(provenance or {}), "note": row.note}


def enter_place_value(indicator: Indicator, place: Department, record: dict[str, Any], *, user: AnyUser | None,
                      actor_label: str, evidence: UploadedFile | None = None) -> PlaceObservation:
    """A place's own value of a period, entered by its users with an optional evidence file; every bad field
    is named and nothing is stored. The indicator must have a target for the place and not be derived."""
    where = indicator.code
    issues: list[InputIssue] = []
    if indicator.derived:
        issues.append(InputIssue(where, "indicator", DERIVED_NOT_ENTERED))
    if not indicator.place_targets.filter(place=place).exists():
        issues.append(InputIssue(where, "place", NO_PLACE_TARGET))
    # Without a unit the value is in the indicator's own (as the form offers it).
    unit = str(record.get("unit") or indicator.unit)
    checked = check_rows([{**record, "indicator": indicator.code, "unit": unit}],
                         {indicator.code: info_of(indicator)}, first_row=1, today=timezone.localdate())
    issues += checked.issues
    data = evidence.read() if evidence is not None else None
    name = (evidence.name if evidence is not None else None) or "evidence"
    if data is not None:
        try:
            check_upload(name, data[:16], len(data))
        except EvidenceRejected as exc:
            issues.append(InputIssue(where, "evidence", exc.reason))
    if issues:
        raise ObservationInputError(issues)
    row = checked.rows[0]
    with transaction.atomic():
        outcome = _upsert(indicator, place, row, _values(row, Origin.ENTERED), user, actor_label, "entered")
        saved = PlaceObservation.objects.get(indicator=indicator, place=place, period=row.period)
        if data is not None:
            saved.evidence.save(name, ContentFile(data), save=True)
        if outcome != "unchanged":
            transaction.on_commit(partial(_reevaluate, indicator.plan_id, indicator.pk, actor_label))
    return saved


def store_place_values(indicator: Indicator, rows: Sequence[tuple[Department, ObservationRow, float | None,
                                                                   Mapping[str, Any]]],
                       *, derivation: str, actor_label: str) -> dict[str, int]:
    """Derived values of places (place, row, weight, provenance), in one transaction; counts by outcome."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        for place, row, weight, provenance in rows:
            values = _values(row, Origin.DERIVED, derivation, weight, provenance)
            counts[_upsert(indicator, place, row, values, None, actor_label, "derived")] += 1
        if counts["created"] or counts["updated"]:
            transaction.on_commit(partial(_reevaluate, indicator.plan_id, indicator.pk, actor_label))
    return counts


def _reevaluate(plan_id: int, indicator_id: int, actor_label: str) -> None:
    raise_warnings(Plan.objects.get(pk=plan_id), only={indicator_id}, actor_label=actor_label)


def place_history(o: PlaceObservation) -> list[ChangeRecord]:
    key = _obs_key(o.indicator, o.place, o.period)
    return list(ChangeRecord.objects.filter(entity="place_observation", entity_key=key).order_by("at", "id"))


__all__ = ["CheckedRows", "enter_place_value", "place_history", "remove_place_target", "set_place_target",
           "store_place_values"]
