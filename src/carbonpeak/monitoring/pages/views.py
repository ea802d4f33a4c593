"""Pages of the monitoring room that read: the district overview, the unit list, a unit with
its curves and meters, a data centre's PUE and a meter's readings of one day.

Registry forms, tokens and reading edits are in `registry_views`; alerts in `alert_views`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from carbonpeak.accounting.catalogue import energy_types
from carbonpeak.audit.models import ChangeRecord
from carbonpeak.caching import versions
from carbonpeak.caching.pages import cached_page
from carbonpeak.common.figures import is_english
from carbonpeak.common.industries import industry_table
from carbonpeak.common.localtime import LOCAL
from carbonpeak.common.places import Places
from carbonpeak.http.figures import reader_language
from carbonpeak.monitoring.figures import annual_facts
from carbonpeak.monitoring.figures.open_periods import OpenPeriod, open_day, open_month
from carbonpeak.monitoring.figures.pue import pue_limit
from carbonpeak.monitoring.figures.units import large_kwh, unit_text
from carbonpeak.monitoring.figures.year_on_year import month_runs, months_text
from carbonpeak.monitoring.models import Alert, KeyUnit, Meter
from carbonpeak.monitoring.pages import queries as q
from carbonpeak.monitoring.pages.overview import DistrictOverview, Figure, district_completeness, district_overview
from carbonpeak.monitoring.readings import edits
from carbonpeak.monitoring.templatetags.monitoring_format import choices
from carbonpeak.monitoring.vocabulary import AlertKind, AlertState, Flag, KeyUnitLevel, Scope
from carbonpeak.people.permissions import Permission, can, ensure, require
from carbonpeak.plan.models import Department
from carbonpeak.plan.queries import known_places

MONTH_LABELS = [str(m) for m in q.MONTHS]


def _now() -> dt.datetime:
    """Now (one reading of the clock per page: its running periods and its completeness agree)."""
    return timezone.now()


def _english() -> bool:
    return is_english(reader_language())


def _tce() -> str:
    """The unit of the energy charts in the reader's words: 吨标准煤 / tce."""
    return unit_text("tce", _english())


def _open(series: dict[str, Any], period: OpenPeriod | None, labelled: bool = True) -> dict[str, Any]:
    """A chart series whose point `period.index` is a period still under way: charts.js draws it lighter and
    hatched (a line: an open circle off the line), labelled with the time its data reach, never as a drop."""
    if period is not None and period.index < len(series["data"]) and series["data"][period.index] is not None:
        series["open"] = {"index": period.index,
                          "label": _("until %(time)s") % {"time": period.through_text} if labelled else ""}
    return series


def _int(value: str | None, low: int, high: int) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if low <= number <= high else None


def _period(request: HttpRequest, scope: Scope = Scope.UNIT, key: str | None = None) -> tuple[int, int | None]:
    """The year and month picked (?year=&month=); by default the year of the latest data."""
    latest = q.latest_month(scope, key)
    default = latest[0] if latest else dt.date.today().year
    return (_int(request.GET.get("year"), 2000, 2100) or default), _int(request.GET.get("month"), 1, 12)


def _years() -> list[int]:
    latest = q.latest_month()
    last = latest[0] if latest else dt.date.today().year
    return list(range(last, last - 5, -1))


def _open_alerts(units: QuerySet[KeyUnit] | None = None) -> QuerySet[Alert]:
    alerts = Alert.objects.exclude(state=AlertState.CLOSED.value).select_related("unit")
    return alerts if units is None else alerts.filter(unit__in=units)


# English month names, whatever the server's locale (an English page says November 2026, not "2026, month 11").
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")


def _month_words(months: tuple[int, ...] | list[int], english: bool) -> str:
    """'11月' / '1—10月、12月'; 'November' / 'January–October, December': months as the reader names them."""
    if not english:
        return months_text(months, False)
    return ", ".join(EN_MONTHS[a - 1] if a == b else f"{EN_MONTHS[a - 1]}–{EN_MONTHS[b - 1]}"
                     for a, b in month_runs(months))


