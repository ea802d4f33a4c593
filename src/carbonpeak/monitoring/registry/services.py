"""The registry (重点用能单位与计量点登记) with the database: units and meters imported or edited, audited.

Rows are checked by `registry_input` exactly as a file's rows are, so a form and a file cannot
disagree. A file is all or nothing: any bad row refuses the whole file with every issue
(`MonitoringInputError`), nothing half-written. Units and meters are keyed by code: a row for a
known code updates it. The unit's USCC (统一社会信用代码) names its enterprise (`people.Enterprise`,
created when new), whose users then see and feed the unit. Every created or changed unit or meter
leaves a ChangeRecord with the fields before and after.

What sums where is kept true: a meter's role, or a unit's industry or town, changed after readings
arrived, rebuilds the rollups it touched (`rollups.rebuild`); a meter's energy type, unit or kind,
or its unit, cannot change once it has readings (its stored energies were judged and summed as such).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from carbonpeak.audit.models import ChangeAction, ChangeRecord, diff, stored_actor
from carbonpeak.monitoring.figures.energy import current_factors
from carbonpeak.monitoring.models import KeyUnit, Meter, UnitBudget
from carbonpeak.monitoring.problems import Issue, MonitoringInputError
from carbonpeak.monitoring.readings.parsing import ReadingsInputError, RowError, column_codes
from carbonpeak.monitoring.readings.rollups import rebuild
from carbonpeak.monitoring.readings.store import ReadingStore
from carbonpeak.monitoring.registry.parsing import (
    METER_HEADERS,
    UNIT_HEADERS,
    MeterRow,
    UnitRow,
    check_meter_rows,
    check_unit_rows,
    read_table,
)
from carbonpeak.people.models import Enterprise
from carbonpeak.people.permissions import AnyUser
from carbonpeak.people.uscc import uscc_problem
from carbonpeak.plan.queries import known_places

UNIT_ENTITY = "monitoring.unit"
METER_ENTITY = "monitoring.meter"
UNIT_AUDITED = ("name", "uscc", "enterprise", "industry_code", "town", "level", "is_data_centre",
                "data_centre_stage", "design_pue", "active")
METER_AUDITED = ("unit", "energy_type", "unit_of_measure", "kind", "multiplier", "role", "interval_s",
                 "register_max", "minimum", "maximum", "active")
# Form field → file column (the forms use the model's names; files the issue's short ones).
_UNIT_COLUMNS = {"is_data_centre": "data_center", "data_centre_stage": "stage"}
_METER_COLUMNS = {"unit_of_measure": "unit"}
_LOCKED_WITH_READINGS = ("energy_type", "unit_of_measure", "kind", "unit")


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


def _issues(errors: Iterable[RowError], names: Mapping[str, str] | None = None, rows: bool = True) -> list[Issue]:
    back = {v: k for k, v in (names or {}).items()}
    return [Issue(back.get(e.field, e.field), f"{e.reason_zh} / {e.reason_en}", e.row if rows else 0)
            for e in errors]


def _read(name: str, content: bytes) -> list[dict[str, object]]:
    try:
        return read_table(name, content)
    except ReadingsInputError as exc:
        raise MonitoringInputError(_issues(exc.issues)) from exc


@dataclass(frozen=True)
class RegistryCheck:
    """A registry file checked against the database, nothing written: each good row with what storing it
    would do ("created", "updated", "unchanged"), and every problem. The file is stored only without any."""

    rows_read: int
    planned: list[tuple[Any, str]]  # (UnitRow | MeterRow, outcome)
    issues: list[Issue]

    def summary(self) -> ImportSummary:
        outcomes = [o for _, o in self.planned]
        return ImportSummary(outcomes.count("created"), outcomes.count("updated"), outcomes.count("unchanged"))


def _record(user: AnyUser | None, label: str, entity: str, key: str, action: ChangeAction, before: dict[str, Any],
            after: dict[str, Any], reason: str) -> None:
    ChangeRecord.objects.create(actor=stored_actor(user), actor_label=label, entity=entity, entity_key=key,
                                action=action, before=before, after=after, reason=reason)


def _snapshot(obj: KeyUnit | Meter, fields: Iterable[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields:
        value = getattr(obj, f)
        out[f] = getattr(value, "code", getattr(value, "uscc", value)) if hasattr(value, "pk") else value
    return out


# --- units ------------------------------------------------------------------------------------------------


def _enterprise(uscc: str, name: str) -> Enterprise:
    found, _ = Enterprise.objects.get_or_create(uscc=uscc, defaults={"name": name[:200]})
    return found


@dataclass
class _UnitChange:
    target: KeyUnit  # the unit as the row makes it, not saved
    old: dict[str, Any]  # the audited fields that change, before
    new: dict[str, Any]  # … and after
    budget_before: float | None
    budget_after: float | None


def _outcome(existing: Model | None, new: Mapping[str, Any]) -> str:
    return "created" if existing is None else "updated" if new else "unchanged"


def _planned_unit(row: UnitRow, unit: KeyUnit | None, enterprise_uscc: str, active: bool | None) -> _UnitChange:
    """What storing one checked unit would change; reads only (the enterprise is looked up, not created, and
    `unit` is changed in memory only)."""
    before = _snapshot(unit, UNIT_AUDITED) if unit is not None else {}
    target = unit or KeyUnit(code=row.code)
    target.name, target.uscc, target.industry_code, target.town = row.name, row.uscc, row.industry_code, row.town
    uscc = enterprise_uscc or row.uscc
    target.enterprise = Enterprise.objects.filter(uscc=uscc).first() or Enterprise(uscc=uscc, name=row.name[:200])
    target.level = row.level.value
    target.is_data_centre = row.data_center
    target.data_centre_stage = row.stage.value if row.stage is not None else ""
    target.design_pue = row.design_pue
    if active is not None:
        target.active = active
    after = _snapshot(target, UNIT_AUDITED)
    budget_before = budget_after = None
    if row.annual_budget_tce is not None:
        year = timezone.localdate().year
        stored = UnitBudget.objects.filter(unit=unit, year=year).first() if unit is not None else None
        budget_before = stored.budget_tce if stored is not None else None
        budget_after = row.annual_budget_tce
        before[f"budget_{year}"], after[f"budget_{year}"] = budget_before, budget_after
    old, new = diff(before, after)
    return _UnitChange(target, old, new, budget_before, budget_after)


def _apply_unit(row: UnitRow, unit: KeyUnit | None, enterprise_uscc: str, active: bool | None,
                user: AnyUser | None, label: str, reason: str) -> str:
    """Create or update one checked unit; "created", "updated" or "unchanged"."""
    old_place = (unit.industry_division, unit.town) if unit is not None else None
    change = _planned_unit(row, unit, enterprise_uscc, active)
    target, old, new, budget_before, budget_after = (change.target, change.old, change.new, change.budget_before,
                                                     change.budget_after)
    if unit is not None and not new:
        return "unchanged"
    target.enterprise = _enterprise(enterprise_uscc or row.uscc, row.name)
    target.save()
    if budget_after is not None and budget_after != budget_before:
        UnitBudget.objects.update_or_create(unit=target, year=timezone.localdate().year,
                                            defaults={"budget_tce": budget_after, "source": reason[:200]})
    _record(user, label, UNIT_ENTITY, target.code, ChangeAction.CREATED if unit is None else ChangeAction.UPDATED,
            old, new, reason)
    if old_place is not None and old_place != (target.industry_division, target.town) and _has_readings(target):
        rebuild([target], current_factors(), meters=False, industries=[old_place[0]], towns=[old_place[1]])
    return "created" if unit is None else "updated"


def _has_readings(unit: KeyUnit) -> bool:
    return ReadingStore().has_readings(unit_id=unit.pk)


def check_units(name: str, content: bytes) -> RegistryCheck:
    """A units file read and checked, and what storing it would change; writes nothing. MonitoringInputError
    if the file cannot be read at all."""
    records = column_codes(_read(name, content), UNIT_HEADERS)
    rows, errors = check_unit_rows(records, known_places())
    existing = {u.code: u for u in KeyUnit.objects.filter(code__in=[r.code for r in rows])}
    planned = [(row, _outcome(existing.get(row.code), _planned_unit(row, existing.get(row.code), "", None).new))
               for row in rows]
    return RegistryCheck(len(records), planned, _issues(errors))


@transaction.atomic
def import_units(name: str, content: bytes, *, user: AnyUser | None = None, actor_label: str) -> ImportSummary:
    """Units from a CSV or xlsx file (columns registry_input.UNIT_COLUMNS, optionally UNIT_OPTIONAL; the
    header in codes or in Chinese, parsing.UNIT_HEADERS)."""
    checked = check_units(name, content)
    if checked.issues:
        raise MonitoringInputError(checked.issues)
    rows = [row for row, _ in checked.planned]
    existing = {u.code: u for u in KeyUnit.objects.filter(code__in=[r.code for r in rows])}  # unchanged by the check
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for row in rows:
        counts[_apply_unit(row, existing.get(row.code), "", None, user, actor_label, f"units import {name}")] += 1
    return ImportSummary(**counts)


def _form_text(data: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, object]:
    return {names.get(k, k): v for k, v in data.items()}


@transaction.atomic
def save_unit(data: Mapping[str, Any], *, unit: KeyUnit | None = None, user: AnyUser | None = None,
              actor_label: str) -> KeyUnit:
    """A unit from the office's form (the model's field names; `enterprise_uscc` optional, else the
    unit's own USCC). MonitoringInputError names each bad field; nothing is stored then."""
    record = _form_text(data, _UNIT_COLUMNS)
    if unit is not None:
        record.setdefault("code", unit.code)
    rows, errors = check_unit_rows([record], known_places(), first_row=1)
    issues = _issues(errors, _UNIT_COLUMNS, rows=False)
    if unit is not None and str(record.get("code", "")).strip() != unit.code:
        issues.append(Issue("code", "单位代码不能修改 / a unit's code cannot change"))
    if unit is None and rows and KeyUnit.objects.filter(code=rows[0].code).exists():
        issues.append(Issue("code", "该代码已登记 / a unit with this code exists"))
    enterprise_uscc = str(data.get("enterprise_uscc") or "").strip().upper()
    if enterprise_uscc and (problem := uscc_problem(enterprise_uscc)):
        issues.append(Issue("enterprise_uscc", problem))
    if issues or not rows:
        raise MonitoringInputError(issues)
    active = data.get("active")
    _apply_unit(rows[0], unit, enterprise_uscc, None if active is None else bool(active), user, actor_label,
                "unit edited" if unit is not None else "unit added")
    return KeyUnit.objects.get(code=rows[0].code)


