"""Energy → standard coal → CO2: the accounting engine.

Pure module (no Django), vectorised with numpy. For every record:

    q_b        quantity in the energy type's basis unit (t, m3, kWh, GJ), converted by pint;
               steam given in heat units is turned into tonnes by its heat content
    E_eq       = q_b × coal coefficient                         (综合能耗, 当量值, tce)
    E_ev       = q_b × equal-value coefficient for electricity, E_eq otherwise (等价值)
    E_dual     = E_basis − feedstock − eligible renewable power (能耗双控口径)
    CO2_direct = q_b × NCV × carbon content × oxidation × 44/12, 0 for feedstock
    CO2_ind    = q_b × emission factor (purchased electricity, heat; steam via heat content);
               green power traded across provinces uses its own factor where the set has one

Factors are looked up once per (energy type, period) and unit conversions once per
(energy type, unit), then applied to all records with array indexing; totals are
`np.bincount` sums. docs/methodology/accounting.md gives the sources and choices.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
import pint

from carbonpeak.accounting.activity import ActivityTable
from carbonpeak.accounting.catalogue import UNIT_SPELLINGS, UnitKind, energy_types
from carbonpeak.accounting.factor_sets import DualControlBasis, Factor, FactorSet, Parameter
from carbonpeak.accounting.issues import AccountingInputError
from carbonpeak.common.issues import InputIssue, row_label
from carbonpeak.common.measures import registry

# Molar masses of CO2 (44.01) and C (12.011) rounded as the guidelines print them.
CO2_PER_C = "44/12 t_CO2/t_C"

METRICS: tuple[str, ...] = (
    "energy_tce",  # 综合能源消费量, 当量值
    "energy_tce_equal_value",  # 等价值
    "energy_tce_dual_control",  # counted for dual control
    "feedstock_tce",  # 原料用能 deducted (on the dual-control basis)
    "renewable_tce",  # eligible renewable power deducted (on the dual-control basis)
    "co2_t",
    "co2_direct_t",
    "co2_indirect_t",
)
METRIC_UNITS: dict[str, str] = {
    "energy_tce": "tce",
    "energy_tce_equal_value": "tce",
    "energy_tce_dual_control": "tce",
    "feedstock_tce": "tce",
    "renewable_tce": "tce",
    "co2_t": "t_CO2",
    "co2_direct_t": "t_CO2",
    "co2_indirect_t": "t_CO2",
}


def _q(text: str) -> pint.Quantity[Any]:
    parsed: pint.Quantity[Any] = registry().parse_expression(text)
    return parsed


@dataclass(frozen=True)
class Totals:
    """The metrics of one slice of records, in tce and tCO2."""

    values: dict[str, float]

    def __getitem__(self, metric: str) -> float:
        return self.values[metric]

    def quantity(self, metric: str) -> pint.Quantity[Any]:
        scaled: pint.Quantity[Any] = _q(METRIC_UNITS[metric]) * self.values[metric]
        return scaled

    def as_dict(self) -> dict[str, float]:
        return dict(self.values)


@dataclass
class AccountingResult:
    factor_set: str  # FactorSet.label(): id@version#digest
    table: ActivityTable
    per_record: dict[str, npt.NDArray[np.float64]]
    basis_quantity: npt.NDArray[np.float64]
    factors_used: list[Factor] = field(default_factory=list)

    def totals(self) -> Totals:
        return Totals({m: float(self.per_record[m].sum()) for m in METRICS})

    def _by(self, index: npt.NDArray[np.int64], labels: list[str]) -> dict[str, Totals]:
        sums = {m: np.bincount(index, weights=self.per_record[m], minlength=len(labels)) for m in METRICS}
        return {label: Totals({m: float(sums[m][i]) for m in METRICS}) for i, label in enumerate(labels)}

    def by_entity(self) -> dict[str, Totals]:
        return self._by(self.table.entity, self.table.entities)

    def by_energy_type(self) -> dict[str, Totals]:
        return self._by(self.table.energy_type, self.table.energy_types)

    def by_sector(self) -> dict[str, Totals]:
        return self._by(self.table.sector, self.table.sectors)

    def by_period(self) -> dict[str, Totals]:
        return self._by(self.table.period, [p.label for p in self.table.periods])

    def by_entity_period(self) -> dict[str, dict[str, Totals]]:
        """entity → period label → totals, only for the pairs that have records."""
        n_periods = len(self.table.periods)
        keys, inverse = np.unique(self.table.entity * n_periods + self.table.period, return_inverse=True)
        sums = {m: np.bincount(inverse, weights=self.per_record[m], minlength=len(keys)) for m in METRICS}
        out: dict[str, dict[str, Totals]] = {}
        for i, key in enumerate(keys.tolist()):
            entity, period = divmod(key, n_periods)
            out.setdefault(self.table.entities[entity], {})[self.table.periods[period].label] = Totals(
                {m: float(sums[m][i]) for m in METRICS}
            )
        return out

    def basis_by_energy_type(self) -> dict[str, tuple[float, str]]:
        """Physical amount of each energy type in its basis unit (kWh, t, m3, GJ)."""
        sums = np.bincount(self.table.energy_type, weights=self.basis_quantity, minlength=len(self.table.energy_types))
        types = energy_types()
        return {code: (float(sums[i]), types[code].basis) for i, code in enumerate(self.table.energy_types)}


@dataclass
class _Coefficients:
    """Per (energy type, period): what one basis unit is worth."""

    tce: float = 0.0
    tce_equal_value: float = 0.0
    co2_direct: float = 0.0
    co2_indirect: float = 0.0
    co2_indirect_green: float = 0.0
    heat_content: float = 0.0  # GJ per basis unit (steam)


# The coefficient columns in the order `account` unpacks them.
_COLUMNS = ("tce", "tce_equal_value", "co2_direct", "co2_indirect", "co2_indirect_green", "heat_content")


class _Lookup:
    def __init__(self, factor_set: FactorSet):
        self.factor_set = factor_set
        self.used: dict[tuple[str, str, str], Factor] = {}
        self.missing: list[tuple[str, str, Parameter, int]] = []  # (record's type, subject, parameter, period)
        self.for_type = ""
        self.period_index = 0

    def get(self, subject: str, parameter: Parameter, period: Any, required: bool = True) -> Factor | None:
        found = self.factor_set.lookup(subject, parameter, period.start)
        if found is None:
            if required:
                # Steam borrows heat's emission factor: the message names the steam record.
                self.missing.append((self.for_type, subject, parameter, self.period_index))
            return None
        self.used[(found.set_id, subject, f"{parameter}|{found.row.valid_from}|{found.row.valid_to}")] = found
        return found


@lru_cache(maxsize=1024)
def _scale(units: tuple[str, ...], target: str) -> float:
    """What the product of these unit expressions is in `target`, per 1 of each: units only, so a factor's
    value times this is the factor in `target` (the registry's units are all multiplicative). Cached: a
    factor set has a few dozen unit spellings, while parsing one with pint costs tens of microseconds."""
    product = _q(units[0])
    for unit in units[1:]:
        product = product * _q(unit)
    return float(product.to(target).magnitude)


def _per_basis(factor: Factor, basis: str, target: str) -> float:
    """A factor's value per one basis unit, in the target unit (e.g. kgce/kg → tce per t)."""
    return factor.row.value * _scale((factor.row.unit, basis), target)


def _coefficients(code: str, period: Any, lookup: _Lookup) -> _Coefficients:
    etype = energy_types()[code]
    basis = UNIT_SPELLINGS[etype.basis.lower()].pint_expr
    out = _Coefficients()
    coal = lookup.get(code, Parameter.COAL_COEFFICIENT, period)
    if coal is not None:
        out.tce = out.tce_equal_value = _per_basis(coal, basis, "tce")
    if code == "electricity":
        equal = lookup.get(code, Parameter.EQUAL_VALUE_COEFFICIENT, period)
        if equal is not None:
            out.tce_equal_value = _per_basis(equal, basis, "tce")
    if etype.combustion:
        ncv = lookup.get(code, Parameter.NCV, period)
        carbon = lookup.get(code, Parameter.CARBON_CONTENT, period)
        oxidation = lookup.get(code, Parameter.OXIDATION, period)
        if ncv and carbon and oxidation:
            rows = (ncv.row, carbon.row, oxidation.row)
            scale = _scale((*(r.unit for r in rows), basis, CO2_PER_C), "t_CO2")
            out.co2_direct = ncv.row.value * carbon.row.value * oxidation.row.value * scale
    if code == "steam":
        heat = lookup.get(code, Parameter.HEAT_CONTENT, period)
        if heat is not None:
            out.heat_content = _per_basis(heat, basis, "GJ")
    if etype.purchased:
        if code == "steam":
            # Steam's CO2 is that of the heat it carries (the guidelines' method).
            factor = lookup.get("heat", Parameter.EMISSION_FACTOR, period)
            if factor is not None:
                out.co2_indirect = factor.row.value * out.heat_content * _scale((factor.row.unit, "GJ"), "t_CO2")
        else:
            factor = lookup.get(code, Parameter.EMISSION_FACTOR, period)
            if factor is not None:
                out.co2_indirect = _per_basis(factor, basis, "t_CO2")
        out.co2_indirect_green = out.co2_indirect
        if code == "electricity":
            green = lookup.get(code, Parameter.EMISSION_FACTOR_GREEN_POWER, period, required=False)
            if green is not None:
                out.co2_indirect_green = _per_basis(green, basis, "t_CO2")
    return out


@lru_cache(maxsize=4096)
def _unit_multiplier(type_code: str, unit_code: str) -> tuple[float, bool]:
    """The factor from a unit to the energy type's basis unit, and whether it is heat for steam."""
    etype = energy_types()[type_code]
    spec = UNIT_SPELLINGS[unit_code.lower()]
    basis = UNIT_SPELLINGS[etype.basis.lower()]
    target = basis.pint_expr
    via_heat = spec.kind == UnitKind.HEAT and basis.kind != UnitKind.HEAT
    if via_heat:
        target = "GJ"  # steam in GJ: to GJ here, to tonnes by heat content later
    return float((_q(spec.pint_expr) / _q(target)).to("dimensionless").magnitude), via_heat


def _present(key: npt.NDArray[np.int64], size: int) -> list[int]:
    """The keys (< size) that occur, ascending: a count over the small key space, not a sort of the records."""
    counts = np.bincount(key.astype(np.intp, copy=False), minlength=size)  # no copy for int64 keys
    present: list[int] = np.flatnonzero(counts).tolist()
    return present


def account(table: ActivityTable, factor_set: FactorSet) -> AccountingResult:
    """Account every record of the table with one factor set. Raises AccountingInputError if
    the set lacks a factor some record needs (naming the first such row); computes nothing then.

    Coefficients live in dense tables over the small (energy type, period) and (energy type, unit) key
    spaces, filled only where records occur; each record picks its coefficient by indexing with its key."""
    n_periods, n_units = len(table.periods), len(table.units)
    n_types = len(table.energy_types)
    tp_key = table.energy_type * n_periods + table.period
    lookup = _Lookup(factor_set)
    coefficients = np.zeros((len(_COLUMNS), n_types * n_periods), dtype=np.float64)
    for key in _present(tp_key, n_types * n_periods):
        type_index, period_index = divmod(key, n_periods)
        lookup.for_type, lookup.period_index = table.energy_types[type_index], period_index
        c = _coefficients(table.energy_types[type_index], table.periods[period_index], lookup)
        coefficients[:, key] = [getattr(c, name) for name in _COLUMNS]
    if lookup.missing:
        raise AccountingInputError(_missing_issues(table, factor_set, lookup.missing))
    tce, tce_equal_value, co2_direct_c, co2_indirect_c, co2_green_c, heat_c = coefficients

    tu_key = table.energy_type * n_units + table.unit
    multiplier = np.zeros(n_types * n_units, dtype=np.float64)
    via_heat = np.zeros(n_types * n_units, dtype=np.bool_)
    for key in _present(tu_key, n_types * n_units):
        type_index, unit_index = divmod(key, n_units)
        multiplier[key], via_heat[key] = _unit_multiplier(table.energy_types[type_index], table.units[unit_index])
    basis_quantity = table.quantity * multiplier[tu_key]
    if via_heat.any():
        needs_heat = via_heat[tu_key]
        heat_content = heat_c[tp_key]
        basis_quantity = np.where(
            needs_heat, basis_quantity / np.where(heat_content > 0, heat_content, 1.0), basis_quantity
        )

    energy = basis_quantity * tce[tp_key]
    energy_equal = basis_quantity * tce_equal_value[tp_key]
    dual_basis = energy if factor_set.dual_control_basis == DualControlBasis.EQUIVALENT else energy_equal
    feedstock = np.where(table.feedstock, dual_basis, 0.0)
    renewable = np.where(table.renewable & ~table.feedstock, dual_basis, 0.0)
    co2_direct = np.where(table.feedstock, 0.0, basis_quantity * co2_direct_c[tp_key])
    indirect_per_basis = (
        np.where(table.green_power, co2_green_c[tp_key], co2_indirect_c[tp_key])
        if table.green_power.any() else co2_indirect_c[tp_key]
    )
    co2_indirect = basis_quantity * indirect_per_basis
    per_record = {
        "energy_tce": energy,
        "energy_tce_equal_value": energy_equal,
        "energy_tce_dual_control": dual_basis - feedstock - renewable,
        "feedstock_tce": feedstock,
        "renewable_tce": renewable,
        "co2_t": co2_direct + co2_indirect,
        "co2_direct_t": co2_direct,
        "co2_indirect_t": co2_indirect,
    }
    return AccountingResult(factor_set.label(), table, per_record, basis_quantity, list(lookup.used.values()))


def _missing_issues(
    table: ActivityTable, factor_set: FactorSet, missing: list[tuple[str, str, Parameter, int]]
) -> list[InputIssue]:
    issues = []
    for for_type, subject, parameter, period_index in missing:
        period_label = table.periods[period_index].label
        mask = (table.period == period_index) & (table.energy_type == table.energy_types.index(for_type))
        first_row = int(table.rows[np.argmax(mask)])
        issues.append(
            InputIssue(
                row_label(first_row),
                "energy_type",
                f"因子集 {factor_set.id} 缺少 {subject} 在 {period_label} 的 {parameter} / "
                f"factor set {factor_set.id} has no {parameter} for {subject} in {period_label}",
            )
        )
    return issues
