"""`carbonpeak audit verify`: 0 and the head when the chain holds, 1 and the first broken link when not."""

from __future__ import annotations

import pytest
from django.db import connection

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.cli import main

pytestmark = pytest.mark.django_db


def test_an_intact_chain_answers_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "verify", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert f"audit chain intact: {ChangeRecord.objects.count()} 条 records" in out


def test_an_edited_row_answers_1_and_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    record = ChangeRecord.objects.create(actor_label="office", entity="observation", entity_key="k/2025",
                                         action="updated", before={"value": 1}, after={"value": 2})
    ChangeRecord.objects.create(actor_label="office", entity="observation", entity_key="k/2026", action="created")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_changerecord SET after = %s WHERE id = %s", ['{"value": 20}', record.pk])
    assert main(["audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert "审计链断裂 / audit chain broken" in err
    assert f"id={record.pk} seq={record.seq}" in err and "observation k/2025" in err
    assert "audit verify" in err  # the progress bar


def test_the_admin_cannot_add_change_or_delete() -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    admin = get_user_model().objects.create_superuser("root", password="x" * 12)
    client = Client()
    client.force_login(admin)
    record = ChangeRecord.objects.create(actor_label="office", entity="observation", entity_key="k", action="created")
    assert client.get("/admin/audit/changerecord/").status_code == 200
    assert client.get(f"/admin/audit/changerecord/{record.pk}/change/").status_code == 200  # a read-only view
    assert client.get("/admin/audit/changerecord/add/").status_code == 403
    assert client.post(f"/admin/audit/changerecord/{record.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post("/admin/audit/changerecord/", {"action": "delete_selected",
                                                      "_selected_action": [record.pk]}).status_code in (200, 302)
    assert ChangeRecord.objects.filter(pk=record.pk).exists()
    assert main(["audit", "verify", "--quiet"]) == 0


def test_no_api_operation_writes_the_audit_trail() -> None:
    from carbonpeak.api import api

    schema = api.get_openapi_schema()
    audit_paths = [p for p in schema["paths"] if "audit" in p or "change" in p.lower()]
    assert audit_paths == []
    assert len(schema["paths"]) > 20  # the rooms' operations are there
