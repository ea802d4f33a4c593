"""Activity data (清单活动数据) imported from a page: checked and previewed, then stored on confirmation.

The same reading, checking and storing as `carbonpeak activity import`: `activity.activity_file_records`
reads the file (CSV or xlsx, the header in codes or in Chinese), `activity.check_activity` checks every
record and `services.import_activity` stores them, replacing what the same source (the file name) holds for
the same years. A file with any bad row is refused whole, as on the command line. (The factor sets' importer
is `factor_set_imports.py`.)
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from carbonpeak.accounting import services
from carbonpeak.accounting.activity import (
    COLUMN_VOCABULARY,
    REQUIRED_COLUMNS,
    UNSPECIFIED_SECTOR,
    ActivityTable,
    CheckedActivity,
    activity_file_records,
    check_activity,
)
from carbonpeak.accounting.catalogue import UNIT_VOCABULARY, USE_VOCABULARY, energy_vocabulary
from carbonpeak.accounting.issues import AccountingInputError
from carbonpeak.accounting.models import ActivityRecord
from carbonpeak.audit.actors import of_request
from carbonpeak.http import import_checks as checks
from carbonpeak.http.imports import Importer, ImportPreview, Label, TemplateColumn
from carbonpeak.people.permissions import Permission

if TYPE_CHECKING:
    from django.http import HttpRequest

_YES_NO = (checks.either("是", "yes"), checks.either("否", "no"))
_COLUMN_NOTES: dict[str, tuple[tuple[Label, ...], Label, Label]] = {
    # code: (allowed values, example (a word in the reader's language), note)
    "entity": ((), "金山示范新材料", gettext_lazy("The unit, enterprise or area the energy belongs to")),
    "period": ((), "2023", gettext_lazy("A year (2023), a quarter (2023-Q2) or a month (2023-05)")),
    "energy_type": (tuple(checks.either(n.zh, n.en) for n in energy_vocabulary().names),
                    checks.either("天然气", "Natural gas"),
                    gettext_lazy("Chinese names, English names and codes are all accepted")),
    "quantity": ((), "12", gettext_lazy("Not negative")),
    "unit": (tuple(checks.either(n.zh, n.code) for n in UNIT_VOCABULARY.names), "万立方米",
             gettext_lazy("万千瓦时, 千瓦时 and kWh are all accepted")),
    "use": (tuple(checks.either(n.zh, n.en) for n in USE_VOCABULARY.names), checks.either("燃料", "Fuel"),
            gettext_lazy("Empty: fuel")),
    "sector": ((), "工业", gettext_lazy("Empty: unspecified")),
    "green_power": (_YES_NO, _YES_NO[1], gettext_lazy("Electricity only")),
    "renewable": (_YES_NO, _YES_NO[1], gettext_lazy("Electricity only")),
}
COLUMNS = tuple(
    TemplateColumn(n.zh, n.en, required=n.code in REQUIRED_COLUMNS, allowed=_COLUMN_NOTES[n.code][0],
                   example=_COLUMN_NOTES[n.code][1], note=_COLUMN_NOTES[n.code][2], code=n.code)
    for n in COLUMN_VOCABULARY.names
)


_SAMPLED = ("entity", "period", "energy_type", "quantity", "unit", "use", "sector")


def _checked(content: bytes, name: str) -> CheckedActivity:
    """Every record checked; AccountingInputError when the file cannot be read or lacks a column."""
    return check_activity(activity_file_records(name, content), first_row=2)


def _years(table: ActivityTable) -> Counter[int]:
    return Counter(table.periods[p].year for p in table.period.tolist())


def _sample(table: ActivityTable) -> list[list[str]]:
    english = checks.english()
    etypes = energy_vocabulary()
    fuel, feedstock = (n.en if english else n.zh for n in USE_VOCABULARY.names)
    uses = {False: fuel, True: feedstock}
    rows = []
    for i in range(min(len(table), checks.SAMPLE_ROWS)):
        etype = etypes.find(table.energy_types[int(table.energy_type[i])])
        unit = UNIT_VOCABULARY.find(table.units[int(table.unit[i])])
        rows.append([
            table.entities[int(table.entity[i])], table.periods[int(table.period[i])].label,
            (etype.en if english else etype.zh) if etype is not None else "",
            f"{float(table.quantity[i]):,.6g}", (unit.code if english else unit.zh) if unit is not None else "",
            uses[bool(table.feedstock[i])], _sector(table.sectors[int(table.sector[i])], english),
        ])
    return rows


def _sector(sector: str, english: bool) -> str:
    """A record's sector as typed; none typed reads 未指定 in Chinese (the stored code is English)."""
    return sector if sector != UNSPECIFIED_SECTOR or english else "未指定"


