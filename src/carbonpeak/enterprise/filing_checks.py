"""The checks of a filing's corrections: energy rows (with purchase, feedstock and green power), process lines,
products.

Each refuses the whole input with every reason at once (`EnterpriseInputError`, fields named like
`energy[0].quantity`); nothing is stored here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from carbonpeak.accounting.catalogue import energy_types
from carbonpeak.common.issues import InputIssue
from carbonpeak.enterprise.catalogue import product_problem
from carbonpeak.enterprise.output_rows import check_amount
from carbonpeak.enterprise.problems import EnterpriseInputError
from carbonpeak.monitoring.figures.energy import unit_of_measure_problem


def check_energy(rows: list[Mapping[str, Any]], old: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The filed energy rows, checked. A monitored energy type keeps its monitored quantity and its unit (the
    deviation compares like with like); one left out is kept as filed 0, so the gap is flagged, not lost."""
    monitored = {r["energy_type"]: r for r in old if r.get("monitored_quantity") is not None}
    previous = {r["energy_type"]: r for r in old}
    issues: list[InputIssue] = []
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, row in enumerate(rows):
        etype = str(row.get("energy_type") or "").strip()
        uom = str(row.get("unit_of_measure") or "").strip()
        where = f"energy[{i}]"
        problem = unit_of_measure_problem(etype, uom)
        if problem:
            bad = "energy_type" if etype not in energy_types() else "unit_of_measure"
            issues.append(InputIssue("", f"{where}.{bad}", problem))
            continue
        if etype in monitored and uom != monitored[etype]["unit_of_measure"]:
            want = monitored[etype]["unit_of_measure"]
            issues.append(InputIssue("", f"{where}.unit_of_measure",
                                     f"须与监测量的单位一致（{want}）/ must be the monitored quantity's unit ({want})"))
            continue
        if etype in seen:
            issues.append(InputIssue("", f"{where}.energy_type", f"能源品种重复 / energy type given twice: {etype}"))
            continue
        seen.add(etype)
        quantity, why = check_amount(row.get("quantity"), required=True)
        if why or quantity is None:
            issues.append(InputIssue("", f"{where}.quantity", why or "必填 / required"))
            continue
        parts, part_issues = _check_parts(row, etype, quantity, where)
        bought, bought_issues = _check_purchase(row, previous.get(etype), uom, where)
        if part_issues or bought_issues:
            issues.extend(part_issues + bought_issues)
            continue
        kept = monitored.get(etype)
        out.append({"energy_type": etype, "unit_of_measure": uom, "quantity": quantity,
                    "monitored_quantity": kept["monitored_quantity"] if kept else None,
                    "explanation": str(row.get("explanation") or "").strip(), **parts, **bought})
    if issues:
        raise EnterpriseInputError(issues)
    for etype, row in monitored.items():
        if etype not in seen:
            out.append({**row, "quantity": 0.0, "explanation": ""})
    return out


def _check_purchase(row: Mapping[str, Any], before: Mapping[str, Any] | None, uom: str,
                    where: str) -> tuple[dict[str, float | None], list[InputIssue]]:
    """购进量, ≥ 0 or empty (None). A row that does not name it keeps what the type had (a client that knows
    nothing of purchases changes none); absent on both, the prefill applies (figures.purchase)."""
    if "purchase" not in row:
        if before is not None and "purchase" in before and before.get("unit_of_measure") == uom:
            return {"purchase": before["purchase"]}, []
        return {}, []
    value, why = check_amount(row.get("purchase"), required=False)
    if why:
        return {}, [InputIssue("", f"{where}.purchase", why)]
    return {"purchase": value}, []


def _check_parts(row: Mapping[str, Any], etype: str, quantity: float,
                 where: str) -> tuple[dict[str, float], list[InputIssue]]:
    """Feedstock (原料用能) of a fuel and green power (绿电) of electricity: parts of the quantity that emit
    nothing (enterprise/emissions.py), each ≥ 0 and at most the quantity."""
    kind = energy_types()[etype]
    out: dict[str, float] = {}
    issues: list[InputIssue] = []
    for name, allowed, what in (("feedstock", kind.combustion, "燃料 / a fuel"),
                                ("green_power", etype == "electricity", "电力 / electricity")):
        value, why = check_amount(row.get(name), required=False)
        if why:
            issues.append(InputIssue("", f"{where}.{name}", why))
        elif value:
            if not allowed:
                issues.append(InputIssue("", f"{where}.{name}", f"仅适用于{what.split(' / ')[0]} / only for "
                                                                f"{what.split(' / ')[1]}"))
            elif value > quantity:
                issues.append(InputIssue("", f"{where}.{name}", f"不能超过填报量 {quantity:g} / must not exceed "
                                                                f"the filed quantity {quantity:g}"))
            else:
                out[name] = value
    return out, issues


def check_process(rows: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Process emission lines: what emits, by which method, tCO2 ≥ 0."""
    issues: list[InputIssue] = []
    out: list[dict[str, Any]] = []
    for i, row in enumerate(rows):
        source = str(row.get("source") or "").strip()[:200]
        method = str(row.get("method") or "").strip()[:200]
        co2, why = check_amount(row.get("co2_t"), required=True)
        for name, text in (("source", source), ("method", method)):
            if not text:
                issues.append(InputIssue("", f"process_emissions[{i}].{name}", "必填 / required"))
        if why:
            issues.append(InputIssue("", f"process_emissions[{i}].co2_t", why))
        if source and method and co2 is not None and not why:
            out.append({"source": source, "method": method, "co2_t": co2})
    if issues:
        raise EnterpriseInputError(issues)
    return out


def check_products(rows: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    issues: list[InputIssue] = []
    out: list[dict[str, Any]] = []
    for i, row in enumerate(rows):
        code = str(row.get("product") or "").strip()
        problem = product_problem(code)
        if problem:
            issues.append(InputIssue("", f"products[{i}].product", problem))
            continue
        quantity, why = check_amount(row.get("quantity"), required=True)
        if why:
            issues.append(InputIssue("", f"products[{i}].quantity", why))
        energy, why_e = check_amount(row.get("energy_tce"), required=False)
        if why_e:
            issues.append(InputIssue("", f"products[{i}].energy_tce", why_e))
        if not why and not why_e:
            out.append({"product": code, "quantity": quantity, "energy_tce": energy})
    if issues:
        raise EnterpriseInputError(issues)
    return out
