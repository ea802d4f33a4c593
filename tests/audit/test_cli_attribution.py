"""Work done from the command line names who ran it: the command and the operating-system user."""

from __future__ import annotations

from pathlib import Path

import pytest

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.cli import main
from carbonpeak.monitoring.models import IngestBatch
from tests.monitoring.support import make_meter, make_unit

pytestmark = pytest.mark.django_db


def test_a_readings_import_names_the_command_and_the_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("USER", "operator7")
    make_meter(make_unit("U1"), "M1")
    data = tmp_path / "r.csv"
    data.write_text("meter,timestamp,value\nM1,2026-03-02T00:15:00+08:00,5\n", encoding="utf-8")
    assert main(["readings", "import", str(data)]) == 0
    assert IngestBatch.objects.get().source == "cli:readings import (operator7)"


def test_a_token_issued_from_the_command_line_names_the_user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("USER", "operator7")
    make_unit("U1")
    assert main(["monitoring", "token", "issue", "U1", "--name", "gateway"]) == 0
    assert ChangeRecord.objects.filter(actor_label="cli:monitoring token issue (operator7)").count() == 1
