"""Industries and towns keep days and months only (the one rollup definition, issue 21 item 5): the store's
backfill, its rebuild and the data migration leave no industry or town hour; the rollup table is WITHOUT
ROWID on SQLite."""

from __future__ import annotations

import datetime as dt
from importlib import import_module
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, transaction

from carbonpeak.monitoring.figures.energy import current_factors
from carbonpeak.monitoring.models import KeyUnit, Rollup
from carbonpeak.monitoring.readings import rollups
from carbonpeak.monitoring.vocabulary import Grain, Scope
from tests.monitoring.support import T0, assert_rollups_consistent, make_meter, make_unit, records, send

pytestmark = pytest.mark.django_db

WIDE = (Scope.INDUSTRY.value, Scope.TOWN.value)


def _kinds() -> set[tuple[str, str]]:
    return set(Rollup.objects.values_list("scope", "grain").distinct())


def _fed() -> KeyUnit:
    unit = make_unit("U1")
    make_meter(unit, "M1")
    make_meter(unit, "M2", kind="cumulative", role="sub_meter")
    send(records("M1", [10.0 + (i % 5) for i in range(3 * 96)]) + records("M2", [1000.0 + i for i in range(3 * 96)]))
    return unit


def test_a_backfill_sums_industries_and_towns_by_day_and_month_only() -> None:
    _fed()
    assert _kinds() == {("meter", "hour"), ("meter", "day"), ("meter", "month"), ("unit", "hour"), ("unit", "day"),
                        ("unit", "month"), ("industry", "day"), ("industry", "month"), ("town", "day"),
                        ("town", "month")}
    assert_rollups_consistent()


def test_a_rebuild_writes_no_industry_or_town_hour() -> None:
    unit = _fed()
    town_days = sorted(Rollup.objects.filter(scope="town", grain="day").values_list("start", "quantity"))
    with transaction.atomic():
        rollups.rebuild([unit], current_factors())
    assert not Rollup.objects.filter(scope__in=WIDE, grain=Grain.HOUR.value).exists()
    after = sorted(Rollup.objects.filter(scope="town", grain="day").values_list("start", "quantity"))
    assert [s for s, _ in after] == [s for s, _ in town_days]
    assert [q for _, q in after] == pytest.approx([q for _, q in town_days], rel=1e-12)
    assert_rollups_consistent()


def _row(scope: str, key: str, grain: str) -> Rollup:
    return Rollup(scope=scope, key=key, grain=grain, start=dt.datetime.fromtimestamp(T0, dt.UTC),
                  energy_type="electricity", quantity=1.0, unit_of_measure="kWh", tce=0.1, tce_equal_value=0.3,
                  co2_t=0.5, readings=4, factor_set="test")


def test_the_data_migration_deletes_the_stored_industry_and_town_hours_only() -> None:
    migration = import_module("carbonpeak.monitoring.migrations.0003_drop_wide_scope_hours")
    keys = (("meter", "M1"), ("unit", "U1"), ("industry", "26"), ("town", "金山卫镇"))
    Rollup.objects.bulk_create([_row(scope, key, grain) for scope, key in keys for grain in ("hour", "day", "month")])
    migration.drop_wide_scope_hours(apps, SimpleNamespace(connection=connection))
    assert _kinds() == {(s, g) for s in ("meter", "unit", "industry", "town") for g in ("hour", "day", "month")
                        if not (s in WIDE and g == "hour")}


class _Editor:
    """What the migration's remake asks of a schema editor: its connection and `execute`."""

    connection = connection

    def execute(self, sql: str, params: Any = ()) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def _ddl() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [Rollup._meta.db_table])
        return str(cursor.fetchone()[0])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a rowid is SQLite's; PostgreSQL's table is unchanged")
def test_the_sqlite_rollup_table_is_without_rowid_and_the_migration_keeps_its_rows_both_ways() -> None:
    migration = import_module("carbonpeak.monitoring.migrations.0004_rollup_without_rowid")
    assert _ddl().endswith("WITHOUT ROWID")  # a later migration that remade the table would have lost it
    _fed()
    before = sorted(Rollup.objects.values_list("scope", "grain", "key", "start", "energy_type", "quantity"))
    migration.with_rowid(apps, _Editor())
    assert not _ddl().endswith("WITHOUT ROWID")
    assert sorted(Rollup.objects.values_list("scope", "grain", "key", "start", "energy_type", "quantity")) == before
    migration.without_rowid(apps, _Editor())
    assert _ddl().endswith("WITHOUT ROWID")
    assert sorted(Rollup.objects.values_list("scope", "grain", "key", "start", "energy_type", "quantity")) == before
    send(records("M1", [10.0] * 96, start=T0 + 3 * 96 * 900))  # the store still adds to it
    assert_rollups_consistent()