def check(content: bytes, name: str, request: HttpRequest) -> ImportPreview:
    """What importing the file would store and replace, and every problem with its row; writes nothing."""
    if big := checks.too_large(content, ACTIVITY.max_bytes):
        return checks.refused(checks.shown([big], COLUMNS))
    try:
        checked = _checked(content, name)
    except AccountingInputError as exc:
        return checks.refused(checks.shown(exc.problems(), COLUMNS))
    if checked.table is None:
        return ImportPreview(rows_total=checked.rows_read, rows_ok=checked.rows_read - checked.rows_refused,
                             problems=checks.shown([i.problem() for i in checked.issues], COLUMNS))
    table = checked.table
    years = _years(table)
    source = checks.source_named(name)
    replaced = ActivityRecord.objects.filter(source=source, year__in=list(years)).count()
    per_year = checks.listed(_("%(year)s: %(n)s") % {"year": y, "n": f"{n:,}"} for y, n in sorted(years.items()))
    summary: list[Label] = [_("%(n)s activity records will be imported (%(years)s).")
                            % {"n": f"{len(table):,}", "years": per_year}]
    if replaced:
        summary.append(_("They replace the %(n)s records source “%(source)s” holds for these years.")
                       % {"n": f"{replaced:,}", "source": source})
    header = [checks.field_label(code, COLUMNS) for code in _SAMPLED]
    return ImportPreview(rows_total=checked.rows_read, rows_ok=len(table), summary=summary, header=header,
                         sample=_sample(table))


def store(content: bytes, name: str, request: HttpRequest) -> Label:
    """Store the file's records, replacing the same source's records of the same years; attributed to the
    user. AccountingInputError if the file has any problem (nothing stored)."""
    checked = _checked(content, name)
    if checked.table is None:
        raise AccountingInputError(checked.issues)
    summary = services.import_activity(checked.table, source=checks.source_named(name), user=request.user,
                                       actor_label=of_request(request))
    years = checks.listed(_("%(year)s: %(n)s") % {"year": y, "n": f"{n:,}"} for y, n in sorted(summary.years.items()))
    return _("Activity data imported (%(years)s); %(replaced)s records replaced.") % {
        "years": years, "replaced": f"{summary.replaced:,}"}


def _example() -> tuple[bytes, str]:
    text = ("主体,期间,能源品种,数量,计量单位,用途,行业\n金山示范新材料,2023,电力,500,万千瓦时,,工业\n"
            "金山示范新材料,2023,天然气,12,万立方米,燃料,工业\n金山示范新材料,2023,柴油,30,吨,,交通\n")
    return text.encode("utf-8-sig"), "activity-example.csv"


ACTIVITY = Importer(
    kind="activity",
    title=gettext_lazy("Inventory activity data"),
    permission=Permission.MANAGE_ACCOUNTING,
    extensions=("csv", "xlsx"),
    check=check,
    store=store,
    done_url=lambda: reverse("accounting:inventory"),
    description=gettext_lazy(
        "Who used how much of which energy, and when: one row per entity, period and energy type. Importing "
        "a file again replaces the records the same file (by its name) holds for the same years, so a "
        "corrected file does not count twice. Compile the year's inventory afterwards on the inventory page."),
    columns=COLUMNS,
    example_file=_example,
)

IMPORTERS: list[Importer] = [ACTIVITY]
