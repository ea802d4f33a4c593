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


def _per_basis(factor: Factor, basis: str, target: str) -> float:
    """A factor's value per one basis unit, in the target unit (e.g. kgce/kg → tce per t)."""
    return float((factor.quantity * _q(basis)).to(target).magnitude)


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
            per_unit = ncv.quantity * _q(basis) * carbon.quantity * oxidation.quantity * _q(CO2_PER_C)
            out.co2_direct = float(per_unit.to("t_CO2").magnitude)
    if code == "steam":
        heat = lookup.get(code, Parameter.HEAT_CONTENT, period)
        if heat is not None:
            out.heat_content = _per_basis(heat, basis, "GJ")
    if etype.purchased:
        if code == "steam":
            # Steam's CO2 is that of the heat it carries (the guidelines' method).
            factor = lookup.get("heat", Parameter.EMISSION_FACTOR, period)
            if factor is not None:
                out.co2_indirect = float((factor.quantity * out.heat_content * _q("GJ")).to("t_CO2").magnitude)
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


def _unit_multipliers(
    table: ActivityTable,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """Per (energy type, unit) pair: the factor to the basis unit, and whether it is heat for steam."""
    n_units = len(table.units)
    keys, inverse = np.unique(table.energy_type * n_units + table.unit, return_inverse=True)
    multiplier = np.empty(len(keys), dtype=np.float64)
    via_heat = np.zeros(len(keys), dtype=np.bool_)
    types = energy_types()
    for i, key in enumerate(keys.tolist()):
        type_index, unit_index = divmod(key, n_units)
        etype = types[table.energy_types[type_index]]
        spec = UNIT_SPELLINGS[table.units[unit_index].lower()]
        basis = UNIT_SPELLINGS[etype.basis.lower()]
        target = basis.pint_expr
        if spec.kind == UnitKind.HEAT and basis.kind != UnitKind.HEAT:
            via_heat[i] = True  # steam in GJ: to GJ here, to tonnes by heat content later
            target = "GJ"
        multiplier[i] = float((_q(spec.pint_expr) / _q(target)).to("dimensionless").magnitude)
    return inverse.reshape(-1), multiplier, via_heat


def account(table: ActivityTable, factor_set: FactorSet) -> AccountingResult:
    """Account every record of the table with one factor set. Raises AccountingInputError if
    the set lacks a factor some record needs (naming the first such row); computes nothing then."""
    n_periods = len(table.periods)
    tp_keys, tp_inverse = np.unique(table.energy_type * n_periods + table.period, return_inverse=True)
    tp_inverse = tp_inverse.reshape(-1)
    lookup = _Lookup(factor_set)
    coefficients: list[_Coefficients] = []
    for key in tp_keys.tolist():
        type_index, period_index = divmod(key, n_periods)
        lookup.for_type, lookup.period_index = table.energy_types[type_index], period_index
        coefficients.append(_coefficients(table.energy_types[type_index], table.periods[period_index], lookup))
    if lookup.missing:
        raise AccountingInputError(_missing_issues(table, factor_set, lookup.missing))

    def column(name: str) -> npt.NDArray[np.float64]:
        return np.fromiter((getattr(c, name) for c in coefficients), dtype=np.float64, count=len(coefficients))[
            tp_inverse
        ]

    tu_inverse, multiplier, via_heat = _unit_multipliers(table)
    basis_quantity = table.quantity * multiplier[tu_inverse]
    needs_heat = via_heat[tu_inverse]
    if needs_heat.any():
        heat_content = column("heat_content")
        basis_quantity = np.where(
            needs_heat, basis_quantity / np.where(heat_content > 0, heat_content, 1.0), basis_quantity
        )

    energy = basis_quantity * column("tce")
    energy_equal = basis_quantity * column("tce_equal_value")
    dual_basis = energy if factor_set.dual_control_basis == DualControlBasis.EQUIVALENT else energy_equal
    feedstock = np.where(table.feedstock, dual_basis, 0.0)
    renewable = np.where(table.renewable & ~table.feedstock, dual_basis, 0.0)
    co2_direct = np.where(table.feedstock, 0.0, basis_quantity * column("co2_direct"))
    co2_indirect = basis_quantity * np.where(table.green_power, column("co2_indirect_green"), column("co2_indirect"))
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
