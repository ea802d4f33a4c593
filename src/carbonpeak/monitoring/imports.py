"""Key units, meters and readings imported from a page (导入): checked and previewed, stored on confirmation.

The same reading, checking and storing as `carbonpeak units import`, `meters import` and `readings import`:
a units or meters file is checked by `registry.services.check_units` / `check_meters` (every row, the codes
already registered, the meters' readings) and stored whole or not at all by `import_units` / `import_meters`;
a readings file is checked row by row by `readings.preview.preview_content` (as `ingest.prepare` checks it,
and against the readings already stored) and stored by `ingest.import_content`, the good rows kept and the
bad ones refused, as on the command line. Headers may be the codes or the Chinese names of the template.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from carbonpeak.accounting.catalogue import UNIT_VOCABULARY, energy_vocabulary
from carbonpeak.audit.actors import of_request
from carbonpeak.common.limits import MAX_REPORTED_ISSUES
from carbonpeak.common.localtime import LOCAL
from carbonpeak.common.names import Vocabulary
from carbonpeak.common.problems import Problem
from carbonpeak.http import import_checks as checks
from carbonpeak.http.imports import Importer, ImportPreview, Label, TemplateColumn
from carbonpeak.monitoring.problems import Issue, MonitoringInputError
from carbonpeak.monitoring.readings.ingest import Submitter, import_content
from carbonpeak.monitoring.readings.parsing import ReadingsInputError, RowError
from carbonpeak.monitoring.readings.preview import preview_content
from carbonpeak.monitoring.registry import services as registry
from carbonpeak.monitoring.registry.parsing import (
    CHOICES_EN,
    CHOICES_ZH,
    INTERVALS_S,
    METER_COLUMNS,
    METER_HEADERS,
    UNIT_COLUMNS,
    UNIT_HEADERS,
    MeterRow,
    UnitRow,
)
from carbonpeak.people.permissions import Permission

if TYPE_CHECKING:
    from django.http import HttpRequest

_YES_NO = (checks.either("是", "yes"), checks.either("否", "no"))


def _named(*codes: str) -> tuple[Label, ...]:
    """Values as the reader names them: 累计 in Chinese, Cumulative in English (the file may hold either)."""
    return tuple(checks.either(CHOICES_ZH[c], CHOICES_EN[c]) for c in codes)


def _columns(headers: Vocabulary, required: Sequence[str],
             notes: dict[str, tuple[Sequence[Label], Label, Label]]) -> tuple[TemplateColumn, ...]:
    return tuple(TemplateColumn(n.zh, n.en, required=n.code in required, allowed=notes[n.code][0],
                                example=notes[n.code][1], note=notes[n.code][2], code=n.code) for n in headers.names)


UNIT_TEMPLATE = _columns(UNIT_HEADERS, UNIT_COLUMNS, {
    "code": ((), "U001", gettext_lazy("The unit's code in the register; a known code updates the unit")),
    "name": ((), "金山示范新材料有限公司", ""),
    "uscc": ((), "91310116MA1JKD0G1K", gettext_lazy("18 characters (GB 32100-2015): names the unit's enterprise")),
    "industry_code": ((), "2614", gettext_lazy("A 4-digit GB/T 4754-2017 class code")),
    "town": (checks.town_values(), checks.place_name("金山卫镇"), checks.TOWN_NOTE),
    "data_center": (_YES_NO, _YES_NO[1], ""),
    "level": (_named("national", "city", "district"), _named("district")[0], gettext_lazy("Empty: district")),
    "stage": (_named("new", "existing"), "", gettext_lazy("Data centres only")),
    "design_pue": ((), "", gettext_lazy("Data centres only; at least 1")),
    "annual_budget_tce": ((), "12000", gettext_lazy("This year's energy budget in tce; empty: none")),
})
METER_TEMPLATE = _columns(METER_HEADERS, METER_COLUMNS, {
    "code": ((), "U001-E1", gettext_lazy("The meter's code; a known code updates the meter")),
    "unit_code": ((), "U001", gettext_lazy("A registered unit's code")),
    "energy_type": (tuple(checks.either(n.zh, n.en) for n in energy_vocabulary().names),
                    checks.either("电力", "Electricity"),
                    gettext_lazy("Chinese names, English names and codes are all accepted")),
    "unit": (tuple(checks.either(n.zh, n.code) for n in UNIT_VOCABULARY.names), "千瓦时",
             gettext_lazy("万千瓦时, 千瓦时 and kWh are all accepted")),
    "kind": (_named("cumulative", "interval"), _named("cumulative")[0],
             gettext_lazy("Cumulative: a register that only grows; interval: each value is its interval's energy")),
    "multiplier": ((), "1", gettext_lazy("CT/PT ratio: readings × multiplier = energy")),
    "role": (_named("total", "it_load", "sub_meter"), _named("total")[0],
             gettext_lazy("IT load: a data centre's IT equipment, electricity only")),
    "interval_s": (tuple(str(i) for i in INTERVALS_S), "900", gettext_lazy("Empty: 900 seconds (15 minutes)")),
    "register_max": ((), "", gettext_lazy("Cumulative meters: where the register wraps")),
    "minimum": ((), "", gettext_lazy("The least energy an interval can hold")),
    "maximum": ((), "", gettext_lazy("The most energy an interval can hold")),
})
READING_TEMPLATE = (
    TemplateColumn("计量点代码", "meter", example="U001-E1", note=gettext_lazy("A registered meter's code")),
    TemplateColumn("时间", "timestamp", example="2026-03-02 00:15",
                   note=gettext_lazy("The end of the interval; Beijing time unless an offset is given")),
    TemplateColumn("读数", "value", example="1234.5",
                   note=gettext_lazy("As the meter shows it, before the multiplier")),
)


def _shown_choice(code: str, english: bool) -> str:
    return (CHOICES_EN if english else CHOICES_ZH).get(code, code)


def _yes_no(flag: bool) -> str:
    return (_("yes") if flag else _("no")) if checks.english() else ("是" if flag else "否")


# --- units and meters ---------------------------------------------------------------------------------------


def _unit_sample(row: UnitRow, towns: dict[str, str]) -> list[str]:
    english = checks.english()
    return [row.code, row.name, row.uscc, row.industry_code, towns[row.town], _yes_no(row.data_center),
            _shown_choice(row.level.value, english)]


def _meter_sample(row: MeterRow) -> list[str]:
    english = checks.english()
    etype = energy_vocabulary().find(row.energy_type)
    unit = UNIT_VOCABULARY.find(row.unit)
    return [row.code, row.unit_code, (etype.en if english else etype.zh) if etype else row.energy_type,
            (unit.code if english else unit.zh) if unit else row.unit, _shown_choice(row.kind.value, english),
            f"{row.multiplier:g}", _shown_choice(row.role.value, english)]


def _registry_check(content: bytes, name: str, what: str) -> ImportPreview:
    units = what == "units"
    columns = UNIT_TEMPLATE if units else METER_TEMPLATE
    if big := checks.too_large(content, UNITS.max_bytes):
        return checks.refused(checks.shown([big], columns))
    try:
        checked = registry.check_units(name, content) if units else registry.check_meters(name, content)
    except MonitoringInputError as exc:
        return checks.refused(checks.shown(exc.problems(), columns))
    problems = [Problem(i.field, i.reason, i.row or None) for i in checked.issues]
    if not checked.rows_read and not problems:
        problems = [checks.no_rows()]
    counts = checked.summary()
    numbers = {"created": f"{counts.created:,}", "updated": f"{counts.updated:,}", "unchanged": f"{counts.unchanged:,}"}
    if units:
        summary = _("%(created)s new units, %(updated)s updated, %(unchanged)s unchanged") % numbers
        planned = [r for r, _o in checked.planned[:checks.SAMPLE_ROWS]]
        towns = checks.place_names(r.town for r in planned)
        sample = [_unit_sample(r, towns) for r in planned]
        shown_codes = ("code", "name", "uscc", "industry_code", "town", "data_center", "level")
    else:
        summary = _("%(created)s new meters, %(updated)s updated, %(unchanged)s unchanged") % numbers
        sample = [_meter_sample(r) for r, _o in checked.planned[:checks.SAMPLE_ROWS]]
        shown_codes = ("code", "unit_code", "energy_type", "unit", "kind", "multiplier", "role")
    refused_rows = {p.row for p in problems}
    return ImportPreview(
        rows_total=checked.rows_read, rows_ok=sum(1 for r, _o in checked.planned if r.row not in refused_rows),
        problems=checks.shown(problems, columns),
        summary=[summary] if not problems else [], header=[checks.field_label(c, columns) for c in shown_codes],
        sample=sample)


def check_units(content: bytes, name: str, request: HttpRequest) -> ImportPreview:
    """What importing a units file would create and update, and every problem; writes nothing."""
    return _registry_check(content, name, "units")


def check_meters(content: bytes, name: str, request: HttpRequest) -> ImportPreview:
    """What importing a meters file would create and update, and every problem; writes nothing."""
    return _registry_check(content, name, "meters")


def store_units(content: bytes, name: str, request: HttpRequest) -> Label:
    """The units stored (all or none), attributed to the user; MonitoringInputError if any row is wrong."""
    done = registry.import_units(name, content, user=request.user, actor_label=of_request(request))
    return _("Units imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.") % {
        "created": f"{done.created:,}", "updated": f"{done.updated:,}", "unchanged": f"{done.unchanged:,}"}


def store_meters(content: bytes, name: str, request: HttpRequest) -> Label:
    """The meters stored (all or none), attributed to the user; MonitoringInputError if any row is wrong."""
    done = registry.import_meters(name, content, user=request.user, actor_label=of_request(request))
    return _("Meters imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.") % {
        "created": f"{done.created:,}", "updated": f"{done.updated:,}", "unchanged": f"{done.unchanged:,}"}


# --- readings -----------------------------------------------------------------------------------------------


def _reading_problems(errors: Sequence[RowError]) -> list[Problem]:
    shown = [Problem(e.field, e.reason_zh, e.row or None, e.reason_en) for e in errors[:MAX_REPORTED_ISSUES]]
    if len(errors) > len(shown):
        rest = len(errors) - len(shown)
        shown.append(Problem("rows", f"另有 {rest:,} 个问题未列出", None, f"{rest:,} more problems not listed"))
    return checks.shown(shown, READING_TEMPLATE)


def _submitter(request: HttpRequest) -> Submitter:
    return Submitter(user=request.user, source=of_request(request))


def check_readings(content: bytes, name: str, request: HttpRequest) -> ImportPreview:
    """How many readings importing the file would store, repeat and refuse, and why each refused row is;
    writes nothing."""
    if big := checks.too_large(content, READINGS.max_bytes):
        return checks.refused(checks.shown([big], READING_TEMPLATE))
    try:
        found = preview_content(name, content, submitter=_submitter(request))
    except ReadingsInputError as exc:
        return checks.refused(_reading_problems(exc.issues))
    problems = _reading_problems(found.errors)
    if not found.rows_read:
        return checks.refused(_reading_problems([RowError(0, "file", "文件中没有读数", "the file has no readings")]))
    summary: list[Label] = [_("%(accepted)s readings will be imported, %(rejected)s rows refused.") % {
        "accepted": f"{found.accepted:,}", "rejected": f"{found.rejected:,}"}]
    if found.duplicates:
        summary.append(_("%(n)s readings are already stored with the same value and will be skipped.")
                       % {"n": f"{found.duplicates:,}"})
    sample = [[code, dt.datetime.fromtimestamp(ts, LOCAL).strftime("%Y-%m-%d %H:%M:%S"), f"{value:,.10g}"]
              for code, ts, value in found.sample]
    return ImportPreview(rows_total=found.rows_read, rows_ok=found.accepted, problems=problems, partial_allowed=True,
                         summary=summary, header=[checks.heading(c) for c in READING_TEMPLATE], sample=sample)


def store_readings(content: bytes, name: str, request: HttpRequest) -> Label:
    """The file's good rows stored (in chunks, each acknowledged), the bad ones refused; attributed to the user.
    MonitoringInputError (the room's refusal the page shows) if the file cannot be read at all."""
    try:
        report = import_content(name, content, submitter=_submitter(request))
    except ReadingsInputError as exc:
        raise MonitoringInputError([Issue(e.field, f"{e.reason_zh} / {e.reason_en}", e.row) for e in exc.issues]
                                   ) from exc
    return _("%(accepted)s readings imported, %(duplicates)s already stored, %(rejected)s rows refused.") % {
        "accepted": f"{report.accepted:,}", "duplicates": f"{report.duplicates:,}",
        "rejected": f"{report.rejected:,}"}


def _example(text: str, file_name: str) -> Callable[[], tuple[bytes, str]]:
    return lambda: (text.encode("utf-8-sig"), file_name)


UNITS = Importer(
    kind="units",
    title=gettext_lazy("Key energy-using units"),
    permission=Permission.MANAGE_MONITORING,
    extensions=("csv", "xlsx"),
    check=check_units,
    store=store_units,
    done_url=lambda: reverse("monitoring:unit_list"),
    description=gettext_lazy(
        "The register of key energy-using units and data centres, one row per unit. A row whose code is "
        "registered updates that unit; the file is stored whole, or not at all when any row is wrong. Each "
        "unit's USCC names its enterprise, whose users then see and feed the unit."),
    columns=UNIT_TEMPLATE,
    example_file=_example("单位代码,单位名称,统一社会信用代码,行业代码,所在镇,是否数据中心,数据中心阶段,设计PUE\n"
                          "U001,金山示范新材料有限公司,91310116MA1JKD0G1K,2614,金山卫镇,否,,\n", "units-example.csv"),
)
METERS = Importer(
    kind="meters",
    title=gettext_lazy("Meters"),
    permission=Permission.MANAGE_MONITORING,
    extensions=("csv", "xlsx"),
    check=check_meters,
    store=store_meters,
    done_url=lambda: reverse("monitoring:unit_list"),
    description=gettext_lazy(
        "The meters of registered units, one row per meter. A row whose code is registered updates that "
        "meter; a meter with readings keeps its energy type, unit of measure, kind and unit. The file is "
        "stored whole, or not at all when any row is wrong."),
    columns=METER_TEMPLATE,
    example_file=_example("计量点代码,单位代码,能源品种,计量单位,读数类型,倍率,计量用途\n"
                          "U001-E1,U001,电力,千瓦时,累计,100,总表\n", "meters-example.csv"),
)
READINGS = Importer(
    kind="readings",
    title=gettext_lazy("Meter readings"),
    permission=Permission.MANAGE_MONITORING,
    extensions=("csv", "xlsx", "json"),
    check=check_readings,
    store=store_readings,
    done_url=lambda: reverse("monitoring:home"),
    description=gettext_lazy(
        "Readings of registered meters, one row per meter and time. Each row is accepted or refused on its own: "
        "the good rows are stored and the refused ones listed. A reading already stored with the same value is "
        "skipped; a stored reading is never overwritten (correct it on the meter's page)."),
    columns=READING_TEMPLATE,
    example_file=_example("计量点代码,时间,读数\nU001-E1,2026-03-02 00:15,1234.5\nU001-E1,2026-03-02 00:30,1240.1\n",
                          "readings-example.csv"),
)

IMPORTERS: list[Importer] = [UNITS, METERS, READINGS]
