"""`carbonpeak tokens issue|list|revoke`: the same tokens as the office's page, from the command line."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.cli import main
from carbonpeak.people import tokens
from carbonpeak.people.models import ApiToken


def _tomorrow() -> str:
    return (timezone.localdate() + dt.timedelta(days=1)).isoformat()


def test_issue_prints_the_token_once_on_stdout(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tokens", "issue", "eco", "--name", "nightly", "--expires", _tomorrow()]) == 0
    out, err = capsys.readouterr()
    clear = out.strip()
    assert clear.startswith("cp_") and "只显示这一次" in err and clear not in err
    token = ApiToken.objects.get()
    assert token.digest == ApiToken.digest_of(clear) and token.name == "nightly"
    assert timezone.localtime(token.expires_at).date().isoformat() == _tomorrow()
    assert Client().get("/api/v1/tasks", HTTP_AUTHORIZATION=f"Bearer {clear}").status_code == 200
    record = ChangeRecord.objects.get(entity=tokens.AUDIT_ENTITY, entity_key=str(token.pk))
    assert record.actor is None and record.actor_label.startswith("cli:tokens issue (")


def test_issue_as_json_and_list_never_show_the_digest(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tokens", "issue", "office", "--name", "erp", "--json"]) == 0
    issued = json.loads(capsys.readouterr().out)
    token = ApiToken.objects.get()
    assert issued["id"] == token.pk and issued["user"] == "office" and issued["expires_at"] is None
    assert ApiToken.digest_of(issued["token"]) == token.digest and issued["state"] == "live"
    assert main(["tokens", "list", "--json"]) == 0
    out = capsys.readouterr().out
    assert [row["id"] for row in json.loads(out)] == [token.pk]
    assert token.digest not in out and issued["token"] not in out


@pytest.mark.parametrize(("args", "field"), [
    (["nobody", "--name", "x"], "user"),
    (["eco", "--name", " "], "name"),
    (["eco", "--name", "n" * 101], "name"),
    (["eco", "--name", "x", "--expires", "2001-01-01"], "expires"),
    (["eco", "--name", "x", "--expires", "tomorrow"], "expires"),
])
def test_bad_input_exits_2_naming_the_field(db: None, capsys: pytest.CaptureFixture[str], args: list[str],
                                            field: str) -> None:
    assert main(["tokens", "issue", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{field}: ") and " / " in err
    assert not ApiToken.objects.exists()
    assert not ChangeRecord.objects.filter(entity=tokens.AUDIT_ENTITY).exists()


def test_revoke_refuses_the_token_and_says_so(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    token, clear = tokens.issue(tokens.IssueRequest("eco", "ci"), by=None, actor_label="tests")
    assert main(["tokens", "revoke", str(token.pk)]) == 0
    assert "已吊销 / revoked" in capsys.readouterr().out
    assert Client().get("/api/v1/tasks", HTTP_AUTHORIZATION=f"Bearer {clear}").status_code == 401
    assert main(["tokens", "revoke", str(token.pk)]) == 2
    assert "id: 令牌已吊销" in capsys.readouterr().err
    assert main(["tokens", "revoke", "999999"]) == 2
    assert "id: 没有该令牌" in capsys.readouterr().err
    assert ChangeRecord.objects.filter(entity=tokens.AUDIT_ENTITY, reason="api token revoked").count() == 1
