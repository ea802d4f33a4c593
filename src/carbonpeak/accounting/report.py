"""The answer of an accounting run as plain data: what the CLI prints and the API returns.

Pure module (no Django). Value added (10^4 CNY at comparable prices) per entity and
period turns totals into intensities, and a base period into change rates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from carbonpeak.accounting.engine import AccountingResult, Totals
from carbonpeak.accounting.intensity import Intensity, IntensityError, change_rate, intensity
from carbonpeak.accounting.issues import AccountingInputError
from carbonpeak.common.issues import InputIssue, row_label
from carbonpeak.common.measures import registry
from carbonpeak.common.numbers import parse_number
from carbonpeak.common.periods import parse_period


@dataclass(frozen=True)
class ValueAdded:
    entity: str
    period: str  # normalised period label
    value_10k_cny: float


def read_value_added(records: Iterable[Mapping[str, Any]], first_row: int = 1) -> list[ValueAdded]:
    """Rows of `entity,period,value_added` (10^4 CNY at comparable prices; entity `*` = the
    district's GDP); every problem reported at once."""
    out: list[ValueAdded] = []
    issues: list[InputIssue] = []
    for number, rec in enumerate(records, start=first_row):
        here = f"value_added {row_label(number)}"
        if not isinstance(rec, Mapping):
            issues.append(InputIssue(here, "row", "应为一条记录（对象）/ must be a record (object)"))
            continue
        entity = str(rec.get("entity") or "").strip()
        if not entity:
            issues.append(InputIssue(here, "entity", "不能为空 / must not be empty"))
        try:
            period = parse_period(str(rec.get("period") or "")).label
        except ValueError as exc:
            issues.append(InputIssue(here, "period", str(exc)))
            period = ""
        try:
            value = parse_number(str(rec.get("value_added") or ""))
            if not value > 0 or value == float("inf"):
                raise ValueError
        except ValueError:
            issues.append(
                InputIssue(
                    here,
                    "value_added",
                    f"须为正数（万元）/ must be a positive number (10^4 CNY): '{rec.get('value_added')}'",
                )
            )
            continue
        if entity and period:
            out.append(ValueAdded(entity, period, value))
    if issues:
        raise AccountingInputError(issues)
    return out


def _intensities(totals: Totals, value_added: float) -> dict[str, Intensity]:
    gdp = value_added * registry().parse_expression("1e4*CNY")
    return {
        "energy_intensity": intensity(totals.quantity("energy_tce"), gdp),
        "co2_intensity": intensity(totals.quantity("co2_t"), gdp),
    }


DISTRICT = "*"  # a value-added row for every record together: the district's GDP


def _periods(
    per_period: Mapping[str, Totals], added: Mapping[str, float], base_label: str | None
) -> dict[str, Any]:
    """period → metrics, with intensities where value added is given and change vs the base."""
    base: dict[str, Intensity] | None = None
    if base_label and base_label in added and base_label in per_period:
        base = _intensities(per_period[base_label], added[base_label])
    out: dict[str, Any] = {}
    for label, totals in sorted(per_period.items()):
        entry: dict[str, Any] = totals.as_dict()
        if label in added:
            entry["value_added_10k_cny"] = added[label]
            for key, value in _intensities(totals, added[label]).items():
                entry[key] = value.as_dict()
                if base is not None and label != base_label:
                    try:
                        entry[f"{key}_change_pct"] = change_rate(value, base[key])
                    except IntensityError:
                        entry[f"{key}_change_pct"] = None
        out[label] = entry
    return out


def result_as_dict(
    result: AccountingResult,
    *,
    factor_set_name: str = "",
    value_added: Iterable[ValueAdded] = (),
    base_period: str | None = None,
) -> dict[str, Any]:
    """factor_set, totals, entities (with periods, intensities, change rates), breakdowns and the
    factors that were used, each with its source. Value added of entity "*" is the district's
    GDP: it gives the intensities of the top-level `periods`.

    Raises AccountingInputError when value added names an entity or period without records.
    """
    added: dict[str, dict[str, float]] = {}
    for va in value_added:
        slot = added.setdefault(va.entity, {})
        slot[va.period] = slot.get(va.period, 0.0) + va.value_10k_cny
    per_period = result.by_entity_period()
    by_period = result.by_period()
    unknown = [
        InputIssue("value_added", "entity", f"没有 {entity} 在 {period} 的记录 / no records of {entity} in {period}")
        for entity, periods in added.items()
        for period in periods
        if period not in (by_period if entity == DISTRICT else per_period.get(entity, {}))
    ]
    if unknown:
        raise AccountingInputError(unknown)
    base_label: str | None = None
    if base_period:
        try:
            base_label = parse_period(base_period).label
        except ValueError as exc:
            raise AccountingInputError([InputIssue("base_period", "base_period", str(exc))]) from exc
    basis = result.basis_by_energy_type()
    entities = {
        name: {**totals.as_dict(), "periods": _periods(per_period.get(name, {}), added.get(name, {}), base_label)}
        for name, totals in result.by_entity().items()
    }
    return {
        "factor_set": result.factor_set,
        "factor_set_name": factor_set_name,
        "records": len(result.table),
        "totals": result.totals().as_dict(),
        "entities": entities,
        "energy_types": {
            code: {**t.as_dict(), "quantity": basis[code][0], "quantity_unit": basis[code][1]}
            for code, t in result.by_energy_type().items()
        },
        "sectors": {code: t.as_dict() for code, t in result.by_sector().items()},
        "periods": _periods(by_period, added.get(DISTRICT, {}), base_label),
        "factors_used": [
            {"set": f.set_id, **f.row.as_dict()}
            for f in sorted(result.factors_used, key=lambda f: (f.row.subject, f.row.parameter))
        ],
    }
