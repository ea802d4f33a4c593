"""The data version: which statements count as writes of which topic, and that a topic moves on when its
transaction commits, not when it rolls back (caching/versions.py)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import transaction

from carbonpeak.caching import versions


@pytest.mark.parametrize(("sql", "topics"), [
    ('INSERT INTO "plan_task" ("number") VALUES (%s)', {"plan"}),
    ('UPDATE "indicators_observation" SET "value" = %s WHERE "id" = %s', {"indicators"}),
    ('DELETE FROM "public_publication" WHERE "id" IN (%s)', {"public"}),
    ("INSERT INTO monitoring_rollup (scope) VALUES (%s) ON CONFLICT (scope) DO UPDATE SET quantity = 1", {"readings"}),
    ("WITH gone AS (DELETE FROM monitoring_reading WHERE meter_id = %s) SELECT 1", {"readings"}),
    ('UPDATE "monitoring_alert" SET "state" = %s', {"monitoring"}),
    ('SELECT "plan_task"."id" FROM "plan_task" FOR UPDATE', set()),
    ('  select * from "plan_task" where "content" = \'UPDATE plan_task\'', set()),
    ('UPDATE "django_session" SET "session_data" = %s WHERE "session_key" = %s', set()),
    ('UPDATE "auth_user" SET "last_login" = %s WHERE "auth_user"."id" = %s', set()),
    ("UPDATE monitoring_meter SET id = id WHERE id IN (%s, %s)", set()),
    ('UPDATE "auth_user" SET "password" = %s WHERE "auth_user"."id" = %s', {"auth"}),
    ("INSERT INTO rollup_delta SELECT * FROM monitoring_rollup", set()),  # a scratch table: no topic
])
def test_a_statement_names_the_topics_it_writes(sql: str, topics: set[str]) -> None:
    assert versions.topics_written(sql) == topics


def _counter(topic: str) -> int:
    rows = versions._rows("default")
    return rows[topic][1] if topic in rows else 0


@pytest.mark.django_db(transaction=True)
def test_a_commit_moves_its_topics_on_and_a_rollback_does_not() -> None:
    before = _counter("auth")
    Group.objects.create(name="committed")  # autocommit: moves on at once
    assert _counter("auth") == before + 1

    with pytest.raises(RuntimeError), transaction.atomic():
        Group.objects.create(name="rolled back")
        raise RuntimeError
    assert _counter("auth") == before + 1

    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint rolled back: its write is gone, and so is its bump
                Group.objects.create(name="inner")
                raise RuntimeError
        except RuntimeError:
            pass
        assert versions.current(versions.PAGES) is None  # no version to key on inside a transaction
    assert _counter("auth") == before + 1

    with transaction.atomic():
        Group.objects.create(name="one")
        Group.objects.filter(name="one").update(name="two")  # QuerySet.update sends no signal: still counted
        Group.objects.bulk_create([Group(name="three"), Group(name="four")])
        assert _counter("auth") == before + 1  # not before the commit
    assert _counter("auth") == before + 2  # once per transaction


@pytest.mark.django_db(transaction=True)
def test_a_version_names_every_topic_asked_and_changes_with_any_of_them() -> None:
    pages = versions.current(versions.PAGES)
    readings = versions.current(versions.only(versions.READINGS))
    assert pages is not None and readings is not None
    assert not {name.split(":")[0] for name, _ in pages} & ({versions.READINGS} | versions.BOOKKEEPING)
    versions.bump([versions.READINGS])
    assert versions.current(versions.PAGES) == pages
    assert versions.current(versions.only(versions.READINGS)) != readings
    versions.bump(["plan"])
    assert versions.current(versions.PAGES) != pages