def _in_year(year: int, months: tuple[int, ...] | list[int], english: bool) -> str:
    """'2026年11月' / 'November 2026'; '2026年1—12月' / 'January–December 2026'."""
    words = _month_words(months, english)
    return f"{words} {year}" if english else f"{year}年{words}"


def _district_data_months(o: DistrictOverview, monthly: list[float | None]) -> tuple[int, int] | None:
    """The first and last month of the year to date with district data, when the data start after January: the
    totals hold only those months, which the page says (as the unit page does: （仅含11—12月）)."""
    if o.month is not None:
        return None
    months = [m for m in range(o.first_month, o.last_month + 1) if monthly[m - 1]]
    return (months[0], months[-1]) if months and months[0] > o.first_month else None


def _figures_chart(rows: list[Figure], o: DistrictOverview, names: list[str]) -> dict[str, Any]:
    """Energy of each industry division or town (named by `names`) over the months year on year compares, this
    year and last (bars over the same months); without a compared month, the period's energy alone (no bar of
    last year to misread)."""
    if not o.yoy_months:
        return {"categories": names, "unit": _tce(), "horizontal": True,
                "series": [{"name": _("This period"), "type": "bar", "data": [round(r.tce, 2) for r in rows]}]}
    english = _english()
    return {"categories": names, "unit": _tce(), "horizontal": True, "series": [
        {"name": _in_year(o.year, o.yoy_months, english), "type": "bar",
         "data": [round(r.yoy_tce, 2) for r in rows]},
        {"name": _in_year(o.year - 1, o.yoy_months, english), "type": "bar",
         "data": [round(r.last_year_tce, 2) for r in rows]}]}


def _industry_names(rows: list[Figure], english: bool) -> list[str]:
    """Divisions on the chart's axis: '25 石油、煤炭及其他燃料加工业'; the GB/T 4754 table has Chinese names only,
    so an English page names a division by its number ('Division 25', the card's title names the standard)."""
    return [f"Division {r.key}" if english else f"{r.key} {r.name}" for r in rows]


def _town_names(rows: list[Figure], places: Places | None) -> list[str]:
    """Towns on the chart's axis in the reader's language: on an English page through the request's one places
    lookup (`places`, which the template's {% place %} reuses), a place the district does not know as stored."""
    if places is None:
        return [r.name for r in rows]
    return [p.named(english=True) if (p := places.find(r.name)) is not None else r.name for r in rows]


def _division_names() -> dict[str, str]:
    return {code: f"{code} {name}" for code, name in industry_table().divisions.items()}


def _division_shown(division: str) -> str:
    """The unit's industry division in the reader's language: the classification table has Chinese names only,
    so an English page names the division by its number in the standard."""
    if (get_language() or "").startswith("en"):
        return f"GB/T 4754-2017 division {division}" if division else ""
    return _division_names().get(division, "")


def _town_shown(town: str) -> str:
    """A town, sub-district or park by the plan's name for it in the reader's language (the plan gives English
    names for the bodies it names); a place the plan does not name stays as written."""
    body = Department.objects.filter(name=town).first()
    return body.display_name if body is not None else town


