"""Point sources handed to the inventory (重点排放源): the key units' accepted GHG reports as the point-source part
of the industrial sector. The enterprise room hands them over (it sits above accounting and calls in); the
inventory reads them when it is built, each line naming the reports that made its part.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from carbonpeak.accounting.inventory import PointSourcePart, line_specs
from carbonpeak.accounting.issues import AccountingInputError
from carbonpeak.accounting.models import PointSource
from carbonpeak.audit.models import ChangeAction, ChangeRecord, stored_actor
from carbonpeak.common.issues import InputIssue
from carbonpeak.people.permissions import AnyUser


@dataclass(frozen=True)
class PointSourceRow:
    line: str  # inventory line code
    key: str  # unit code
    name: str
    co2_t: float
    source: str


@dataclass(frozen=True)
class HandOver:
    created: int
    updated: int
    removed: int
    unchanged: int


@transaction.atomic
def hand_over(year: int, rows: Iterable[PointSourceRow], *, user: AnyUser | None, actor_label: str) -> HandOver:
    """Replace the year's point sources with `rows` (the set now accepted): new and changed rows written, rows no
    longer given removed, each change a ChangeRecord. Handing over the same rows again changes nothing."""
    given = list(rows)
    known = {s.code for s in line_specs()}
    issues = [InputIssue(r.key, "line", f"未知清单行 / unknown inventory line '{r.line}'") for r in given
              if r.line not in known]
    issues += [InputIssue(r.key, "co2_t", "不能为负 / must not be negative") for r in given if r.co2_t < 0]
    if issues:
        raise AccountingInputError(issues)
    old = {(p.line, p.key): p for p in PointSource.objects.select_for_update().filter(year=year)}
    created = updated = unchanged = 0
    for r in given:
        found = old.pop((r.line, r.key), None)
        after = {"co2_t": r.co2_t, "source": r.source}
        if found is None:
            PointSource.objects.create(year=year, line=r.line, key=r.key, name=r.name, co2_t=r.co2_t, source=r.source,
                                       handed_over_by_label=actor_label)
            created += 1
            _record(user, actor_label, year, r, ChangeAction.CREATED, {}, after)
        elif (found.co2_t, found.source, found.name) != (r.co2_t, r.source, r.name):
            before = {"co2_t": found.co2_t, "source": found.source}
            found.co2_t, found.source, found.name, found.handed_over_by_label = r.co2_t, r.source, r.name, actor_label
            found.save()
            updated += 1
            _record(user, actor_label, year, r, ChangeAction.UPDATED, before, after)
        else:
            unchanged += 1
    for gone in old.values():
        _record(user, actor_label, year, PointSourceRow(gone.line, gone.key, gone.name, gone.co2_t, gone.source),
                ChangeAction.DELETED, {"co2_t": gone.co2_t, "source": gone.source}, {})
        gone.delete()
    return HandOver(created, updated, len(old), unchanged)


def _record(user: AnyUser | None, label: str, year: int, r: PointSourceRow, action: str, before: dict[str, object],
            after: dict[str, object]) -> None:
    ChangeRecord.objects.create(actor=stored_actor(user), actor_label=label, entity="point_source",
                                entity_key=f"{year}/{r.line}/{r.key}", action=action, before=before, after=after,
                                reason="handed over from the key units' GHG reports")


def parts(year: int) -> dict[str, PointSourcePart]:
    """The year's point-source part of each line, with the reports that made it (for the inventory)."""
    co2: dict[str, float] = {}
    sources: dict[str, list[str]] = {}
    for p in PointSource.objects.filter(year=year):
        co2[p.line] = co2.get(p.line, 0.0) + p.co2_t
        sources.setdefault(p.line, []).append(f"{p.key}: {p.source}")
    return {line: PointSourcePart(co2[line], tuple(sources[line])) for line in co2}
