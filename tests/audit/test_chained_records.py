"""Every change record any room makes is chained; the ORM cannot change or delete one; `verify` names the
first record edited, deleted or cut off behind its back (in SQL, as an intruder would)."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from carbonpeak.audit import chain
from carbonpeak.audit.models import ChainHead, ChangeAction, ChangeRecord, ChangeRecordImmutable
from carbonpeak.audit.verify import stored_head, verify

pytestmark = pytest.mark.django_db


def add(key: str, **extra: object) -> ChangeRecord:
    fields: dict[str, object] = {"actor_label": "tests", "entity": "audit.test", "entity_key": key,
                                 "action": ChangeAction.UPDATED, "before": {"v": 1}, "after": {"v": 2.5}, **extra}
    return ChangeRecord.objects.create(**fields)


def sql(statement: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_records_of_the_rooms_and_new_ones_form_one_chain() -> None:
    before = ChangeRecord.objects.count()
    assert before > 0  # the plan, factor sets and demo accounting loaded for the session
    first, second = add("a"), add("b", after={"nested": {"list": [1.0, "x", None, True]}, "big": 1e300})
    assert (second.seq, second.prev_hash) == (first.seq + 1, first.record_hash)  # type: ignore[operator]
    assert stored_head() == chain.Head(second.seq, second.record_hash)  # type: ignore[arg-type]
    assert verify() == (before + 2, None)


def test_a_record_made_inside_a_rolled_back_transaction_leaves_no_gap() -> None:
    head = stored_head()
    with pytest.raises(RuntimeError), transaction.atomic():
        add("gone")
        raise RuntimeError
    assert stored_head() == head
    assert add("kept").seq == head.seq + 1  # type: ignore[union-attr]
    assert verify()[1] is None


def test_the_orm_cannot_change_or_delete_a_record() -> None:
    record = add("a")
    record.reason = "forged"
    with pytest.raises(ChangeRecordImmutable):
        record.save()
    with pytest.raises(ChangeRecordImmutable):
        record.delete()
    with pytest.raises(ChangeRecordImmutable):
        ChangeRecord.objects.filter(pk=record.pk).update(reason="forged")
    with pytest.raises(ChangeRecordImmutable):
        ChangeRecord.objects.filter(pk=record.pk).delete()
    with pytest.raises(ChangeRecordImmutable):
        ChangeRecord.objects.bulk_update([record], ["reason"])
    assert ChangeRecord.objects.get(pk=record.pk).reason == ""


def test_bulk_create_chains_each_record() -> None:
    made = ChangeRecord.objects.bulk_create([ChangeRecord(actor_label="tests", entity="audit.test",
                                                          entity_key=str(i), action="created") for i in range(3)])
    assert [r.seq for r in made] == [made[0].seq, made[0].seq + 1, made[0].seq + 2]  # type: ignore[operator]
    assert verify()[1] is None


def test_the_time_is_the_servers_whatever_the_caller_passes() -> None:
    import datetime as dt

    record = add("a", at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    assert record.at.year > 2000 and verify()[1] is None


def test_an_edited_record_is_named_by_id_time_and_entity() -> None:
    records = [add(k) for k in "abc"]
    sql("UPDATE audit_changerecord SET after = %s WHERE id = %s", ['{"v": 3}', records[1].pk])
    _, broken = verify()
    assert broken is not None and (broken.id, broken.entity, broken.entity_key) == (records[1].pk, "audit.test", "b")
    assert broken.at == chain.timestamp(records[1].at)


def test_an_edited_actor_label_is_named() -> None:
    records = [add(k) for k in "ab"]
    sql("UPDATE audit_changerecord SET actor_label = %s WHERE id = %s", ["someone else", records[0].pk])
    assert verify()[1].id == records[0].pk  # type: ignore[union-attr]


def test_a_deleted_record_is_named_by_the_one_after_it() -> None:
    records = [add(k) for k in "abc"]
    sql("DELETE FROM audit_changerecord WHERE id = %s", [records[1].pk])
    _, broken = verify()
    assert broken is not None and broken.id == records[2].pk


def test_records_deleted_at_the_end_are_caught_by_the_head() -> None:
    records = [add(k) for k in "abc"]
    sql("DELETE FROM audit_changerecord WHERE id >= %s", [records[1].pk])
    _, broken = verify()
    assert broken is not None and broken.id == records[0].pk and "head" in broken.reason_en


def test_records_added_after_the_head_was_read_wait_for_the_next_check() -> None:
    add("a")
    head = ChainHead.objects.get()
    late = add("b")
    sql("UPDATE audit_chainhead SET seq = %s, hash = %s", [head.seq, head.hash])  # as read before "b" came
    assert verify()[1] is None and verify()[0] == late.seq - 1  # type: ignore[operator]


def test_deleting_a_user_keeps_the_chain() -> None:
    from django.contrib.auth import get_user_model

    gone = get_user_model().objects.create_user("leaving", password="x" * 12)
    record = add("a", actor=gone, actor_label="leaving")
    gone.delete()  # the user link empties (SET_NULL); the name at the time stays, hashed
    kept = ChangeRecord.objects.get(pk=record.pk)
    assert kept.actor is None and kept.actor_label == "leaving"
    assert verify()[1] is None