@require_GET
@login_required
@require(Permission.VIEW_UNIT_DATA)
# Per user, until the next reading or write; completeness counts up to now, so also per 5 minutes.
@cached_page(versions.PAGES_AND_READINGS, slot_seconds=300)
def home(request: HttpRequest) -> HttpResponse:
    """The district overview for those who watch every unit; an enterprise's own units otherwise."""
    if not can(request.user, Permission.VIEW_MONITORING):
        return unit_list(request)
    year, month = _period(request)
    now = _now()
    o = district_overview(year, month, now=now)
    completeness = district_completeness(year, month or o.last_month)  # kept per data version and 5 minutes
    low = [(u, share) for u, share in completeness if share is None or share < 0.9]
    running = open_month(year, now)
    english = _english()
    places = known_places() if english else None  # one lookup a page: the town chart and {% place %} share it
    this_year = q.monthly_tce(Scope.UNIT, year)
    monthly = {"categories": MONTH_LABELS, "unit": _tce(), "series": [
        _open({"name": str(year), "type": "bar", "data": _rounded(this_year)}, running),
        {"name": str(year - 1), "type": "line", "data": _rounded(q.monthly_tce(Scope.UNIT, year - 1))},
    ]}
    units = {u.code: u for u in KeyUnit.objects.filter(code__in=[f.key for f in o.top_units])}
    return render(request, "monitoring/overview.html", {
        "o": o, "year": year, "month": month, "years": _years(), "months": q.MONTHS,
        "open_alerts": _open_alerts().count(), "units_active": len(completeness),
        "top": [(f, units.get(f.key)) for f in o.top_units],
        "monthly_chart": monthly, "running_month": running if running and "open" in monthly["series"][0] else None,
        "yoy_months": _month_words(o.yoy_months, english),
        "period_title": _in_year(year, [month] if month else list(range(o.first_month, o.last_month + 1)), english),
        "data_months": _district_data_months(o, this_year),
        "completeness_month": _in_year(year, [month or o.last_month], english),  # 2026年10月 / October 2026
        "industry_chart": _figures_chart(o.by_industry, o, _industry_names(o.by_industry, english)),
        "town_chart": _figures_chart(o.by_town, o, _town_names(o.by_town, places)),
        "places": places,
        "complete": len(completeness) - len(low), "completeness_total": len(completeness), "low_completeness": low,
        "data_centres": _data_centres_over_limit(),
    })


def _rounded(values: list[float | None], digits: int = 3) -> list[float | None]:
    return [None if v is None else round(v, digits) for v in values]


def _data_centres_over_limit() -> list[Alert]:
    return list(_open_alerts().filter(kind=AlertKind.PUE_ABOVE_LIMIT.value).order_by("unit__code", "subject"))


UNIT_FILTERS = ("town", "industry", "dc", "level")


@require_GET
@login_required
@require(Permission.VIEW_UNIT_DATA)
def unit_list(request: HttpRequest) -> HttpResponse:
    units = q.visible_units(request.user)
    filters = {k: request.GET.get(k, "").strip() for k in UNIT_FILTERS}
    shown = units
    if filters["town"]:
        shown = shown.filter(town=filters["town"])
    if filters["industry"]:
        shown = shown.filter(industry_code__startswith=filters["industry"])
    if filters["dc"] in ("1", "0"):
        shown = shown.filter(is_data_centre=filters["dc"] == "1")
    if filters["level"]:
        shown = shown.filter(level=filters["level"])
    not_closed = ~Q(alerts__state=AlertState.CLOSED.value)
    shown = shown.annotate(open_alerts=Count("alerts", filter=not_closed)).order_by("code")
    year, _month = _period(request)
    energy = {f.key: f for f in district_overview(year, top=KeyUnit.objects.count()).top_units}
    names = _division_names()
    return render(request, "monitoring/unit_list.html", {
        "units": [(u, energy.get(u.code)) for u in shown], "filters": filters, "year": year,
        "towns": sorted(set(units.values_list("town", flat=True))),
        "industries": [(d, names.get(d, d)) for d in sorted({c[:2] for c in units.values_list("industry_code",
                                                                                                 flat=True)})],
        "levels": choices(KeyUnitLevel),
        "can_manage": can(request.user, Permission.MANAGE_MONITORING),
        "watch_all": can(request.user, Permission.VIEW_MONITORING),
    })


