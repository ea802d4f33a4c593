"""The "两高一低" register (清单管理、分类处置、动态监控) with the database: add a reviewed project
or an existing plant, edit its status and disposal, link it to a monitored key unit, record actual
annual energy of an unmetered plant, import a CSV, list with filters and summarise by town and
industry. Writes are transactions with change records. A linked entry's actual energy comes from
monitoring (`register_actuals.refresh_register_actuals`, the periodic job).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet

from carbonpeak.audit.models import ChangeAction, ChangeRecord, diff, stored_actor
from carbonpeak.common.industries import industry_problem, industry_table
from carbonpeak.common.issues import InputIssue, row_label
from carbonpeak.common.limits import InputTooLarge, decode_text
from carbonpeak.common.names import Name, UnknownName, Vocabulary, parse_percent
from carbonpeak.common.places import Places
from carbonpeak.common.tables import csv_dicts, csv_header, read_xlsx
from carbonpeak.monitoring.models import KeyUnit
from carbonpeak.people.permissions import AnyUser
from carbonpeak.people.uscc import uscc_problem
from carbonpeak.plan.queries import known_places
from carbonpeak.review.deviation import DEFAULT_MARGIN_PCT
from carbonpeak.review.intake import ReviewInputError
from carbonpeak.review.models import (
    ActualEnergy,
    ActualOrigin,
    Disposal,
    Project,
    RegisterEntry,
    RegisterStatus,
    Subject,
)
from carbonpeak.review.register_actuals import refresh_entry, refresh_register_actuals

__all__ = ["refresh_register_actuals"]  # the periodic job, here with the rest of the register

WHERE = "两高一低清单 / register"
EDITABLE = ("status", "disposal", "deadline", "approved_energy_tce", "monitored_unit", "deviation_margin_pct", "note")
IMPORT_COLUMNS = ("name", "owner_uscc", "industry_code", "town", "status", "disposal")
OPTIONAL_COLUMNS = ("deadline", "approved_energy_tce", "monitored_unit", "deviation_margin_pct", "note")
NAME_MAX = RegisterEntry._meta.get_field("name").max_length or 200
User = AnyUser | None
# Status and disposal as the office writes them: the code or the Chinese words of the 清单 (common/names).
STATUS_NAMES = Vocabulary.of("状态", "status", (
    Name(RegisterStatus.PLANNED, "拟建", "Planned"),
    Name(RegisterStatus.UNDER_CONSTRUCTION, "在建", "Under construction"),
    Name(RegisterStatus.OPERATING, "存量", "Operating", ("在产", "已投产", "运行", "投运")),
))
DISPOSAL_NAMES = Vocabulary.of("处置方式", "disposal", (
    Name(Disposal.KEEP, "保留", "Keep"),
    Name(Disposal.UPGRADE, "升级改造", "Upgrade", ("改造升级", "改造")),
    Name(Disposal.PHASE_OUT, "淘汰退出", "Phase out", ("淘汰",)),
))


def _snapshot(entry: RegisterEntry) -> dict[str, Any]:
    """The editable fields as a change record holds them (the unit by its code)."""
    out = {f: (str(v) if isinstance(v := getattr(entry, f), dt.date) else v) for f in EDITABLE if f != "monitored_unit"}
    return {**out, "monitored_unit": entry.unit_code, "monitored_unit_legacy": entry.monitored_unit_legacy}


def _units(codes: Iterable[str]) -> dict[str, KeyUnit]:
    wanted = {c for c in codes if c}
    return {u.code: u for u in KeyUnit.objects.filter(code__in=wanted)} if wanted else {}


def _unit_issue(where: str, code: str) -> InputIssue:
    return InputIssue(where, "monitored_unit", f"未知监测单位代码 / no monitored key unit has the code {code!r}")


def _record(user: User, label: str, entry: RegisterEntry, action: ChangeAction, before: dict[str, Any],
            after: dict[str, Any], reason: str) -> None:
    ChangeRecord.objects.create(actor=stored_actor(user), actor_label=label, entity="review_register",
                                entity_key=str(entry.pk), action=action, before=before, after=after, reason=reason)


def _number(issues: list[InputIssue], where: str, field: str, raw: Any) -> float | None:
    if raw is None or str(raw).strip() == "":
        return None
    try:
        value = parse_percent(str(raw))  # 5 and 5% alike: the margin is asked in percent; 1,200 as people write it
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        issues.append(InputIssue(where, field, f"须为非负数：「{raw}」 / must be a number ≥ 0: {raw!r}"))
        return None
    return value


def check_fields(data: Mapping[str, Any], where: str = WHERE,
                 units: Mapping[str, KeyUnit] | None = None) -> tuple[dict[str, Any], list[InputIssue]]:
    """The editable fields of an entry from text (a form or a CSV row), and every problem.

    `monitored_unit` is a key unit's code (empty: no unit); absent from `data`, the link is not
    touched. `units`: the units by code, looked up beforehand for a whole file."""
    issues: list[InputIssue] = []
    out: dict[str, Any] = {}
    for field, names in (("status", STATUS_NAMES), ("disposal", DISPOSAL_NAMES)):
        value = str(data.get(field) or "").strip()
        try:
            value = names.resolve(value, field)
        except UnknownName as exc:
            issues.append(InputIssue(where, field, exc.reason))
        out[field] = value
    deadline_text = str(data.get("deadline") or "").strip()
    out["deadline"] = None
    if deadline_text:
        try:
            out["deadline"] = dt.date.fromisoformat(deadline_text)
        except ValueError:
            issues.append(InputIssue(where, "deadline", f"须为日期 YYYY-MM-DD / must be a date: {deadline_text!r}"))
    if out["disposal"] in (Disposal.UPGRADE, Disposal.PHASE_OUT) and not deadline_text:
        issues.append(InputIssue(where, "deadline", "改造或淘汰须定期限 / an upgrade or phase-out needs a deadline"))
    out["approved_energy_tce"] = _number(issues, where, "approved_energy_tce", data.get("approved_energy_tce"))
    margin = _number(issues, where, "deviation_margin_pct", data.get("deviation_margin_pct"))
    out["deviation_margin_pct"] = DEFAULT_MARGIN_PCT if margin is None else margin
    if "monitored_unit" in data:
        code = str(data.get("monitored_unit") or "").strip()
        found = (units if units is not None else _units([code])).get(code)
        if code and found is None:
            issues.append(_unit_issue(where, code))
        out["monitored_unit"] = found
    out["note"] = str(data.get("note") or "").strip()
    return out, issues


def _identity(data: Mapping[str, Any], where: str, places: Places) -> tuple[dict[str, str], list[InputIssue]]:
    """The row's name, owner, industry and town; the town as stored (its Chinese name), however it was written
    (漕泾镇, Caojing Town, caojing: `places.Places`)."""
    issues = []
    name = str(data.get("name") or "").strip()
    if not name:
        issues.append(InputIssue(where, "name", "不能为空 / must not be empty"))
    elif len(name) > NAME_MAX:
        issues.append(InputIssue(where, "name", f"不能超过 {NAME_MAX} 字 / at most {NAME_MAX} characters"))
    uscc = str(data.get("owner_uscc") or "").strip().upper()
    if problem := uscc_problem(uscc):
        issues.append(InputIssue(where, "owner_uscc", problem))
    code = str(data.get("industry_code") or "").strip()
    if problem := industry_problem(code):
        issues.append(InputIssue(where, "industry_code", problem))
    town = str(data.get("town") or "").strip()
    if problem := (places.problem(town) if town else "不能为空 / must not be empty"):
        issues.append(InputIssue(where, "town", problem))
    town = places.canonical(town) or town
    return {"name": name, "owner_uscc": uscc, "industry_code": code, "town": town}, issues


@transaction.atomic
def add_project(project: Project, *, user: User = None, actor_label: str) -> RegisterEntry:
    """Put a reviewed project on the register: planned, kept, approved energy = its assessed plant energy.

    The approved level is the plant's whole annual energy after completion (`after.energy_tce`),
    even for a renovation, because that is what monitoring will measure.
    """
    if RegisterEntry.objects.filter(project=project).exists():
        raise ReviewInputError([InputIssue(WHERE, "project", "已在清单中 / already on the register")])
    snapshot = project.latest_assessment()
    approved = snapshot.result["after"]["energy_tce"] if snapshot is not None else None
    entry = RegisterEntry.objects.create(
        subject=Subject.PROJECT, project=project, name=project.name, owner_uscc=project.owner_uscc,
        industry_code=project.industry_code, town=project.town, status=RegisterStatus.PLANNED,
        disposal=Disposal.KEEP, approved_energy_tce=approved,
    )
    _record(user, actor_label, entry, ChangeAction.CREATED, {}, _snapshot(entry), "register: project added")
    return entry


@transaction.atomic
def update_entry(entry: RegisterEntry, data: Mapping[str, Any], *, user: User = None,
                 actor_label: str) -> RegisterEntry:
    entry = RegisterEntry.objects.select_for_update().get(pk=entry.pk)
    values, issues = check_fields(data)
    if issues:
        raise ReviewInputError(issues)
    before = _snapshot(entry)
    _apply(entry, values)
    old, new = diff(before, _snapshot(entry))
    if new:
        _record(user, actor_label, entry, ChangeAction.UPDATED, old, new, "register: entry edited")
    if "monitored_unit" in new:
        refresh_entry(entry, dt.date.today(), actor_label=actor_label, user=user)
    return entry


def _apply(entry: RegisterEntry, values: Mapping[str, Any]) -> None:
    for field, value in values.items():
        setattr(entry, field, value)
    if entry.monitored_unit is not None:
        entry.monitored_unit_legacy = ""  # the old text is answered by the link
    entry.save()


@transaction.atomic
def link_unit(entry: RegisterEntry, code: str, *, user: User = None, actor_label: str) -> RegisterEntry:
    """Link an entry to the key unit with this code (the office's answer to an unmatched old text)."""
    entry = RegisterEntry.objects.select_for_update().get(pk=entry.pk)
    code = code.strip()
    unit = _units([code]).get(code)
    if unit is None:
        raise ReviewInputError([_unit_issue(WHERE, code) if code else
                                InputIssue(WHERE, "monitored_unit", "不能为空 / must not be empty")])
    before = _snapshot(entry)
    _apply(entry, {"monitored_unit": unit})
    old, new = diff(before, _snapshot(entry))
    if new:
        _record(user, actor_label, entry, ChangeAction.UPDATED, old, new, "register: monitored unit linked")
        refresh_entry(entry, dt.date.today(), actor_label=actor_label, user=user)
    return entry


def unmatched(rows: Iterable[RegisterEntry]) -> list[RegisterEntry]:
    """Entries whose old free-text monitored unit names no key unit (未匹配监测单位): for the office to link."""
    return [e for e in rows if e.monitored_unit_id is None and e.monitored_unit_legacy]


@transaction.atomic
def record_actual(entry: RegisterEntry, *, year: Any, energy_tce: Any, source: str, user: User = None,
                  actor_label: str) -> ActualEnergy:
    """The plant's actual energy in a year, typed (replacing an earlier figure for that year).

    Refused for an entry linked to a key unit: its actual energy comes from monitoring, and a typed
    figure beside the metered one would leave two truths (unlink the unit to type one)."""
    issues: list[InputIssue] = []
    if entry.monitored_unit_id is not None:
        code = entry.unit_code
        raise ReviewInputError([InputIssue(
            WHERE, "energy_tce", f"已关联监测单位 {code}，实际能耗取自监测数据，不能填报 / linked to the monitored "
                                 f"unit {code}: its actual energy comes from monitoring and cannot be typed")])
    year_text = str(year).strip()
    if not (year_text.isdigit() and 1900 <= int(year_text) <= 2200):
        issues.append(InputIssue(WHERE, "year", f"须为年份 / must be a year: {year!r}"))
    value = _number(issues, WHERE, "energy_tce", energy_tce)
    if value is None and not any(i.field == "energy_tce" for i in issues):
        issues.append(InputIssue(WHERE, "energy_tce", "不能为空 / must not be empty"))
    if not source.strip():
        issues.append(InputIssue(WHERE, "source", "须注明来源 / give the source"))
    if issues or value is None:
        raise ReviewInputError(issues)
    old = ActualEnergy.objects.filter(entry=entry, year=int(year_text)).first()
    actual, _ = ActualEnergy.objects.update_or_create(
        entry=entry, year=int(year_text),
        defaults={"energy_tce": value, "source": source.strip()[:200], "entered_by": stored_actor(user),
                  "origin": ActualOrigin.TYPED, "partial": False, "provenance": {}},
    )
    before = {} if old is None else {"year": old.year, "energy_tce": old.energy_tce, "source": old.source,
                                     "origin": old.origin}
    _record(user, actor_label, entry, ChangeAction.UPDATED if old else ChangeAction.CREATED, before,
            {"year": actual.year, "energy_tce": actual.energy_tce, "source": actual.source,
             "origin": ActualOrigin.TYPED.value}, "register: actual energy")
    return actual


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int


# The file's columns: the code (the header the register CSV has always had) → the Chinese header the office's
# template carries. Either header is read (`_canonical`), so a file from the template in either language imports.
COLUMN_HEADERS: dict[str, str] = {
    "name": "名称", "owner_uscc": "统一社会信用代码", "industry_code": "行业代码", "town": "所在镇（街道、园区）",
    "status": "状态", "disposal": "处置方式", "deadline": "处置期限", "approved_energy_tce": "核定能耗（吨标准煤）",
    "monitored_unit": "监测单位代码", "deviation_margin_pct": "偏差阈值（%）", "note": "备注",
}
# The English headers the template carries on an English page (the codes stay readable too).
COLUMN_HEADERS_EN: dict[str, str] = {
    "name": "Name", "owner_uscc": "Owner USCC", "industry_code": "Industry code", "town": "Town",
    "status": "Status", "disposal": "Disposal", "deadline": "Deadline", "approved_energy_tce": "Approved energy (tce)",
    "monitored_unit": "Monitored unit code", "deviation_margin_pct": "Deviation margin (%)", "note": "Note",
}
_HEADER_CODES = ({zh.lower(): code for code, zh in COLUMN_HEADERS.items()}
                 | {en.lower(): code for code, en in COLUMN_HEADERS_EN.items()} | {c: c for c in COLUMN_HEADERS})
Checked = tuple[dict[str, str], dict[str, Any]]  # (identity, editable fields) of one good row


def _canonical(header: str) -> str:
    key = str(header or "").strip().lower()
    return _HEADER_CODES.get(key, key)


def _cell(value: object) -> str:
    """A cell as text: an xlsx date as YYYY-MM-DD, a whole number without ".0" (a code typed as a number)."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _csv_rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of the register file, within the limits of common/limits (rows, cells)."""
    try:
        header = [_canonical(h) for h in csv_header(text)]
        rows = [{_canonical(k): (v or "") for k, v in row.items() if k is not None} for row in csv_dicts(text)]
    except InputTooLarge as exc:
        raise ReviewInputError([InputIssue(row_label(exc.row) if exc.row else "file", exc.field, exc.reason)]) from exc
    return header, rows


def read_rows(name: str, content: bytes) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of a register file: CSV (UTF-8 or GBK) or xlsx by its name, headers as codes or in
    Chinese; ReviewInputError when the file cannot be read within the limits."""
    try:
        if not name.lower().endswith(".xlsx"):
            return _csv_rows(decode_text(content))
        table = read_xlsx(content)
    except InputTooLarge as exc:
        raise ReviewInputError([InputIssue(row_label(exc.row) if exc.row else "file", exc.field, exc.reason)]) from exc
    header = [_canonical(h) for h in table.header]
    return header, [{_canonical(k): _cell(v) for k, v in r.items()} for r in table.records]


def check_rows(header: list[str], rows: list[dict[str, str]]) -> tuple[list[Checked], list[InputIssue]]:
    """Every row checked (nothing written): the good rows, and every problem named by row and field."""
    issues = [InputIssue(row_label(1), c, "缺少该列 / column missing") for c in IMPORT_COLUMNS if c not in header]
    issues += [InputIssue(row_label(1), c, "未知列 / unknown column") for c in header
               if c not in IMPORT_COLUMNS + OPTIONAL_COLUMNS]
    checked: list[Checked] = []
    units = _units(str(row.get("monitored_unit") or "").strip() for row in rows)
    places = known_places()  # once for the file
    for i, row in enumerate(rows, start=2):
        identity, bad = _identity(row, row_label(i), places)
        fields, more = check_fields(row, row_label(i), units)
        issues += bad + more
        checked.append((identity, fields))
    return checked, issues


def listed(checked: Iterable[Checked]) -> set[tuple[str, str]]:
    """The (owner, name) of the checked rows already on the register: those rows update their entry."""
    keys = {(identity["owner_uscc"], identity["name"]) for identity, _ in checked}
    found = RegisterEntry.objects.filter(owner_uscc__in={k[0] for k in keys}, name__in={k[1] for k in keys})
    return {(e.owner_uscc, e.name) for e in found} & keys


def _store_rows(checked: list[Checked], user: User, actor_label: str) -> ImportSummary:
    created = updated = 0
    for identity, fields in checked:
        entry = RegisterEntry.objects.filter(owner_uscc=identity["owner_uscc"], name=identity["name"]).first()
        if entry is None:
            entry = RegisterEntry.objects.create(subject=Subject.PLANT, **identity, **fields)
            _record(user, actor_label, entry, ChangeAction.CREATED, {}, _snapshot(entry), "register import")
            created += 1
            linked = entry.monitored_unit is not None
        else:
            before = _snapshot(entry)
            _apply(entry, {**identity, **fields})
            old, new = diff(before, _snapshot(entry))
            if new:
                _record(user, actor_label, entry, ChangeAction.UPDATED, old, new, "register import")
                updated += 1
            linked = "monitored_unit" in new and entry.monitored_unit is not None
        if linked:
            refresh_entry(entry, dt.date.today(), actor_label=actor_label, user=user)
    return ImportSummary(created, updated)


def _import(header: list[str], rows: list[dict[str, str]], user: User, actor_label: str) -> ImportSummary:
    checked, issues = check_rows(header, rows)
    if issues:
        raise ReviewInputError(issues)
    return _store_rows(checked, user, actor_label)


@transaction.atomic
def import_csv(text: str, *, user: User = None, actor_label: str) -> ImportSummary:
    """Existing plants from CSV (columns IMPORT_COLUMNS, optionally OPTIONAL_COLUMNS, headed by their codes or
    their Chinese names), keyed by owner and name: a row for a plant already listed updates it. Nothing is
    stored if any row is bad."""
    header, rows = _csv_rows(text)
    return _import(header, rows, user, actor_label)


@transaction.atomic
def import_file(name: str, content: bytes, *, user: User = None, actor_label: str) -> ImportSummary:
    """`import_csv` for a CSV or xlsx file's bytes (the import page): the same checks and the same store."""
    header, rows = read_rows(name, content)
    return _import(header, rows, user, actor_label)


# --- reading -------------------------------------------------------------------------------

FILTERS = ("status", "disposal", "town", "industry")


def entries(filters: Mapping[str, str] | None = None) -> QuerySet[RegisterEntry]:
    """Register entries with their actual energy, narrowed by status, disposal, town and industry
    (a code prefix: `26` is the whole division)."""
    qs = RegisterEntry.objects.select_related("monitored_unit").prefetch_related(
        Prefetch("actuals", queryset=ActualEnergy.objects.order_by("year")))
    f = filters or {}
    if f.get("status"):
        qs = qs.filter(status=f["status"])
    if f.get("disposal"):
        qs = qs.filter(disposal=f["disposal"])
    if f.get("town"):
        qs = qs.filter(town=known_places().canonical(f["town"]) or f["town"])  # Caojing Town finds 漕泾镇
    if f.get("industry"):
        qs = qs.filter(industry_code__startswith=f["industry"])
    return qs


@dataclass(frozen=True)
class SummaryRow:
    town: str
    industry_code: str
    industry_name: str
    entries: int
    approved_energy_tce: float
    actual_energy_tce: float  # of each entry's latest year
    alerts: int


def summary(rows: Iterable[RegisterEntry]) -> list[SummaryRow]:
    """Counts and energy by town and industry division (大类, the code's first two digits)."""
    groups: dict[tuple[str, str], list[RegisterEntry]] = {}
    for entry in rows:
        groups.setdefault((entry.town, entry.industry_code[:2]), []).append(entry)
    out = []
    for (town, division), members in sorted(groups.items()):
        latest = [e.latest_actual() for e in members]
        deviations = [e.latest_deviation() for e in members]
        out.append(SummaryRow(
            town=town, industry_code=division, industry_name=industry_table().divisions.get(division, ""),
            entries=len(members),
            approved_energy_tce=sum(e.approved_energy_tce or 0.0 for e in members),
            actual_energy_tce=sum(a.energy_tce for a in latest if a is not None),
            alerts=sum(1 for d in deviations if d is not None and d.alert),
        ))
    return out


def alerts(rows: Iterable[RegisterEntry]) -> list[tuple[RegisterEntry, Any]]:
    """Entries whose latest actual energy exceeds the approved level by more than their margin."""
    found = []
    for entry in rows:
        d = entry.latest_deviation()
        if d is not None and d.alert:
            found.append((entry, d))
    return found
