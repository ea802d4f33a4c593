"""CO2 of a filing (温室气体排放): direct from fuel combustion, indirect from purchased electricity and heat,
plus process emissions typed by the enterprise.

Pure module (no Django); docs/methodology/enterprise.md ("CO2 of a filing"). The CO2 per unit of each energy
type comes from the accounting engine (the factor set in force in the filing's year); this module only sorts
and subtracts:

- a fuel (combustion) counts direct CO2 on the quantity burnt: filed quantity − feedstock (原料用能, carbon
  that leaves in products is not emitted; the accounting guidelines for industrial enterprises exclude it);
- purchased electricity counts indirect CO2 on the quantity bought from the grid: filed − green power
  (绿电, traded with certificates, counted at zero);
- purchased heat and steam count indirect CO2 on the whole quantity;
- process lines (工业过程排放) are added as typed, each naming its method.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Scope(StrEnum):
    DIRECT = "direct"  # 直接排放: fuel combustion on site
    INDIRECT = "indirect"  # 间接排放: purchased electricity and heat
    NOT_COUNTED = "not_counted"  # neither burnt nor bought as energy


@dataclass(frozen=True)
class EnergyUse:
    energy_type: str
    combustion: bool
    purchased: bool
    quantity: float  # filed, in the unit the coefficient is given for
    co2_t_per_unit: float
    feedstock: float = 0.0  # of a fuel: used as raw material, not burnt
    green_power: float = 0.0  # of electricity: bought as green power


@dataclass(frozen=True)
class ProcessLine:
    source: str  # what emits (e.g. 石灰石分解)
    method: str  # how it was computed (standard, mass balance …)
    co2_t: float


@dataclass(frozen=True)
class EnergyCO2:
    energy_type: str
    scope: Scope
    counted_quantity: float
    co2_t: float


@dataclass(frozen=True)
class Emissions:
    lines: tuple[EnergyCO2, ...]
    process: tuple[ProcessLine, ...]

    def _sum(self, scope: Scope) -> float:
        return sum(line.co2_t for line in self.lines if line.scope is scope)

    @property
    def direct_t(self) -> float:
        return self._sum(Scope.DIRECT)

    @property
    def indirect_t(self) -> float:
        return self._sum(Scope.INDIRECT)

    @property
    def process_t(self) -> float:
        return sum(p.co2_t for p in self.process)

    @property
    def total_t(self) -> float:
        return self.direct_t + self.indirect_t + self.process_t


def scope_of(use: EnergyUse) -> Scope:
    if use.purchased:
        return Scope.INDIRECT
    if use.combustion:
        return Scope.DIRECT
    return Scope.NOT_COUNTED


def counted(use: EnergyUse) -> float:
    """The quantity that emits: burnt (fuels, less feedstock) or bought from the grid (less green power)."""
    scope = scope_of(use)
    if scope is Scope.DIRECT:
        return max(use.quantity - use.feedstock, 0.0)
    if scope is Scope.INDIRECT:
        return max(use.quantity - use.green_power, 0.0)
    return 0.0


def emissions(uses: list[EnergyUse], process: list[ProcessLine]) -> Emissions:
    lines = []
    for use in uses:
        quantity = counted(use)
        lines.append(EnergyCO2(use.energy_type, scope_of(use), quantity, quantity * use.co2_t_per_unit))
    return Emissions(tuple(lines), tuple(process))