def visible_unit(request: HttpRequest, code: str) -> KeyUnit:
    """The unit, if the user may see its data (403 otherwise; 404 if there is none)."""
    unit = get_object_or_404(KeyUnit.objects.select_related("enterprise"), code=code)
    ensure(request.user, Permission.VIEW_UNIT_DATA, unit)
    return unit


def _day(value: str | None) -> dt.date | None:
    """The day picked (?day=), or None for no day or one no reading can have (year 1 overflows the epoch)."""
    try:
        day = dt.date.fromisoformat(value or "")
    except ValueError:
        return None
    return day if 2000 <= day.year <= 2100 else None  # the years `_period` accepts


def _saving_chart(unit: KeyUnit, year: int, running: OpenPeriod | None) -> dict[str, Any]:
    this, last = q.monthly_tce(Scope.UNIT, year, [unit.code]), q.monthly_tce(Scope.UNIT, year - 1, [unit.code])
    target = [None if v is None else round(v * (1 - q.SAVING_RATE), 3) for v in last]
    return {"categories": MONTH_LABELS, "unit": _tce(), "series": [
        _open({"name": str(year), "type": "bar", "data": _rounded(this)}, running),
        {"name": str(year - 1), "type": "line", "data": _rounded(last)},
        {"name": _("Target: last year − 1 %"), "type": "line", "data": target, "dashed": True, "colour": "#c0392b"},
    ]}


def _on_axes(series: list[dict[str, Any]], units: list[str]) -> dict[str, Any]:
    """Electricity against the first axis, other energy types against a second (their own units)."""
    others = sorted({u for s, u in zip(series, units, strict=True) if s["axis"]})
    first = next((u for s, u in zip(series, units, strict=True) if not s["axis"]), "")
    return {"axes": [first, " · ".join(others)]} if others else {"unit": first}


def _raw_curve(unit: KeyUnit, day: dt.date) -> dict[str, Any]:
    """Energy per interval of each of the unit's meters on one day (15 min), from the raw readings."""
    series: list[dict[str, Any]] = []
    units: list[str] = []
    times: list[str] = []
    for meter in unit.meters.filter(active=True):
        readings = q.day_readings(meter, day)
        if len(readings) > len(times):
            times = [f"{r.ts.astimezone(LOCAL):%H:%M}" for r in readings]
        other = meter.energy_type != q.ELECTRICITY
        series.append({"name": f"{meter.code} ({meter.unit_of_measure})", "type": "line", "axis": int(other),
                       "data": [r.energy for r in readings]})
        units.append(meter.unit_of_measure)
    return {"categories": times, "series": series, "zoom": True, **_on_axes(series, units)}


def _load_curve(unit: KeyUnit, now: dt.datetime) -> dict[str, Any]:
    """Hourly energy of the last 7 days with data: electricity as average kW, other types per hour."""
    curve = q.load_curve(unit, now=now)
    english = _english()
    series, units = [], []
    for s in curve.series:
        electric = s["energy_type"] == q.ELECTRICITY and s["unit"] == "kWh"
        per_hour = "kW" if electric else f"{s['unit']}/h"
        etype = energy_types().get(str(s["energy_type"]))
        name = (etype.en if english else etype.zh) if etype else s["energy_type"]
        series.append({"name": f"{name} ({per_hour})", "type": "line", "data": s["data"],
                       "area": electric, "axis": int(not electric)})
        units.append(per_hour)
    return {"categories": curve.times, "series": series, "zoom": True, "running_hour": curve.running_hour,
            **_on_axes(series, units)}


def _months_with_data(unit: KeyUnit, year: int) -> tuple[int, int] | None:
    """The first and last month of `year` the unit's figures come from (None: no data): the year's energy and
    the budget's "used" count only those months, which the page says when they are not the whole year so far."""
    months = [i + 1 for i, tce in enumerate(q.monthly_tce(Scope.UNIT, year, [unit.code])) if tce]
    return (months[0], months[-1]) if months else None


