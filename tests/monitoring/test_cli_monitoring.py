"""`carbonpeak monitoring token issue|revoke`, `monitoring alerts` and `monitoring demo`."""

from __future__ import annotations

import json

import pytest

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.cli import main
from carbonpeak.monitoring.models import Alert, KeyUnit, Meter, Reading, UnitToken
from carbonpeak.monitoring.registry import tokens
from tests.monitoring.support import make_meter, make_unit, records, send

Capsys = pytest.CaptureFixture[str]
pytestmark = pytest.mark.django_db


def test_a_token_is_printed_once_and_only_its_digest_stored(capsys: Capsys) -> None:
    make_unit()
    assert main(["monitoring", "token", "issue", "U1", "--name", "网关 1"]) == 0
    out = capsys.readouterr()
    clear = out.out.strip()
    assert clear.startswith(tokens.PREFIX) and "只显示这一次" in out.err
    token = UnitToken.objects.get()
    assert token.digest == UnitToken.digest_of(clear) and clear not in token.digest
    assert tokens.authenticate(clear) == token
    assert main(["monitoring", "token", "revoke", str(token.pk)]) == 0
    assert tokens.authenticate(clear) is None
    assert main(["monitoring", "token", "revoke", str(token.pk)]) == 1
    assert ChangeRecord.objects.filter(entity=tokens.AUDIT_ENTITY).count() == 2


def test_token_arguments_are_checked(capsys: Capsys) -> None:
    assert main(["monitoring", "token", "issue", "NOPE", "--name", "x"]) == 2
    make_unit()
    assert main(["monitoring", "token", "issue", "U1", "--name", " "]) == 2
    assert main(["monitoring", "token", "revoke", "999"]) == 2
    assert not UnitToken.objects.exists()


def test_alerts_run_as_of_a_time(capsys: Capsys) -> None:
    make_meter(make_unit())
    send(records("M1", [10.0] * 4))
    assert main(["monitoring", "alerts", "--now", "2026-03-05T12:00:00+08:00", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"opened": 1, "kept": 0, "closed": 0}
    assert Alert.objects.get().kind == "silent"
    assert main(["monitoring", "alerts", "--now", "2026-03-05T13:00:00+08:00"]) == 0
    assert "仍存在 kept 1" in capsys.readouterr().out
    assert main(["monitoring", "alerts", "--now", "tomorrow"]) == 2


def test_demo_loads_a_small_fleet_and_again_adds_nothing(capsys: Capsys) -> None:
    assert main(["monitoring", "demo", "--days", "2", "--units", "3"]) == 0
    assert "3 家单位 units" in capsys.readouterr().out
    readings = Reading.objects.count()
    assert KeyUnit.objects.count() == 3 and Meter.objects.count() >= 3 and readings > 3 * 150
    assert main(["monitoring", "demo", "--days", "0"]) == 2


def test_rebuild_gives_the_same_rollups_and_recompute_keeps_them(capsys: Capsys) -> None:
    from carbonpeak.monitoring.vocabulary import Grain, Scope
    from tests.monitoring.support import assert_rollups_consistent, rollup_map

    make_meter(make_unit(), kind="cumulative")
    send(records("M1", [100.0 + 7 * k for k in range(200)], skip=[50, 51]))
    before = {(s, g): rollup_map(s, g) for s in Scope for g in Grain}
    assert main(["monitoring", "rebuild"]) == 0
    assert main(["monitoring", "rebuild", "--unit", "U1"]) == 0
    assert main(["monitoring", "rebuild", "--tce-only"]) == 0
    assert "rebuilt" in capsys.readouterr().out
    after = {(s, g): rollup_map(s, g) for s in Scope for g in Grain}
    assert after.keys() == before.keys()
    for key, rows in before.items():
        assert rows.keys() == after[key].keys()
        for k, (q, *counts) in rows.items():
            assert after[key][k][0] == pytest.approx(q) and list(after[key][k][1:]) == counts
    assert_rollups_consistent()
    assert main(["monitoring", "rebuild", "--unit", "NOPE"]) == 2
