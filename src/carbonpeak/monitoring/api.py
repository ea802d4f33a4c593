"""REST API of the monitoring room (/api/v1/monitoring/…).

Readings come in at POST /monitoring/readings as JSON or CSV, from a unit's devices with a unit token
(`Authorization: Bearer cpu_…`: its own meters only) or from a user who may submit for the meters'
units. The answer is the ingest report (accepted, rejected, duplicates, flags, errors by row and
field). Everything else is read with the user's rights: the office, leaders and departments see
every unit, an enterprise its own. Bad input is refused in the API's one error contract
(`http.problems`: 422 with `errors`, each naming the field, and the row of a file).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.security import django_auth

from carbonpeak.audit import actors
from carbonpeak.common.localtime import LOCAL
from carbonpeak.common.problems import InputRefused, Problem
from carbonpeak.http.api_checks import Month, Year, need
from carbonpeak.http.auth import BearerAuth
from carbonpeak.monitoring.alerts import services as alerts
from carbonpeak.monitoring.models import Alert, KeyUnit, Meter, UnitToken
from carbonpeak.monitoring.pages.overview import district_overview
from carbonpeak.monitoring.pages.queries import visible_units
from carbonpeak.monitoring.problems import Issue, MonitoringInputError
from carbonpeak.monitoring.readings import edits
from carbonpeak.monitoring.readings.ingest import Channel, Submitter, ingest_payload
from carbonpeak.monitoring.readings.parsing import ReadingsInputError, parse_timestamp
from carbonpeak.monitoring.readings.sql import moment
from carbonpeak.monitoring.readings.store import ReadingStore, flag_names
from carbonpeak.monitoring.registry import tokens
from carbonpeak.monitoring.vocabulary import AlertKind, AlertState
from carbonpeak.people.permissions import Permission

router = Router(tags=["monitoring"])
MAX_READINGS_SPAN = dt.timedelta(days=92)


class RowErrorOut(Schema):
    """A row of a batch refused, in the ingest report (the batch's other rows were stored)."""

    row: int = 0
    field: str
    reason: str
    reason_en: str


class IngestOut(Schema):
    accepted: int
    rejected: int
    duplicates: int
    flags: dict[str, int] = Field(description="VEE flags raised on the accepted readings, by name")
    estimated: int = Field(description="estimate rows VEE added in short gaps")
    errors: list[RowErrorOut]
    batch: int | None
    errors_not_shown: int = 0


class MeterOut(Schema):
    code: str
    energy_type: str
    unit_of_measure: str
    kind: str
    multiplier: float
    role: str
    interval_s: int
    active: bool


class UnitOut(Schema):
    code: str
    name: str
    uscc: str
    industry_code: str
    town: str
    level: str
    is_data_centre: bool
    data_centre_stage: str
    design_pue: float | None
    active: bool


class UnitDetailOut(UnitOut):
    meters: list[MeterOut]
    budgets: dict[str, float]  # year → tce
    open_alerts: int


class ReadingOut(Schema):
    timestamp: str = Field(description="end of the interval, ISO 8601 in local time (+08:00)")
    value: float = Field(description="raw value × multiplier, as stored, never changed")
    flags: list[str]
    estimated: bool
    energy: float | None = Field(description="validated energy of the interval, meter's unit; null: not trusted")
    edited_value: float | None


class ReadingsOut(Schema):
    meter: str
    unit_of_measure: str
    readings: list[ReadingOut]


class EditIn(Schema):
    timestamp: str
    edited_value: float | None = Field(description="the corrected value; null withdraws an edit")
    reason: str


class AlertOut(Schema):
    id: int
    unit: str
    unit_name: str
    kind: str
    subject: str
    state: str
    value: float | None
    limit: float | None
    message_zh: str
    message_en: str
    opened: dt.datetime
    last_seen: dt.datetime | None
    acknowledged: dt.datetime | None
    closed: dt.datetime | None
    note: str


class NoteIn(Schema):
    note: str = ""


class AlertFilters(Schema):
    state: str = Field("", description="open | acknowledged | closed | all (default: not closed)")
    kind: str = ""
    unit: str = ""


def reading_rows(series: Any) -> list[dict[str, Any]]:
    """A ReadingSeries as the API, the CLI export and the pages show it."""
    out = []
    for t, v, f, e, est, ed in zip(series.ts.tolist(), series.value.tolist(), series.flags.tolist(),
                                   series.energy.tolist(), series.estimated.tolist(), series.edited.tolist(),
                                   strict=True):
        out.append({"timestamp": dt.datetime.fromtimestamp(t, LOCAL).isoformat(), "value": v,
                    "flags": flag_names(f), "estimated": bool(est), "energy": None if e != e else e,
                    "edited_value": None if ed != ed else ed})
    return out


@router.post(
    "/monitoring/readings",
    auth=[BearerAuth(also={tokens.PREFIX: tokens.authenticate}), django_auth],
    response={200: IngestOut},
    summary="Send meter readings / 报送计量读数",
    description="JSON `{\"readings\": [{\"meter\", \"timestamp\", \"value\"}]}` (or the list alone), or a CSV body "
    "(`Content-Type: text/csv`) with columns meter,timestamp,value. Idempotent on (meter, timestamp): a resend is "
    "counted in `duplicates`; a different value at a stored time is rejected (correct it by an edit). Each row is "
    "accepted or rejected on its own.",
    openapi_extra={"requestBody": {"required": True, "content": {
        "application/json": {"schema": {"oneOf": [{"type": "object"}, {"type": "array"}]}},
        "text/csv": {"schema": {"type": "string"}}}}},
)
def post_readings(request: HttpRequest) -> Status[Any]:
    if isinstance(request.auth, UnitToken):  # type: ignore[attr-defined]
        token: UnitToken = request.auth  # type: ignore[attr-defined]
        submitter = Submitter(unit=token.unit, source=f"token:{token.name}")
    else:
        need(request, Permission.SUBMIT_READINGS)
        submitter = Submitter(user=request.user, source=f"user:{request.user.get_username()}")
    try:
        report = ingest_payload(request.body, request.content_type or "", channel=Channel.API, submitter=submitter)
    except ReadingsInputError as exc:
        raise InputRefused([Problem(e.field, e.reason_zh, e.row or None, e.reason_en) for e in exc.issues]) from exc
    return Status(200, report.as_dict())


def _unit_out(u: KeyUnit) -> dict[str, Any]:
    return {f: getattr(u, f) for f in ("code", "name", "uscc", "industry_code", "town", "level", "is_data_centre",
                                       "data_centre_stage", "design_pue", "active")}


@router.get("/monitoring/units", response=list[UnitOut], summary="Key energy-using units / 重点用能单位")
def list_units(request: HttpRequest) -> list[dict[str, Any]]:
    need(request, Permission.VIEW_UNIT_DATA)
    return [_unit_out(u) for u in visible_units(request.user)]


def _unit(request: HttpRequest, code: str) -> KeyUnit:
    unit = get_object_or_404(KeyUnit, code=code)
    need(request, Permission.VIEW_UNIT_DATA, unit)
    return unit


@router.get("/monitoring/units/{code}", response=UnitDetailOut, summary="A unit with its meters / 单位详情")
def get_unit(request: HttpRequest, code: str) -> dict[str, Any]:
    unit = _unit(request, code)
    return {
        **_unit_out(unit),
        "meters": [{f: getattr(m, f) for f in MeterOut.model_fields} for m in unit.meters.all()],
        "budgets": {str(b.year): b.budget_tce for b in unit.budgets.all()},
        "open_alerts": unit.alerts.exclude(state=AlertState.CLOSED.value).count(),
    }


def instant(text: str) -> int:
    """Epoch seconds of an ISO time, or of a date's local midnight; ValueError (zh / en) otherwise."""
    text = text.strip()
    return parse_timestamp(f"{text} 00:00" if len(text) == 10 and text[4] == "-" else text)


def _moment(raw: str, field: str, issues: list[Issue]) -> dt.datetime | None:
    try:
        return moment(instant(raw))
    except ValueError as exc:
        issues.append(Issue(field, str(exc)))
        return None


@router.get("/monitoring/meters/{code}/readings", response={200: ReadingsOut},
            summary="A meter's readings with their VEE flags / 读数及校验标记")
def get_readings(request: HttpRequest, code: str, start: str, end: str) -> Status[Any]:
    meter = get_object_or_404(Meter.objects.select_related("unit"), code=code)
    need(request, Permission.VIEW_UNIT_DATA, meter.unit)
    issues: list[Issue] = []
    lo, hi = _moment(start, "start", issues), _moment(end, "end", issues)
    if lo is not None and hi is not None and not lo < hi <= lo + MAX_READINGS_SPAN:
        issues.append(Issue("end", f"须晚于 start 且不超过 {MAX_READINGS_SPAN.days} 天 / "
                                   f"must be after start, at most {MAX_READINGS_SPAN.days} days"))
    if issues or lo is None or hi is None:
        raise MonitoringInputError(issues)
    series = ReadingStore().range(meter.pk, lo, hi)
    return Status(200, {"meter": meter.code, "unit_of_measure": meter.unit_of_measure,
                        "readings": reading_rows(series)})


@router.patch("/monitoring/meters/{code}/readings", response={200: ReadingOut},
              summary="Edit a reading by hand (audited) / 人工修正读数")
def edit_reading(request: HttpRequest, code: str, payload: EditIn) -> Status[Any]:
    need(request, Permission.MANAGE_MONITORING)
    meter = get_object_or_404(Meter, code=code)
    try:
        reading = edits.edit_reading(meter, payload.timestamp, payload.edited_value, reason=payload.reason,
                                     user=request.user, actor_label=actors.of_request(request))
    except MonitoringInputError as exc:  # the service names the instant `ts`, the API's body `timestamp`
        raise MonitoringInputError([i._replace(field="timestamp") if i.field == "ts" else i
                                    for i in exc.issues]) from exc
    series = ReadingStore().range(meter.pk, reading.ts, reading.ts)
    return Status(200, reading_rows(series)[0])


@router.get("/monitoring/overview", response=dict[str, Any],
            summary="The district overview / 全区能耗总览",
            description="tce (当量值, 等价值) and tCO2 by industry division and town, the top units, year on year; "
                        "a month, or the year to date when `month` is absent. Year on year (`yoy`, "
                        "`last_year_tce`, `yoy_tce`) is over `yoy_months` only: the months of the period with "
                        "data in both years that have ended; none: `yoy` null and `yoy_reason` says why.")
def get_overview(request: HttpRequest, year: Year, month: Month | None = None) -> dict[str, Any]:
    need(request, Permission.VIEW_MONITORING)
    return district_overview(year, month).as_dict()


def _alert_out(a: Alert) -> dict[str, Any]:
    return {"id": a.pk, "unit": a.unit.code, "unit_name": a.unit.name, **{f: getattr(a, f) for f in (
        "kind", "subject", "state", "value", "limit", "message_zh", "message_en", "opened", "last_seen",
        "acknowledged", "closed", "note")}}


@router.get("/monitoring/alerts", response=list[AlertOut], summary="Monitoring alerts / 监测告警")
def list_alerts(request: HttpRequest, filters: Query[AlertFilters]) -> list[dict[str, Any]]:
    need(request, Permission.VIEW_UNIT_DATA)
    rows = Alert.objects.filter(unit__in=visible_units(request.user)).select_related("unit")
    if filters.state in AlertState.__members__.values():
        rows = rows.filter(state=filters.state)
    elif filters.state != "all":
        rows = rows.exclude(state=AlertState.CLOSED.value)
    if filters.kind in AlertKind.__members__.values():
        rows = rows.filter(kind=filters.kind)
    if filters.unit:
        rows = rows.filter(unit__code=filters.unit)
    return [_alert_out(a) for a in rows]


def _alert(request: HttpRequest, pk: int) -> Alert:
    need(request, Permission.MANAGE_MONITORING)
    return get_object_or_404(Alert.objects.select_related("unit"), pk=pk)


@router.post("/monitoring/alerts/{pk}/acknowledge", response={200: AlertOut},
             summary="Acknowledge an alert / 确认告警")
def acknowledge_alert(request: HttpRequest, pk: int) -> Status[Any]:
    alert = _alert(request, pk)
    try:
        alert = alerts.acknowledge(alert, user=request.user, actor_label=actors.of_request(request))
    except alerts.AlertError as exc:
        raise InputRefused.one("state", str(exc)) from exc
    return Status(200, _alert_out(alert))


@router.post("/monitoring/alerts/{pk}/close", response={200: AlertOut},
             summary="Close an alert with a note / 关闭告警（须填写说明）")
def close_alert(request: HttpRequest, pk: int, payload: NoteIn) -> Status[Any]:
    alert = _alert(request, pk)
    try:
        alert = alerts.close(alert, payload.note, user=request.user, actor_label=actors.of_request(request))
    except alerts.AlertError as exc:
        raise InputRefused.one(exc.field, str(exc)) from exc
    return Status(200, _alert_out(alert))