@require_GET
@login_required
@require(Permission.VIEW_UNIT_DATA)
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    return unit_page(request, visible_unit(request, code))


def unit_page(request: HttpRequest, unit: KeyUnit, extra: dict[str, Any] | None = None) -> HttpResponse:
    """The unit's page; `extra` carries a token form sent back with its error."""
    latest = q.latest_month(Scope.UNIT, unit.code)
    year, month = _period(request, Scope.UNIT, unit.code)
    month = month or (latest[1] if latest and latest[0] == year else 12)
    now = _now()
    day = _day(request.GET.get("day"))
    load = _raw_curve(unit, day) if day is not None else _load_curve(unit, now)
    days, daily = q.daily_tce(unit, year, month)
    meters = [m for m in unit.meters.all() if m.active]
    meter_rows = q.meter_rows(unit)
    last_reading = max((r.latest.ts for r in meter_rows if r.latest is not None and r.meter.active), default=None)
    # The running day and month hold part of their energy: marked, not drawn as drops (open_periods).
    today, this_month = open_day(year, month, now, last_reading), open_month(year, now, last_reading)
    completeness = q.month_completeness(meters, year, min(q.local_start(year + 1), now))
    daily_chart: dict[str, Any] = {"categories": days, "unit": _tce(), "series": [
        _open({"name": _("Energy per day"), "type": "bar", "data": daily}, today)]}
    saving_chart = _saving_chart(unit, year, this_month)
    completeness_chart: dict[str, Any] = {"categories": MONTH_LABELS, "percent": True, "series": [
        _open({"name": _("Data completeness"), "type": "bar", "data": _rounded(completeness, 4)}, this_month)],
        "limits": [{"value": 0.9, "label": "90 %"}]}
    return render(request, "monitoring/unit.html", {
        "unit": unit, "year": year, "month": month, "day": day, "years": _years(), "months": q.MONTHS,
        "load_chart": load, "saving_chart": saving_chart, "daily_chart": daily_chart,
        "completeness_chart": completeness_chart,
        "completeness": list(zip(q.MONTHS, completeness, strict=True)),
        # the running periods the charts mark (None: nothing drawn for them yet, nothing to say)
        "running_day": today if "open" in daily_chart["series"][0] else None,
        "running_month": this_month if "open" in saving_chart["series"][0] else None,
        "running_completeness": this_month if "open" in completeness_chart["series"][0] else None,
        "meters": meter_rows, "alerts": _open_alerts().filter(unit=unit),
        "budget": q.budget_pace(unit, year, now),
        "year_energy": q.period_energy(Scope.UNIT, q.local_start(year), q.local_start(year + 1), [unit.code]),
        "data_months": _months_with_data(unit, year),
        "saving": annual_facts.unit_saving(unit, year, timezone.localdate()),
        "division": _division_shown(unit.industry_division), "town": _town_shown(unit.town),
        "can_manage": can(request.user, Permission.MANAGE_MONITORING),
        "tokens": unit.tokens.all() if can(request.user, Permission.MANAGE_MONITORING) else [],
        **(extra or {}),
    })


