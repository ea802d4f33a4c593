"""Chain the change records made before the chain existed, in id order (the order they were made), and
start the chain head at the last of them. Later records are chained as they are saved."""

from typing import Any

from django.db import migrations

from carbonpeak.audit import chain

BATCH = 1000


def chain_existing(apps: Any, schema_editor: Any) -> None:
    record_model = apps.get_model("audit", "ChangeRecord")
    head_model = apps.get_model("audit", "ChainHead")
    db = schema_editor.connection.alias
    records = record_model.objects.using(db)
    prev, seq, batch = chain.GENESIS, 0, []
    for record in records.order_by("id").iterator(chunk_size=BATCH):
        seq += 1
        record.seq, record.prev_hash = seq, prev
        record.record_hash = chain.link_hash(
            {"seq": seq, "at": record.at, "actor_label": record.actor_label, "entity": record.entity,
             "entity_key": record.entity_key, "action": record.action, "before": record.before,
             "after": record.after, "reason": record.reason}, prev)
        prev = record.record_hash
        batch.append(record)
        if len(batch) == BATCH:
            records.bulk_update(batch, ["seq", "prev_hash", "record_hash"])
            batch = []
    records.bulk_update(batch, ["seq", "prev_hash", "record_hash"])
    head_model.objects.using(db).update_or_create(pk=1, defaults={"seq": seq, "hash": prev})


def unchain(apps: Any, schema_editor: Any) -> None:
    apps.get_model("audit", "ChainHead").objects.using(schema_editor.connection.alias).all().delete()
    apps.get_model("audit", "ChangeRecord").objects.using(schema_editor.connection.alias).update(
        seq=None, prev_hash="", record_hash="")


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_chain_records_by_hash"),
    ]

    operations = [
        migrations.RunPython(chain_existing, unchain),
    ]
