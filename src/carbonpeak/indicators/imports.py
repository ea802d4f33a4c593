"""Indicator observations (指标数据) imported from a page: checked and previewed, then stored on confirmation.

The same reading, checking and storing as `carbonpeak indicators import`: `observations.read_table` reads the
file (CSV or xlsx, the header in codes or in Chinese), `services.check_records` checks every row against the
plan's indicators (named by code or by name; values converted to the indicator's unit and ranged),
`services.planned` says what each good row would create or update, and `services.import_records` stores the
file whole, or nothing when any row is wrong, as the command does without `--valid-only`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from carbonpeak.audit.actors import of_request
from carbonpeak.common.measures import UNITS as MEASURES
from carbonpeak.http import import_checks as checks
from carbonpeak.http.imports import Importer, ImportPreview, Label, TemplateColumn
from carbonpeak.indicators import services
from carbonpeak.indicators.observations import (
    COLUMN_VOCABULARY,
    REQUIRED_COLUMNS,
    ObservationInputError,
    ObservationRow,
    read_table,
)
from carbonpeak.people.permissions import Permission
from carbonpeak.plan.queries import current_plan

if TYPE_CHECKING:
    from django.http import HttpRequest

    from carbonpeak.plan.models import Plan

_NOTES: dict[str, tuple[str, Label]] = {
    "indicator": ("森林覆盖率", gettext_lazy("The indicator's name or code, as the indicator list shows it")),
    "period": ("2025", gettext_lazy("A year (2025), a quarter (2025-Q2) or a month (2025-05)")),
    "value": ("16.8", gettext_lazy("In the unit of the next column; converted to the indicator's unit")),
    "unit": ("%", gettext_lazy("For instance %, 万千瓦时, 吨标准煤/万元; empty for a ratio, a year or a count")),
    "reference_value": ("", gettext_lazy("Only for a target relative to a reference (such as the city average)")),
    "source": ("区绿化市容局", gettext_lazy("Empty: the file's name")),
    "note": ("", ""),
}
COLUMNS = tuple(TemplateColumn(n.zh, n.en, required=n.code in REQUIRED_COLUMNS, example=_NOTES[n.code][0],
                               note=_NOTES[n.code][1], code=n.code) for n in COLUMN_VOCABULARY.names)


def _sample(plan: Plan, rows: list[ObservationRow]) -> list[list[str]]:
    english = checks.english()
    indicators = {i.code: i for i in plan.indicators.filter(code__in={r.indicator for r in rows})}
    out = []
    for row in rows[:checks.SAMPLE_ROWS]:
        indicator = indicators[row.indicator]
        unit = MEASURES.get(indicator.unit)
        shown_unit = (unit.en if english else unit.zh) or unit.code if unit is not None else indicator.unit
        out.append([indicator.name_en if english else indicator.name, row.period,
                    f"{row.entered_value:,.10g} {row.entered_unit}".strip(), f"{row.value:,.6g} {shown_unit}".strip(),
                    row.source])
    return out


def check(content: bytes, name: str, request: HttpRequest) -> ImportPreview:
    """What importing the file would create and update, and every problem with its row; writes nothing."""
    if big := checks.too_large(content, OBSERVATIONS.max_bytes):
        return checks.refused(checks.shown([big], COLUMNS))
    try:
        records = read_table(name, content)
    except ObservationInputError as exc:
        return checks.refused(checks.shown(exc.problems(), COLUMNS))
    if not records:
        return checks.refused(checks.shown([checks.no_rows()], COLUMNS))
    plan = current_plan()
    checked = services.check_records(plan, records)
    problems = checks.shown([i.problem() for i in checked.issues], COLUMNS)
    summary: list[Label] = []
    if not problems:
        outcomes = services.planned(plan, checked, source=checks.source_named(name))
        summary.append(_("%(created)s new values, %(updated)s updated, %(unchanged)s unchanged") % {
            "created": f"{outcomes.count('created'):,}", "updated": f"{outcomes.count('updated'):,}",
            "unchanged": f"{outcomes.count('unchanged'):,}"})
    header = [checks.field_label(c, COLUMNS) for c in ("indicator", "period", "value")]
    return ImportPreview(rows_total=len(records), rows_ok=len(checked.rows), problems=problems, summary=summary,
                         header=[*header, _("Value in the indicator's unit"), checks.field_label("source", COLUMNS)],
                         sample=_sample(plan, checked.rows))


def store(content: bytes, name: str, request: HttpRequest) -> Label:
    """The file's values stored (all or none), attributed to the user; the changed indicators' warnings are
    re-evaluated when the transaction commits. ObservationInputError if any row is wrong."""
    done = services.import_records(current_plan(), read_table(name, content), user=request.user,
                                   actor_label=of_request(request), source=checks.source_named(name))
    return _("Indicator values imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.") % {
        "created": f"{done.created:,}", "updated": f"{done.updated:,}", "unchanged": f"{done.unchanged:,}"}


def _example() -> tuple[bytes, str]:
    text = "指标,期间,数值,计量单位,数据来源\n森林覆盖率,2025,16.8,%,区绿化市容局\n"
    return text.encode("utf-8-sig"), "indicator-values-example.csv"


OBSERVATIONS = Importer(
    kind="observations",
    title=gettext_lazy("Indicator values"),
    permission=Permission.MANAGE_INDICATORS,
    extensions=("csv", "xlsx"),
    check=check,
    store=store,
    done_url=lambda: reverse("indicators:indicator_list"),
    description=gettext_lazy(
        "Values of the plan's indicators, one row per indicator and period, in any unit that converts to the "
        "indicator's. A value for a period already recorded replaces it, its history kept. The file is stored "
        "whole, or not at all when any row is wrong. Derived indicators are computed, never imported."),
    columns=COLUMNS,
    example_file=_example,
)

IMPORTERS: list[Importer] = [OBSERVATIONS]