@require_GET
@login_required
@require(Permission.VIEW_UNIT_DATA)
def data_centre(request: HttpRequest, code: str) -> HttpResponse:
    """A data centre's monthly PUE against its limit (1.4 existing, 1.3 new: the plan's tasks 30, 31)."""
    unit = visible_unit(request, code)
    if not unit.is_data_centre:
        raise Http404
    year, _month = _period(request, Scope.UNIT, unit.code)
    limit = pue_limit(unit.data_centre_stage)
    months = q.pue_months(unit, year)
    now = _now()
    last_reading = max((r.latest.ts for r in q.meter_rows(unit) if r.latest is not None and r.meter.active),
                       default=None)
    running = open_month(year, now, last_reading)
    if running is not None and months[running.index].facility_kwh is None and months[running.index].it_kwh is None:
        running = None  # nothing measured yet this month: no row, no point, nothing to mark
    divisor, energy_unit = large_kwh(_english())
    limits = [{"value": limit, "label": _("Limit %(limit)s") % {"limit": limit}}]
    if unit.design_pue:
        limits.append({"value": unit.design_pue, "label": _("Design %(pue)s") % {"pue": unit.design_pue},
                       "colour": "#6c7a89"})
    # The running month's PUE is drawn as an open circle off the line: a part month is no month's PUE.
    chart = {"categories": MONTH_LABELS, "unit": "", "min": 1, "limits": limits, "series": [
        _open({"name": "PUE", "type": "line", "data": [None if m.pue is None else round(m.pue, 3) for m in months]},
              running)]}
    # Electricity of a month runs to 8 digits: in 万千瓦时 (zh) / MWh (en), as the table under it.
    energy_chart = {"categories": MONTH_LABELS, "unit": energy_unit, "series": [
        _open({"name": _("IT equipment"), "type": "bar", "stack": "e",
               "data": [_scaled(m.it_kwh, divisor) for m in months]}, running, labelled=False),
        _open({"name": _("Cooling, power supply and other"), "type": "bar", "stack": "e",
               "data": [_scaled(None if m.facility_kwh is None or m.it_kwh is None else m.facility_kwh - m.it_kwh,
                                divisor) for m in months]}, running)]}
    return render(request, "monitoring/data_centre.html", {
        "unit": unit, "year": year, "years": _years(), "limit": limit, "months": months,
        "pue_chart": chart, "energy_chart": energy_chart, "running": running, "energy_unit": energy_unit,
        "kwh_divisor": divisor,
        "pue_year": annual_facts.unit_pue_year(unit, year, timezone.localdate()),
        "alerts": Alert.objects.filter(unit=unit, kind__in=[AlertKind.PUE_ABOVE_LIMIT.value,
                                                            AlertKind.PUE_ANNUAL_ABOVE_LIMIT.value]).order_by("-subject"),
    })


def _scaled(kwh: float | None, divisor: float) -> float | None:
    """kWh in the chart's larger unit, to the nearest kWh (万千瓦时 to 4 decimals, MWh to 3)."""
    return None if kwh is None else round(kwh / divisor, 4 if divisor >= 1e4 else 3)


@require_GET
@login_required
@require(Permission.VIEW_UNIT_DATA)
def meter_detail(request: HttpRequest, code: str) -> HttpResponse:
    meter = get_object_or_404(Meter.objects.select_related("unit"), code=code)
    ensure(request.user, Permission.VIEW_UNIT_DATA, meter.unit)
    return meter_page(request, meter)


def meter_page(request: HttpRequest, meter: Meter, errors: dict[str, list[str]] | None = None,
               edit: dict[str, str] | None = None) -> HttpResponse:
    """A meter's readings of one day (?day=) with their flags; the office's edit form."""
    day = _day(request.GET.get("day") or (edit or {}).get("day")) or q.latest_reading_day(meter)
    readings = q.day_readings(meter, day) if day else []
    chart = {"categories": [f"{r.ts.astimezone(LOCAL):%H:%M}" for r in readings],
             "unit": unit_text(meter.unit_of_measure, _english()),
             "series": [{"name": _("Energy per interval"), "type": "bar", "data": [r.energy for r in readings]}]}
    edited = [edits.audit_key(meter, r.ts) for r in readings if r.flags & Flag.EDITED]
    history = ChangeRecord.objects.filter(entity=edits.AUDIT_ENTITY, entity_key__in=edited) if edited else []
    return render(request, "monitoring/meter.html", {
        "meter": meter, "unit": meter.unit, "day": day, "readings": readings, "chart": chart, "history": history,
        "errors": errors or {}, "edit": edit or {}, "can_manage": can(request.user, Permission.MANAGE_MONITORING),
    })
