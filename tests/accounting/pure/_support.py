"""Helpers shared by the pure accounting tests: the bundled factor sets and one-call accounting."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from carbonpeak.accounting.activity import activity_from_records
from carbonpeak.accounting.engine import AccountingResult, Totals, account
from carbonpeak.accounting.factor_sets import FactorSet, FactorSetSpec, bundled_factor_sets, resolve


@cache
def _bundled() -> dict[str, FactorSetSpec]:
    return bundled_factor_sets()


def bundled() -> dict[str, FactorSetSpec]:
    """A fresh dict of the bundled specs (specs are frozen; the dict may be extended)."""
    return dict(_bundled())


@cache
def factor_set(set_id: str) -> FactorSet:
    return resolve(set_id, _bundled())


def record(energy_type: str, quantity: Any, unit: str, period: str = "2023", entity: str = "e1",
           **extra: Any) -> dict[str, Any]:
    return {"entity": entity, "period": period, "energy_type": energy_type, "quantity": quantity, "unit": unit,
            **extra}


def run(records: Iterable[Mapping[str, Any]], set_id: str | FactorSet = "shanghai") -> AccountingResult:
    fs = factor_set(set_id) if isinstance(set_id, str) else set_id
    return account(activity_from_records(records), fs)


def totals(records: Iterable[Mapping[str, Any]], set_id: str | FactorSet = "shanghai") -> Totals:
    return run(records, set_id).totals()