# --- meters -----------------------------------------------------------------------------------------------


def _meter_fields(row: MeterRow, unit: KeyUnit) -> dict[str, Any]:
    return {"unit": unit, "energy_type": row.energy_type, "unit_of_measure": row.unit, "kind": row.kind.value,
            "multiplier": row.multiplier, "role": row.role.value, "interval_s": row.interval_s,
            "register_max": row.register_max, "minimum": row.minimum, "maximum": row.maximum}


def _locked(meter: Meter, fields: Mapping[str, Any]) -> list[str]:
    """Fields a meter with readings may not change."""
    changed = [f for f in _LOCKED_WITH_READINGS if getattr(meter, f) != fields[f]]
    return changed if changed and ReadingStore().has_readings(meter_id=meter.pk) else []


def _planned_meter(row: MeterRow, meter: Meter | None, unit: KeyUnit, active: bool | None
                   ) -> tuple[Meter, dict[str, Any], dict[str, Any]]:
    """The meter as the row makes it (changed in memory only) and its audited fields before and after."""
    before = _snapshot(meter, METER_AUDITED) if meter is not None else {}
    target = meter or Meter(code=row.code)
    for name, value in _meter_fields(row, unit).items():
        setattr(target, name, value)
    if active is not None:
        target.active = active
    old, new = diff(before, _snapshot(target, METER_AUDITED))
    return target, old, new


