"""`carbonpeak plan load` given a file it cannot read (a folder, a missing, empty or binary file, YAML nested
thousands deep): a message naming the field and the reason, exit status 2, nothing stored, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from carbonpeak.cli import main
from carbonpeak.plan.models import Plan

Capsys = pytest.CaptureFixture[str]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [("", None, "is a folder"), ("missing.yaml", None, "no such file"), ("empty.yaml", b"", "empty"),
     ("image.yaml", b"\x89PNG\r\n\x1a\n\x00\x00", "not a text file"),
     ("deep.yaml", b"plan: " + b"[" * 5000 + b"]" * 5000, "yaml"), ("dashes.yaml", b"- " * 20_000 + b"x", "yaml")],
)
def test_a_plan_file_that_cannot_be_read_exits_2(db: None, tmp_path: Path, capsys: Capsys, name: str,
                                                 content: bytes | None, reason: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    before = Plan.objects.count()
    assert main(["plan", "load", str(path)]) == 2
    err = capsys.readouterr().err
    assert reason in err and "Traceback" not in err
    assert Plan.objects.count() == before
