"""What a metered quantity is worth: basis unit, tce (当量值 and 等价值) and tCO2, by the accounting engine.

The engine is linear in the quantity, so for each (energy type, unit, year) it is asked once, for one
unit of the meter's unit and one basis unit; rollups then multiply. The factor set is the plan's
default (`accounting.services.default_factor_set_code`, `shanghai` without a plan) as stored in the
database, or the bundled one of that id when the database has none (a fresh database before
`carbonpeak setup`). Every rollup row names the set's label (id@version#digest).
docs/methodology/monitoring.md ("Storage and rollups").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from carbonpeak.accounting import factor_sets as fs
from carbonpeak.accounting.activity import activity_from_records
from carbonpeak.accounting.catalogue import energy_types, unit_spec
from carbonpeak.accounting.engine import account
from carbonpeak.accounting.issues import AccountingInputError
from carbonpeak.accounting.models import FactorSet as StoredFactorSet
from carbonpeak.accounting.services import FALLBACK_FACTOR_SET, default_factor_set_code, stored_specs
from carbonpeak.plan.queries import NoPlanLoaded


@dataclass(frozen=True)
class Coefficients:
    """One (energy type, unit, year): 1 unit = `to_basis` basis units; per basis unit tce and tCO2."""

    energy_type: str
    unit: str
    basis_unit: str
    to_basis: float
    tce: float  # 当量值 per basis unit
    tce_equal_value: float  # 等价值 per basis unit
    co2_t: float
    factor_set: str  # label of the set: id@version#digest


class EnergyFactors:
    """The coefficients of one resolved factor set, computed once per (energy type, unit, year)."""

    def __init__(self, factor_set: fs.FactorSet):
        self.factor_set = factor_set
        self.label = factor_set.label()
        self._cache: dict[tuple[str, str, int], Coefficients] = {}

    def of(self, energy_type: str, unit: str, year: int) -> Coefficients:
        """Raises ValueError (zh / en) for an energy type or unit the engine does not count."""
        key = (energy_type, unit, year)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._compute(energy_type, unit, year)
        return found

    def basis(self, energy_type: str, year: int) -> Coefficients:
        """The coefficients per basis unit (kWh, m3, t, GJ) of an energy type: what rollups are kept in."""
        return self.of(energy_type, energy_types()[energy_type].basis, year)

    def _compute(self, energy_type: str, unit: str, year: int) -> Coefficients:
        etype = energy_types().get(energy_type)
        if etype is None:
            raise ValueError(f"未知能源品种 / unknown energy type: {energy_type!r}")
        records = [
            {"entity": "meter", "period": str(year), "energy_type": energy_type, "quantity": 1, "unit": unit},
            {"entity": "basis", "period": str(year), "energy_type": energy_type, "quantity": 1, "unit": etype.basis},
        ]
        try:
            result = account(activity_from_records(records), self.factor_set)
        except AccountingInputError as exc:
            raise ValueError("; ".join(str(i) for i in exc.issues)) from exc
        per = result.per_record
        return Coefficients(
            energy_type=energy_type,
            unit=unit,
            basis_unit=etype.basis,
            to_basis=float(result.basis_quantity[0]),
            tce=float(per["energy_tce"][1]),
            tce_equal_value=float(per["energy_tce_equal_value"][1]),
            co2_t=float(per["co2_t"][1]),
            factor_set=self.label,
        )


def unit_of_measure_problem(energy_type: str, unit: str) -> str | None:
    """None if the engine can count `unit` of `energy_type`, else the reason (zh / en)."""
    etype = energy_types().get(energy_type)
    if etype is None:
        allowed = ", ".join(sorted(energy_types()))
        return f"未知能源品种，应为 {allowed} 之一 / unknown energy type, one of {allowed}: {energy_type!r}"
    spec = unit_spec(unit)
    if spec is None or spec.kind not in etype.accepts:
        return f"{etype.zh}不能以 {unit!r} 计量 / {etype.en} cannot be measured in {unit!r}"
    return None


def _set_code() -> str:
    try:
        return default_factor_set_code()
    except NoPlanLoaded:
        return FALLBACK_FACTOR_SET


@lru_cache(maxsize=8)
def _resolved(code: str, digests: tuple[tuple[str, str], ...]) -> EnergyFactors:
    specs = stored_specs() if digests else {}
    try:
        return EnergyFactors(fs.resolve(code, specs))
    except AccountingInputError:
        return EnergyFactors(fs.resolve(code, fs.bundled_factor_sets()))


def current_factors() -> EnergyFactors:
    """The coefficients of the plan's default factor set as stored now (cached until a set changes)."""
    digests = tuple(sorted(StoredFactorSet.objects.values_list("code", "digest")))
    return _resolved(_set_code(), digests)