def _apply_meter(row: MeterRow, meter: Meter | None, unit: KeyUnit, active: bool | None, user: AnyUser | None,
                 label: str, reason: str) -> str:
    old_role = meter.role if meter is not None else None
    target, old, new = _planned_meter(row, meter, unit, active)
    if meter is not None and not new:
        return "unchanged"
    target.save()
    _record(user, label, METER_ENTITY, target.code, ChangeAction.CREATED if meter is None else ChangeAction.UPDATED,
            old, new, reason)
    if old_role is not None and old_role != target.role and ReadingStore().has_readings(meter_id=target.pk):
        rebuild([unit], current_factors(), meters=False)  # the unit now sums other meters
    return "created" if meter is None else "updated"


def _meter_context() -> tuple[dict[str, KeyUnit], set[str]]:
    units = {u.code: u for u in KeyUnit.objects.all()}
    return units, {c for c, u in units.items() if u.is_data_centre}


def _locked_issues(meter: Meter | None, row: MeterRow, unit: KeyUnit, row_number: int,
                   names: Mapping[str, str]) -> list[Issue]:
    if meter is None:
        return []
    return [Issue(names.get(f, f), "已有读数，不能修改（其读数已按原设置校验和汇总）/ cannot change: the meter has "
                  "readings judged and summed as registered", row_number)
            for f in _locked(meter, _meter_fields(row, unit))]


