"""The one definition of a rollup (汇总口径): buckets, scopes, measures and coefficients, for every engine.

Pure module (no Django). Three engines sum readings into rollups and must agree to 1e-9:

- the store (`readings/rollups.py`, numpy per batch, by difference, in the Django database);
- DuckDB over a Parquet archive (`archive/duck.py`);
- Apache Spark over the same archive (`archive/spark.py`), on a laptop (local[*]) or a province's cluster.

All three take from here what a rollup is. The store reads `SCOPES` (through `scopes_of` and
`grains_of`) and `GRAINS`; the two SQL engines run the SQL this module writes (`rollup_sql`), which differs between them
only in the four spellings of a `SqlDialect`. The rules (docs/methodology/monitoring.md, "One rollup
definition"):

- **Buckets.** A reading's ts is the END of its interval, so it counts in the local (UTC+8) hour, day
  or month holding ts − 1 s (`rollup_math.bucket_starts`); a bucket is named by the UTC epoch of its
  local start. Hours nest in days and days in months (the offset is whole hours), so the SQL sums
  readings into meter-hours once and every coarser bucket from those.
- **Scopes.** Every meter rolls up for itself; only a `total` meter adds to its unit, its unit's
  industry division (GB/T 4754, two digits) and its town: sub-meters and IT load are inside a total
  meter and would count twice.
- **Grains per scope.** Meters and units keep hours, days and months; industries and towns only days
  and months (`ScopeRule.grains`): no page reads a district-wide hour (the unit page draws a unit's
  hours), and those rows were a third of what a backfill wrote (docs/performance.md).
- **Measures.** `quantity` = Σ trusted energy × `to_basis` (the energy type's basis unit: kWh, m³, t,
  GJ); energy VEE did not trust (NULL or NaN: a spike, out of range, a first register reading, an
  unread fall) adds nothing and counts in `invalid`. `readings` counts measured rows, `estimated` the
  estimate rows. `tce`, `tce_equal_value`, `co2_t` = quantity × the accounting engine's coefficient
  per basis unit of the bucket's local year (a `Coefficient` row each, computed by the Django side
  from the factor set, `figures/energy.py`); `factor_set` names the set.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from carbonpeak.common.localtime import UTC_OFFSET_S
from carbonpeak.monitoring.vocabulary import Grain, MeterRole, Scope

GRAINS: tuple[Grain, ...] = (Grain.HOUR, Grain.DAY, Grain.MONTH)


@dataclass(frozen=True)
class ScopeRule:
    """A rollup scope: the archive column that holds its key, whether only total meters add to it, and the
    grains it is summed at."""

    scope: Scope
    column: str
    totals_only: bool
    grains: tuple[Grain, ...]


# Wide scopes (a division or a town: many units) keep no hours: nothing reads them, and a backfill wrote
# as many industry and town hours as unit hours.
WIDE_GRAINS: tuple[Grain, ...] = (Grain.DAY, Grain.MONTH)
SCOPES: tuple[ScopeRule, ...] = (
    ScopeRule(Scope.METER, "meter", False, GRAINS),
    ScopeRule(Scope.UNIT, "unit", True, GRAINS),
    ScopeRule(Scope.INDUSTRY, "industry", True, WIDE_GRAINS),
    ScopeRule(Scope.TOWN, "town", True, WIDE_GRAINS),
)
_GRAINS_OF = {rule.scope: rule.grains for rule in SCOPES}

# The rollup row, in the order every engine writes it (Parquet from DuckDB or Spark, the store's table).
# `start` is the UTC epoch second of the bucket's local start.
ROLLUP_COLUMNS: tuple[tuple[str, str], ...] = (
    ("scope", "string"), ("key", "string"), ("grain", "string"), ("start", "int64"), ("energy_type", "string"),
    ("unit_of_measure", "string"), ("quantity", "double"), ("tce", "double"), ("tce_equal_value", "double"),
    ("co2_t", "double"), ("readings", "int64"), ("estimated", "int64"), ("invalid", "int64"),
    ("factor_set", "string"),
)
SUMMED = ("quantity", "tce", "tce_equal_value", "co2_t", "readings", "estimated", "invalid")
ROLLUP_KEY = ("scope", "grain", "key", "start", "energy_type")


def scopes_of(role: MeterRole | str, keys: Mapping[str, str]) -> list[tuple[Scope, str]]:
    """(scope, key) pairs a meter's energy is summed into; `keys` maps the SCOPES' columns to values."""
    total = MeterRole(role) is MeterRole.TOTAL
    return [(rule.scope, keys[rule.column]) for rule in SCOPES if total or not rule.totals_only]


def grains_of(scope: Scope | str) -> tuple[Grain, ...]:
    """The grains a scope is summed at (`ScopeRule.grains`)."""
    return _GRAINS_OF[Scope(scope)]


@dataclass(frozen=True)
class Coefficient:
    """One (energy type, unit of measure, local year): to basis units, and per basis unit tce and tCO2."""

    energy_type: str
    unit_of_measure: str
    year: int
    to_basis: float
    basis_unit: str
    tce: float  # 当量值 per basis unit
    tce_equal_value: float  # 等价值 per basis unit
    co2_t: float
    factor_set: str


COEFFICIENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("energy_type", "string"), ("unit_of_measure", "string"), ("year", "int64"), ("to_basis", "double"),
    ("basis_unit", "string"), ("tce", "double"), ("tce_equal_value", "double"), ("co2_t", "double"),
    ("factor_set", "string"),
)


@dataclass(frozen=True)
class SqlDialect:
    """What differs between the SQL engines: the local month of an epoch second, its year, NaN."""

    name: str
    month_start: str  # format with {local}: epoch seconds already shifted to local time → local month start
    year: str  # format with {local}: the local calendar year
    is_nan: str  # format with {x}: true when x is NaN


DUCKDB = SqlDialect(
    "duckdb",
    "CAST(epoch(date_trunc('month', make_timestamp(CAST({local} AS BIGINT) * 1000000))) AS BIGINT)",
    "CAST(year(make_timestamp(CAST({local} AS BIGINT) * 1000000)) AS BIGINT)",
    "isnan({x})",
)
# Spark reads timestamps in the session's zone: its session is built with spark.sql.session.timeZone=UTC
# (archive/spark.py), so the shifted epoch is read as the local wall clock.
SPARK = SqlDialect(
    "spark",
    "CAST(unix_timestamp(trunc(to_date(timestamp_seconds({local})), 'MM')) AS BIGINT)",
    "CAST(year(timestamp_seconds({local})) AS BIGINT)",
    "isnan({x})",
)


def _floor(expr: str, size: int) -> str:
    return f"CAST(FLOOR(({expr}) / {size}.0) AS BIGINT) * {size}"


def rollup_sql(readings: str, coefficients: str, dialect: SqlDialect) -> tuple[str, str]:
    """Two statements: the meter-hours of `readings` (a table or view of the archive schema) and the
    rollups from a view of those meter-hours named `meter_hours`; `coefficients` is a table of
    COEFFICIENT_COLUMNS."""
    off = UTC_OFFSET_S
    last = "(ts - 1)"  # the interval's last instant: a stamp at local midnight closes the day before
    untrusted = f"(energy IS NULL OR {dialect.is_nan.format(x='energy')})"
    keys = ", ".join(f"h.{c}" for c in sorted({rule.column for rule in SCOPES} | {"role", "energy_type",
                                                                                   "unit_of_measure"}))
    hours = (
        f"SELECT {keys}, h.bucket_year, h.hour, "
        f"SUM(CASE WHEN {untrusted} THEN 0.0 ELSE energy * c.to_basis END) AS quantity, "
        "SUM(CASE WHEN estimated THEN 0 ELSE 1 END) AS readings, "
        "SUM(CASE WHEN estimated THEN 1 ELSE 0 END) AS estimated, "
        f"SUM(CASE WHEN {untrusted} THEN 1 ELSE 0 END) AS invalid "
        f"FROM (SELECT r.*, {dialect.year.format(local=f'{last} + {off}')} AS bucket_year, "
        f"{_floor(f'{last} + {off}', 3600)} - {off} AS hour FROM {readings} r) h "
        f"JOIN {coefficients} c ON c.energy_type = h.energy_type AND c.unit_of_measure = h.unit_of_measure "
        "AND c.year = h.bucket_year "
        f"GROUP BY {keys}, h.bucket_year, h.hour"
    )
    bucket = {
        Grain.HOUR: "m.hour",
        Grain.DAY: f"{_floor(f'm.hour + {off}', 86400)} - {off}",
        Grain.MONTH: f"{dialect.month_start.format(local=f'm.hour + {off}')} - {off}",
    }
    # Each meter-hour is counted once per (scope, grain) it belongs to (the scope's own grains only), and all
    # of them are summed by one GROUP BY: one pass (one shuffle on Spark) instead of a query per scope and grain.
    pairs = ", ".join(f"('{r.scope.value}', {'TRUE' if r.totals_only else 'FALSE'}, '{g.value}')"
                      for r in SCOPES for g in r.grains)
    key = " ".join(f"WHEN '{r.scope.value}' THEN m.{r.column}" for r in SCOPES)
    start = " ".join(f"WHEN '{g.value}' THEN {bucket[g]}" for g in GRAINS)
    exploded = (
        f"SELECT s.scope, CASE s.scope {key} END AS key, s.grain, CASE s.grain {start} END AS start, "
        "m.energy_type, m.bucket_year, m.quantity, m.readings, m.estimated, m.invalid "
        f"FROM meter_hours m CROSS JOIN (VALUES {pairs}) AS s(scope, totals_only, grain) "
        f"WHERE NOT s.totals_only OR m.role = '{MeterRole.TOTAL.value}'")
    summed = ("SELECT scope, key, grain, start, energy_type, bucket_year, SUM(quantity) AS quantity, "
              "SUM(readings) AS readings, SUM(estimated) AS estimated, SUM(invalid) AS invalid "
              f"FROM ({exploded}) x GROUP BY scope, key, grain, start, energy_type, bucket_year")
    # The coefficients per basis unit depend on (energy type, year) only: one row of them per pair.
    basis = ("SELECT energy_type, year, MIN(basis_unit) AS basis_unit, MIN(tce) AS tce, "
             "MIN(tce_equal_value) AS tce_equal_value, MIN(co2_t) AS co2_t, MIN(factor_set) AS factor_set "
             f"FROM {coefficients} GROUP BY energy_type, year")
    rollups = (
        "SELECT b.scope, b.key, b.grain, CAST(b.start AS BIGINT) AS start, b.energy_type, "
        "k.basis_unit AS unit_of_measure, CAST(b.quantity AS DOUBLE) AS quantity, "
        "CAST(b.quantity * k.tce AS DOUBLE) AS tce, "
        "CAST(b.quantity * k.tce_equal_value AS DOUBLE) AS tce_equal_value, "
        "CAST(b.quantity * k.co2_t AS DOUBLE) AS co2_t, CAST(b.readings AS BIGINT) AS readings, "
        "CAST(b.estimated AS BIGINT) AS estimated, CAST(b.invalid AS BIGINT) AS invalid, k.factor_set "
        f"FROM ({summed}) b "
        f"JOIN ({basis}) k ON k.energy_type = b.energy_type AND k.year = b.bucket_year"
    )
    return hours, rollups