def check_meters(name: str, content: bytes) -> RegistryCheck:
    """A meters file read and checked against the registered units and the meters' readings, and what
    storing it would change; writes nothing. MonitoringInputError if the file cannot be read at all."""
    units, data_centres = _meter_context()
    records = column_codes(_read(name, content), METER_HEADERS)
    rows, errors = check_meter_rows(records, units, data_centre_units=data_centres)
    issues = _issues(errors)
    existing = {m.code: m for m in Meter.objects.filter(code__in=[r.code for r in rows])}
    for row in rows:
        issues += _locked_issues(existing.get(row.code), row, units[row.unit_code], row.row,
                                 {"unit_of_measure": "unit", "unit": "unit_code"})
    planned = [(row, _outcome(existing.get(row.code),
                              _planned_meter(row, existing.get(row.code), units[row.unit_code], None)[2]))
               for row in rows]
    return RegistryCheck(len(records), planned, issues)


@transaction.atomic
def import_meters(name: str, content: bytes, *, user: AnyUser | None = None, actor_label: str) -> ImportSummary:
    """Meters from a CSV or xlsx file (columns registry_input.METER_COLUMNS, optionally METER_OPTIONAL; the
    header in codes or in Chinese, parsing.METER_HEADERS)."""
    checked = check_meters(name, content)
    if checked.issues:
        raise MonitoringInputError(checked.issues)
    rows = [row for row, _ in checked.planned]
    units = {u.code: u for u in KeyUnit.objects.filter(code__in={r.unit_code for r in rows})}
    existing = {m.code: m for m in Meter.objects.filter(code__in=[r.code for r in rows])}  # unchanged by the check
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for row in rows:
        counts[_apply_meter(row, existing.get(row.code), units[row.unit_code], None, user, actor_label,
                            f"meters import {name}")] += 1
    return ImportSummary(**counts)


@transaction.atomic
def save_meter(unit: KeyUnit, data: Mapping[str, Any], *, meter: Meter | None = None, user: AnyUser | None = None,
               actor_label: str) -> Meter:
    """A meter of `unit` from the office's form (the model's field names). MonitoringInputError names
    each bad field; nothing is stored then."""
    record = {**_form_text(data, _METER_COLUMNS), "unit_code": unit.code}
    if meter is not None:
        record.setdefault("code", meter.code)
    units, data_centres = _meter_context()
    rows, errors = check_meter_rows([record], units, first_row=1, data_centre_units=data_centres)
    issues = _issues(errors, _METER_COLUMNS, rows=False)
    if meter is not None and str(record.get("code", "")).strip() != meter.code:
        issues.append(Issue("code", "计量点代码不能修改 / a meter's code cannot change"))
    if meter is None and rows and Meter.objects.filter(code=rows[0].code).exists():
        issues.append(Issue("code", "该代码已登记 / a meter with this code exists"))
    if rows:
        issues += _locked_issues(meter, rows[0], unit, 0, {})
    if issues or not rows:
        raise MonitoringInputError(issues)
    active = data.get("active")
    _apply_meter(rows[0], meter, unit, None if active is None else bool(active), user, actor_label,
                 "meter edited" if meter is not None else "meter added")
    return Meter.objects.get(code=rows[0].code)
